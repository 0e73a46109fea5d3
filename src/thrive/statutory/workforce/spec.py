"""Workforce census format: Thrive's own CSV layout modelled on DfE's children's social work
workforce census (staff in post and leavers in the 12 months to 30 September, plus vacancies).

See docs/formats/workforce.md. Years are census years: 2025 = census date 30 September 2025.
"""

from __future__ import annotations

from typing import Final

from thrive.statutory.codes import ETHNICITY as _DFE_ETHNICITY
from thrive.statutory.reading import TableSpec

RETURN_ID: Final = "workforce"
SUPPORTED_YEARS: Final[tuple[int, ...]] = (2023, 2024, 2025, 2026, 2027)

STAFF: Final = "staff"
VACANCIES: Final = "vacancies"
TABLES: Final[tuple[str, ...]] = (STAFF, VACANCIES)

STAFF_COLUMNS: Final = (
    "LA",
    "CensusDate",
    "StaffID",
    "SWENumber",
    "Team",
    "Role",
    "Agency",
    "FTE",
    "StartDate",
    "LeavingDate",
    "ReasonLeaving",
    "CasesHeld",
    "SicknessDays",
    "Gender",
    "DateOfBirth",
    "Ethnicity",
)
VACANCY_COLUMNS: Final = ("LA", "CensusDate", "Team", "Role", "VacantFTE", "CoveredByAgencyFTE")

STAFF_SPEC: Final = TableSpec(
    name=STAFF,
    columns=STAFF_COLUMNS,
    required=STAFF_COLUMNS,
    dates=("CensusDate", "StartDate", "LeavingDate", "DateOfBirth"),
    decimals=("FTE", "CasesHeld", "SicknessDays"),
    child_column="StaffID",
)
VACANCY_SPEC: Final = TableSpec(
    name=VACANCIES,
    columns=VACANCY_COLUMNS,
    required=VACANCY_COLUMNS,
    dates=("CensusDate",),
    decimals=("VacantFTE", "CoveredByAgencyFTE"),
)
SPECS: Final = (STAFF_SPEC, VACANCY_SPEC)

ROLES: Final[dict[str, str]] = {
    "1": "Senior manager",
    "2": "Middle manager",
    "3": "First line manager (team manager)",
    "4": "Senior practitioner",
    "5": "Case holder (social worker)",
    "6": "Qualified social worker not holding cases",
}
AGENCY: Final = frozenset({"0", "1"})
REASONS_LEAVING: Final[dict[str, str]] = {
    "RES": "Resigned",
    "RET": "Retired",
    "DIS": "Dismissed",
    "END": "Fixed term ended",
    "OTH": "Other",
}
GENDERS: Final = frozenset({"M", "F", "U"})
ETHNICITY: Final = _DFE_ETHNICITY
