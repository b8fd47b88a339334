"""The filters every metric takes, turned into bound SQL predicates (labels: metrics.labels.FILTERS)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

# filter field -> the table it lives on in a query over schools (s) and assessments (a)
_TABLE = {"province": "s", "district": "s", "school_level": "s", "school_year": "a", "assessment_type": "a"}
SCHOOL_FIELDS = ("province", "district", "school_level")


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    district: str | None = None
    school_level: str | None = None
    school_year: str | None = None
    assessment_type: str | None = None

    def sql(self, only: tuple[str, ...] | None = None, alias: str | None = None) -> tuple[str, list]:
        """' AND s.province = ? ...' and its parameters (empty when nothing is chosen).

        `alias` puts every column on one table (the pre-aggregated cubes carry all five)."""
        clauses, params = [], []
        for name, value in asdict(self).items():
            if value is None or (only is not None and name not in only):
                continue
            clauses.append(f"{alias or _TABLE[name]}.{name} = ?")
            params.append(value)
        return "".join(f" AND {c}" for c in clauses), params

    def chosen(self) -> list[tuple[str, str | None]]:
        """(field, value) for every filter, None when not chosen: what a download says it shows."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)]
