"""Which kinds of file the importer takes, by suffix. Light on purpose (nothing imported): the dashboard's
style sheet names them at start-up, and loaders.import_read would bring python-docx and the readers
(~0.2 s, 133 modules) into every dashboard process."""

TEMPLATE_SUFFIXES = (".xlsx", ".xlsm", ".csv")
DOCUMENT_SUFFIXES = (".docx",)  # and .xlsx files in free layout
READ_SUFFIXES = TEMPLATE_SUFFIXES + DOCUMENT_SUFFIXES
# Kinds the importer cannot read but takes all the same, to refuse with a reason of their own.
UNREAD_REASONS = {".doc": "tệp .doc (Word cũ) không đọc được; hãy mở bằng Word và lưu lại dạng .docx",
                  ".pdf": "tệp PDF (thường là bản scan) không đọc được; hãy gửi bản Word (.docx) hoặc Excel (.xlsx)"}
# What a folder import and the upload page take: the kinds read, then the kinds refused with a reason
# of their own (kept and logged like any file received, and the sender told what to send instead).
FOLDER_SUFFIXES = READ_SUFFIXES + tuple(UNREAD_REASONS)
