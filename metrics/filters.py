"""The filters every metric takes, turned into bound SQL predicates (labels: metrics.labels.FILTERS).

Two ways to look at the schools (issue 11):
- current standing as of a date (the default: `school_year` is None): each school once, by its most
  recent assessment up to that date (assessment_chains.sql: ref_from/ref_until);
- one school year (`school_year` set): each school once by that year's reference assessment
  (external before self), or every assessment of one type when `assessment_type` is chosen.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

# filter field -> the table it lives on in a query over schools (s) and assessments (a)
_TABLE = {"province": "s", "district": "s", "school_level": "s"}
SCHOOL_FIELDS = tuple(_TABLE)
# A school year starts in September (Luật Giáo dục; Bộ GD&ĐT's yearly calendar starts it in early
# September): on 1/12/2026 the school year under way is 2026-2027.
_SCHOOL_YEAR_STARTS_IN_MONTH = 9


def school_year_start(day: date) -> int:
    """The first calendar year of the school year under way on `day`."""
    return day.year if day.month >= _SCHOOL_YEAR_STARTS_IN_MONTH else day.year - 1


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    district: str | None = None
    school_level: str | None = None
    school_year: str | None = None
    assessment_type: str | None = None
    as_of: date | None = None  # None: today

    @property
    def is_standing(self) -> bool:
        return self.school_year is None

    @property
    def day(self) -> date:
        return self.as_of or date.today()

    @property
    def cutoff(self) -> int:
        """Assessments of school years starting up to this year count for the standing."""
        return school_year_start(self.day)

    def sql(self, only: tuple[str, ...] | None = None, alias: str | None = None) -> tuple[str, dict]:
        """' AND s.province = $province ...' and its named parameters. `alias` puts every column on one
        table (the assessments, the pre-aggregated cubes and the plan items carry the school's attributes
        and the standing columns); `only` keeps those school fields and no assessment predicate. The
        parameters are named, so a query may use the same filter on several tables."""
        clauses, params = [], {}
        for name in SCHOOL_FIELDS:
            value = getattr(self, name)
            if value is not None and (only is None or name in only):
                clauses.append(f"{alias or _TABLE[name]}.{name} = ${name}")
                params[name] = value
        if only is None:
            self._assessment_clauses(alias or "a", clauses, params)
        return "".join(f" AND {c}" for c in clauses), params

    def _assessment_clauses(self, alias: str, clauses: list, params: dict) -> None:
        if self.is_standing:
            clauses.append(f"{alias}.ref_from <= $cutoff AND coalesce({alias}.ref_until, 9999) >= $cutoff")
            params["cutoff"] = self.cutoff
            return
        clauses.append(f"{alias}.school_year = $school_year")
        params["school_year"] = self.school_year
        if self.assessment_type is None:
            clauses.append(f"{alias}.is_year_reference")
        else:
            clauses.append(f"{alias}.assessment_type = $assessment_type")
            params["assessment_type"] = self.assessment_type

    def parameters(self) -> dict:
        """What every selection binds besides its filters: the day and its school year."""
        return {"day": self.day, "cutoff": self.cutoff}

    def chosen(self) -> list[tuple[str, str | None]]:
        """(field, value) for every filter, None when not chosen: what a download says it shows."""
        shown = [(f.name, getattr(self, f.name)) for f in fields(self) if f.name not in ("as_of",)]
        if self.is_standing:
            shown = [(name, value) for name, value in shown if name not in ("school_year", "assessment_type")]
            shown.append(("as_of", self.day.strftime("%d/%m/%Y")))
        return shown
