"""Turn raw template tables into rows of the store's schema, or into issues.

Every check reports file, sheet, row and a fix; nothing is dropped silently.
A batch with any error is not imported at all (see loaders.store).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from loaders import parse
from loaders.columns import (clean_text, combined_codes, map_rows, map_values, parse_column, repeated,
                             report_rows)
from loaders.issues import WARNING, IssueLog
from loaders.spec import RATINGS, SCHOOLS
from loaders.tabular import RawTable
from loaders.validate_plan import KEY, PlanChecks


@dataclass
class Batch:
    """Validated rows of one file, ready for the store."""
    schools: pd.DataFrame = field(default_factory=pd.DataFrame)
    assessments: pd.DataFrame = field(default_factory=pd.DataFrame)
    ratings: pd.DataFrame = field(default_factory=pd.DataFrame)
    level4: pd.DataFrame = field(default_factory=pd.DataFrame)
    plan: pd.DataFrame = field(default_factory=pd.DataFrame)
    conclusions: pd.DataFrame = field(default_factory=pd.DataFrame)

    def counts(self) -> dict[str, int]:
        return {"schools": len(self.schools), "ratings": len(self.ratings),
                "level4": len(self.level4), "plan_items": len(self.plan)}


class Validator(PlanChecks):
    def __init__(self, con: duckdb.DuckDBPyConnection, log: IssueLog):
        self.con = con
        self.log = log
        self.criteria = con.execute(
            "SELECT framework_key, criterion_id, has_level3 FROM criteria").df()
        self.clauses = con.execute("SELECT framework_key, max(clause) AS n FROM level4_clauses GROUP BY 1").df()
        self.level_frameworks = con.execute("SELECT * FROM school_level_frameworks").df()
        self.labels = dict(con.execute("SELECT framework_key, label FROM frameworks").fetchall())

    def run(self, tables: list[RawTable]) -> Batch:
        by_sheet = {t.sheet.key: t for t in tables}
        batch = Batch()
        if "schools" in by_sheet:
            batch.schools = self._schools(by_sheet["schools"])
        known = self._known_schools(batch.schools, [t for key, t in by_sheet.items() if key != "schools"])
        if "ratings" in by_sheet:
            batch.ratings, batch.assessments = self._ratings(by_sheet["ratings"], known)
        linked = [by_sheet[key] for key in ("level4", "plan") if key in by_sheet]
        frameworks = self._frameworks(batch.assessments, linked) if linked else None
        if "level4" in by_sheet:
            batch.level4 = self._level4(by_sheet["level4"], known, frameworks, batch.assessments)
        if "plan" in by_sheet:
            batch.plan = self._plan(by_sheet["plan"], known, frameworks, batch.assessments)
        if "conclusions" in by_sheet:
            batch.conclusions = self._conclusions(by_sheet["conclusions"], known)
        if not tables:
            self.log.error("tệp không có trang nào của mẫu nhập liệu (Trường, Đánh giá, Mức 4, Kế hoạch)")
        return batch

    # ------------------------------------------------------------ schools
    def _schools(self, table: RawTable) -> pd.DataFrame:
        f, sheet = table.frame, table.source
        out = pd.DataFrame({"_row": f["_row"]})
        for key in ("school_id", "name", "province"):
            out[key] = self._required_text(f, key, SCHOOLS, sheet)
        out["school_level"] = parse_column(f, "school_level", parse.parse_school_level, self.log, sheet, "Cấp học")
        for key in ("district", "commune", "school_type"):
            out[key] = clean_text(f[key])
        for key in ("n_classes", "n_students"):
            out[key] = self._optional_int(f, key, SCHOOLS, sheet)
        dup = out["school_id"].notna() & out.duplicated("school_id", keep=False)
        report_rows(self.log, f, dup, sheet, "Mã trường", "mã trường lặp lại trong trang; mỗi trường chỉ một dòng")
        return out

    def _known_schools(self, file_schools: pd.DataFrame, keyed: list[RawTable]) -> pd.DataFrame:
        """School levels for the schools the file's rows name: from its Trường sheet, then the store's
        (looked up for those schools only, not all 45,000 of a national store)."""
        stored = self._stored_for_schools("SELECT school_id, school_level FROM schools", keyed)
        if len(file_schools):
            stored = pd.concat([file_schools[["school_id", "school_level"]], stored]).drop_duplicates("school_id")
        return stored

    def _stored_for_schools(self, query: str, tables: list[RawTable]) -> pd.DataFrame:
        """`query` (over a table with school_id) kept to the schools that `tables` name."""
        ids = [clean_text(t.frame["school_id"]) for t in tables]
        schools = pd.DataFrame({"school_id": pd.concat(ids).dropna().unique().astype(str) if ids else []},
                               dtype=object)
        self.con.register("_named_schools", schools)
        try:
            return self.con.execute(f"{query} SEMI JOIN _named_schools USING (school_id)").df()
        finally:
            self.con.unregister("_named_schools")

    # ------------------------------------------------------------ ratings
    def _ratings(self, table: RawTable, known: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        f, sheet = table.frame, table.source
        out = self._keyed(f, sheet, known)
        label = parse_column(f, "framework", parse.parse_framework_label, self.log, sheet, "Khung tiêu chí", required=False)
        out["framework_key"] = self._framework_key(out, label)
        out["criterion_id"] = parse_column(f, "criterion", parse.parse_criterion, self.log, sheet, "Tiêu chí")
        out["level"] = parse_column(f, "level", parse.parse_level, self.log, sheet, "Mức đạt")
        out["shortfall"] = clean_text(f["shortfall"])
        out = self._check_criteria(out, f, sheet)
        self._check_level3(out, f, sheet)
        self._check_repeats(out, sheet)
        key_codes, _ = combined_codes(*(out[k] for k in KEY + ["framework_key"]))
        first = np.unique(key_codes, return_index=True)[1]
        assessments = out.iloc[first][KEY + ["framework_key", "_row"]].dropna(subset=KEY + ["framework_key"])
        clash = assessments.duplicated(KEY, keep=False)
        report_rows(self.log, assessments, clash, sheet, "Khung tiêu chí",
                    "một trường, năm học và hình thức chỉ được dùng một khung tiêu chí")
        out["source_sheet"] = sheet
        out["source_row"] = out["_row"]
        return out, assessments[KEY + ["framework_key"]].drop_duplicates(KEY)

    def _check_repeats(self, out: pd.DataFrame, sheet: str) -> None:
        """The same criterion twice for one school, year and type is ambiguous: an error naming both rows."""
        codes, _ = combined_codes(*(out[k] for k in KEY + ["criterion_id"]))
        dup = pd.Series(repeated(codes), index=out.index) & out["criterion_id"].notna()

        def message(rows: pd.DataFrame) -> pd.Series:
            # every row of the repeat names all of them: 'đã có ở dòng 2' on row 2 itself would puzzle
            together = rows.groupby(KEY + ["criterion_id"], observed=True, dropna=False)["_row"].transform(
                lambda group: ", ".join(map(str, sorted(group))))
            return ("tiêu chí " + rows["criterion_id"].astype(str) + " được ghi nhiều lần (dòng " + together
                    + ") cho cùng trường, năm học và hình thức; xóa dòng thừa hoặc sửa mã tiêu chí")
        report_rows(self.log, out, dup, sheet, "Tiêu chí", message)

    def _keyed(self, f: pd.DataFrame, sheet: str, known: pd.DataFrame, typed: bool = True) -> pd.DataFrame:
        out = pd.DataFrame({"_row": f["_row"]})
        out["school_id"] = self._required_text(f, "school_id", RATINGS, sheet)
        out["school_year"] = parse_column(f, "school_year", parse.parse_school_year, self.log, sheet, "Năm học")
        if typed:
            out["assessment_type"] = parse_column(f, "assessment_type", parse.parse_assessment_type,
                                                  self.log, sheet, "Hình thức", required=False)
        out["school_level"] = map_values(out["school_id"], dict(zip(known["school_id"].tolist(),
                                                                    known["school_level"].tolist())))
        unknown = out["school_id"].notna() & out["school_level"].isna()
        report_rows(self.log, out, unknown, sheet, "Mã trường", lambda rows: "mã trường " + rows["school_id"].astype(str)
                    + " chưa có trong kho; thêm dòng của trường này vào trang Trường")
        return out

    def _framework_key(self, out: pd.DataFrame, label: pd.Series) -> pd.Series:
        """Explicit framework, else TT57/2026 from 2026-2027 on, else the 2018 circular of the level."""
        table = self.level_frameworks.set_index("school_level")
        by_label = {"17": "TT17_2018_TH", "18": "TT18_2018_THCS_THPT", "19": "TT19_2018_MN"}

        def choose(school_level, school_year, framework_label):
            if school_level not in table.index:
                return None
            fw2026 = table.at[school_level, "framework_2026"]
            if framework_label:
                return fw2026 if framework_label == "57" else by_label[framework_label]
            starts_2026 = school_year is not None and int(school_year[:4]) >= 2026
            return fw2026 if starts_2026 else table.at[school_level, "framework_2018"]
        return map_rows(choose, out["school_level"], out["school_year"], label)

    def _check_criteria(self, out: pd.DataFrame, f: pd.DataFrame, sheet: str) -> pd.DataFrame:
        """A criterion id that the school's framework does not have is an error for that row."""
        known = dict(zip(zip(self.criteria["framework_key"], self.criteria["criterion_id"]),
                         self.criteria["has_level3"]))
        out["has_level3"] = map_rows(lambda framework, criterion: known.get((framework, criterion)),
                                     out["framework_key"], out["criterion_id"])
        bad = out["criterion_id"].notna() & out["framework_key"].notna() & out["has_level3"].isna()
        report_rows(self.log, out, bad, sheet, "Tiêu chí", lambda rows: "tiêu chí " + rows["criterion_id"].astype(str)
                    + " không có trong khung " + rows["framework_key"].map(self.labels).astype(str)
                    + " của trường; kiểm tra lại mã tiêu chí")
        return out

    def _check_level3(self, out: pd.DataFrame, f: pd.DataFrame, sheet: str) -> None:
        capped = out["level"].eq(3) & out["has_level3"].eq(False)
        report_rows(self.log, out, capped, sheet, "Mức đạt",
                    lambda rows: "tiêu chí " + rows["criterion_id"].astype(str)
                    + " không có Mức 3 trong khung; Mức 3 sẽ được tính là Mức 2", severity=WARNING)

    # ------------------------------------------------------------ helpers
    def _required_text(self, f: pd.DataFrame, key: str, sheet_spec, sheet: str) -> pd.Series:
        values = clean_text(f[key])
        report_rows(self.log, f, values.isna(), sheet, sheet_spec.header_of(key),
                    f"thiếu {sheet_spec.header_of(key)} (cột bắt buộc)")
        return values

    def _optional_int(self, f: pd.DataFrame, key: str, sheet_spec, sheet: str) -> pd.Series:
        text = clean_text(f[key])
        values = pd.to_numeric(text, errors="coerce")
        bad = text.notna() & values.isna()
        report_rows(self.log, f, bad, sheet, sheet_spec.header_of(key), "phải là số nguyên")
        return values.astype("Int64")

    def _frameworks(self, assessments: pd.DataFrame, linked: list[RawTable]) -> pd.DataFrame:
        """The framework of every assessment the Mức 4 and plan rows may point to: this file's, then
        the store's for the schools those rows name (not every assessment of a national store)."""
        stored = self._stored_for_schools(f"SELECT {', '.join(KEY)}, framework_key FROM assessments", linked)
        if len(assessments):
            stored = pd.concat([assessments, stored]).drop_duplicates(KEY)
        return stored
