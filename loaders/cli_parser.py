"""The command line speaks Vietnamese too: argparse's own words (usage, section titles, -h, its errors).

Every `python -m loaders` and `python -m metrics` command builds its parser from `VietnameseParser`.
argparse writes its errors in English and offers no catalogue of its own, so the messages it builds are
matched here, as data, and rewritten; a message it builds that no pattern knows is shown as it is.
"""
from __future__ import annotations

import argparse
import re
import sys

USAGE = "cách dùng: "
POSITIONALS = "tham số"
OPTIONALS = "tùy chọn"
HELP = "in hướng dẫn này rồi thoát"

# the placeholder of an option's value in the help (argparse would write the option's English dest)
METAVARS = {
    "--db": "THƯ_MỤC", "--registry": "TỆP_CSV", "--out": "TỆP", "--docx": "TỆP_DOCX",
    "--as-of": "NGÀY", "--year": "NĂM_HỌC", "--type": "LOẠI", "--province": "TỈNH", "--district": "HUYỆN",
    "--commune": "XÃ", "--priority-commune": "XÃ", "--level": "CẤP_HỌC", "--school": "MÃ_TRƯỜNG",
    "--name": "HỌ_TÊN", "--by": "NGƯỜI", "--budget": "SỐ_TIỀN", "--annual": "NĂM=SỐ_TIỀN",
    "--district-cap": "SỐ_TIỀN", "--commune-cap": "SỐ_TIỀN", "--province-cap": "SỐ_TIỀN",
    "--exclude": "NHÓM", "--time-limit": "GIÂY",
}

# argparse's messages (CPython 3.11 Lib/argparse.py), most specific first; the last one catches any
# 'argument X: ...' whose rest is our own Vietnamese (an ArgumentTypeError raised by a type= function)
ERRORS = (
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"không hiểu tham số: \1"),
    (r"one of the arguments (.*) is required", r"cần một trong các tham số: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"tùy chọn \1 không rõ, có thể là: \2"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"tham số \1: \2 không có, chọn một trong: \3"),
    (r"argument (\S+): invalid \S+ value: (.*)", r"tham số \1: giá trị \2 không đọc được"),
    (r"argument (\S+): expected one argument", r"tham số \1: cần một giá trị"),
    (r"argument (\S+): expected at least one argument", r"tham số \1: cần ít nhất một giá trị"),
    (r"argument (\S+): expected at most one argument", r"tham số \1: chỉ nhận tối đa một giá trị"),
    (r"argument (\S+): expected (\d+) arguments?", r"tham số \1: cần \2 giá trị"),
    (r"argument (\S+): ignored explicit argument (.*)", r"tham số \1: không nhận giá trị \2"),
    (r"argument (\S+): not allowed with argument (\S+)", r"tham số \1 không dùng cùng \2"),
    (r"argument (\S+): (.*)", r"tham số \1: \2"),
)
_COMPILED = tuple((re.compile(pattern + "$", re.DOTALL), replacement) for pattern, replacement in ERRORS)


def vietnamese_error(message: str) -> str:
    for pattern, replacement in _COMPILED:
        if pattern.match(message):
            return pattern.sub(replacement, message, count=1)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Vietnamese; its subcommands' parsers are one too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def add_argument(self, *names, **kwargs):
        if "metavar" not in kwargs and "choices" not in kwargs and names and names[-1] in METAVARS:
            kwargs["metavar"] = METAVARS[names[-1]]
        return super().add_argument(*names, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {vietnamese_error(message)}\n")
