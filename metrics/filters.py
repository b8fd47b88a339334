"""The filters every metric takes, turned into bound SQL predicates (labels: metrics.labels.FILTERS).

Two ways to look at the schools (issue 11):
- current standing as of a date (the default: `school_year` is None): each school once, by its most
  recent assessment up to that date (the chains of assessment_status.sql: ref_from/ref_until);
- one school year (`school_year` set): each school once by that year's reference assessment
  (external before self), or every assessment of one type when `assessment_type` is chosen.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

# filter field -> the table it lives on in a query over schools (s) and assessments (a)
_TABLE = {"province": "s", "district": "s", "school_level": "s"}
SCHOOL_FIELDS = tuple(_TABLE)
_SCOPE = ("communes", "districts", "school_id")  # set by metrics.access.scoped, shown last in a download
# A school year starts in September (Luật Giáo dục; Bộ GD&ĐT's yearly calendar starts it in early
# September): on 1/12/2026 the school year under way is 2026-2027.
_SCHOOL_YEAR_STARTS_IN_MONTH = 9


def school_year_start(day: date) -> int:
    """The first calendar year of the school year under way on `day`."""
    return day.year if day.month >= _SCHOOL_YEAR_STARTS_IN_MONTH else day.year - 1


def standing_on_cutoff(alias: str, chain: str) -> str:
    """The rows of a chain (assessment_status.sql: `ref` for the school, `type` within an assessment type)
    that stand on the school year $cutoff: from their own year to the year before the next (NULL: open)."""
    return f"{alias}.{chain}_from <= $cutoff AND coalesce({alias}.{chain}_until, 9999) >= $cutoff"


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    district: str | None = None
    school_level: str | None = None
    school_year: str | None = None
    assessment_type: str | None = None
    as_of: date | None = None  # None: today
    # The viewer's scope (metrics.access.scoped), never chosen in the sidebar: the schools of these
    # communes or old districts (None: no such limit), and one school (a Trường account's rows).
    communes: frozenset[str] | None = None
    districts: frozenset[str] | None = None
    school_id: str | None = None

    @property
    def below_district(self) -> bool:
        """Narrowed to communes or one school: the pre-aggregated cubes (by district) cannot answer."""
        return self.communes is not None or self.districts is not None or self.school_id is not None

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
        self._equal([n for n in SCHOOL_FIELDS if only is None or n in only], alias, clauses, params)
        self._scope_clauses(alias, clauses, params)
        if only is None:
            self._assessment_clauses(alias or "a", clauses, params)
        return "".join(f" AND {c}" for c in clauses), params

    def every_assessment_sql(self, alias: str) -> tuple[str, dict]:
        """The school fields, and the school year and type when chosen: every assessment they keep,
        not one per school (the assessments table)."""
        clauses, params = [], {}
        self._equal((*SCHOOL_FIELDS, "school_year", "assessment_type"), alias, clauses, params)
        self._scope_clauses(alias, clauses, params)
        return "".join(f" AND {c}" for c in clauses), params

    def _scope_clauses(self, alias: str | None, clauses: list, params: dict) -> None:
        # every table a filter runs over (schools, assessments, plan items) carries school_id; the
        # commune and district are the school's, so the scope is asked of the schools table by id
        if self.communes is not None or self.districts is not None:
            clauses.append(f"{alias or 's'}.school_id IN (SELECT school_id FROM schools WHERE province = $province "
                           "AND (list_contains($scope_communes, commune) OR list_contains($scope_districts, district)))")
            params.update(province=self.province, scope_communes=sorted(self.communes or ()),
                          scope_districts=sorted(self.districts or ()))
        if self.school_id is not None:
            clauses.append(f"{alias or 's'}.school_id = $scope_school")
            params["scope_school"] = self.school_id

    def _equal(self, names, alias: str | None, clauses: list, params: dict) -> None:
        for name in names:
            if getattr(self, name) is not None:
                clauses.append(f"{alias or _TABLE[name]}.{name} = ${name}")
                params[name] = getattr(self, name)

    def _assessment_clauses(self, alias: str, clauses: list, params: dict) -> None:
        if self.is_standing:
            clauses.append(standing_on_cutoff(alias, "ref"))
            params["cutoff"] = self.cutoff
            return
        self._equal(("school_year",), alias, clauses, params)
        if self.assessment_type is None:
            clauses.append(f"{alias}.is_year_reference")
        else:
            self._equal(("assessment_type",), alias, clauses, params)

    def parameters(self) -> dict:
        """What every selection binds besides its filters: the day and its school year."""
        return {"day": self.day, "cutoff": self.cutoff}

    def chosen(self) -> list[tuple[str, str | None]]:
        """(field, value) for every filter, None when not chosen: what a download says it shows."""
        shown = [(f.name, getattr(self, f.name)) for f in fields(self) if f.name not in ("as_of", *_SCOPE)]
        if self.is_standing:
            shown = [(name, value) for name, value in shown if name not in ("school_year", "assessment_type")]
            shown.append(("as_of", self.day.strftime("%d/%m/%Y")))
        return shown + [(name, ", ".join(sorted(value)) if isinstance(value, frozenset) else value)
                        for name in _SCOPE if (value := getattr(self, name)) is not None]
