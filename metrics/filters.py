"""The filters every metric takes, turned into bound SQL predicates."""
from __future__ import annotations

from dataclasses import asdict, dataclass

# filter field -> (column in the school/assessment view, Vietnamese label)
_FIELDS = {
    "province": ("s.province", "Tỉnh/Thành phố"),
    "district": ("s.district", "Quận/Huyện"),
    "school_level": ("s.school_level", "Cấp học"),
    "school_year": ("a.school_year", "Năm học"),
    "assessment_type": ("a.assessment_type", "Hình thức đánh giá"),
}
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
            column = _FIELDS[name][0] if alias is None else f"{alias}.{_FIELDS[name][0].split('.')[1]}"
            clauses.append(f"{column} = ?")
            params.append(value)
        return "".join(f" AND {c}" for c in clauses), params

    def described(self) -> list[tuple[str, str]]:
        """(label, value) pairs written into downloads so a table says what it shows."""
        return [(_FIELDS[name][1], value or "Tất cả") for name, value in asdict(self).items()]
