"""Validation findings: every rejected or doubtful value, with where it came from."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ERROR = "Lỗi"
WARNING = "Cảnh báo"
ISSUE_COLUMNS = ["file", "sheet", "row", "column", "severity", "message"]


@dataclass
class IssueLog:
    """Collects issues for one file; row-level issues may arrive as whole frames."""

    file: str
    _frames: list[pd.DataFrame] = field(default_factory=list)
    # (school_id, label) of close registry entries when a document's school is uncertain
    school_candidates: list[tuple[str, str]] = field(default_factory=list)
    # number, place and date read from a document's letterhead
    identity: dict = field(default_factory=dict)

    def add(self, severity: str, message: str, sheet: str = "", row: int | None = None,
            column: str = "") -> None:
        self._frames.append(pd.DataFrame([{
            "file": self.file, "sheet": sheet, "row": row, "column": column,
            "severity": severity, "message": message}]))

    def error(self, message: str, **where) -> None:
        self.add(ERROR, message, **where)

    def warning(self, message: str, **where) -> None:
        self.add(WARNING, message, **where)

    def extend(self, other: IssueLog) -> None:
        """The issues another log found for the same file (the reader's child process)."""
        self._frames.extend(other._frames)

    def add_rows(self, severity: str, sheet: str, column: str, rows: pd.Series,
                 messages: pd.Series | str) -> None:
        """Add one issue per row of a vectorised check."""
        if len(rows) == 0:
            return
        frame = pd.DataFrame({"row": rows.to_numpy()})
        frame["message"] = messages.to_numpy() if isinstance(messages, pd.Series) else messages
        frame["file"], frame["sheet"], frame["column"], frame["severity"] = (
            self.file, sheet, column, severity)
        self._frames.append(frame[ISSUE_COLUMNS])

    def frame(self) -> pd.DataFrame:
        if not self._frames:
            return pd.DataFrame(columns=ISSUE_COLUMNS)
        issues = pd.concat(self._frames, ignore_index=True)
        issues["row"] = issues["row"].astype("Int64")
        return issues

    def count(self, severity: str) -> int:
        return sum(int((f["severity"] == severity).sum()) for f in self._frames)

    @property
    def has_errors(self) -> bool:
        return self.count(ERROR) > 0


def describe(issue: pd.Series) -> str:
    """One line an official can act on: 'Đánh giá, dòng 12, cột Mức đạt: ...'."""
    where = [issue["sheet"]] if issue["sheet"] else []
    if pd.notna(issue["row"]):
        where.append(f"dòng {int(issue['row'])}")
    if issue["column"]:
        where.append(f"cột {issue['column']}")
    prefix = ", ".join(where)
    return f"{issue['severity']}: {prefix + ': ' if prefix else ''}{issue['message']}"
