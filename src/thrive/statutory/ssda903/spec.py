"""SSDA903 (children looked after) tables, columns and code lists, per collection year.

Sources: DfE "Children looked after return" guidance and the open-source validator
data-to-insight/csc-validator-be-903 (column lists, rule codes); see docs/rules.md.
Collection years are labelled by their end year: 2025 = 1 April 2024 to 31 March 2025.
"""

from __future__ import annotations

from thrive.statutory.codes import ETHNICITY as _DFE_ETHNICITY
from thrive.statutory.reading import TableSpec

RETURN_ID = "ssda903"
YEARS: tuple[int, ...] = (2024, 2025, 2026, 2027)
CHILD = "CHILD"

# Table names as reported in issues (= the generator's file names).
HEADER = "header"
EPISODES = "episodes"
UASC = "uasc"
REVIEWS = "reviews"
AD1 = "ad1"
PLACED_FOR_ADOPTION = "placed_for_adoption"
PREVIOUS_PERMANENCE = "previous_permanence"
MISSING = "missing"
OC2 = "oc2"
OC3 = "oc3"
SOCIAL_WORKER_EPISODES = "social_worker_episodes"
DOLO = "dolo"

_OC2_FLAGS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
OC2_FLAGS = _OC2_FLAGS

HEADER_CSV_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
"""The header CSV's columns (the XML export's HEADER also has UASC)."""

TABLES: dict[str, TableSpec] = {
    # UASC (0/1) is an item of the XML export's HEADER; a CSV header has no such column, and
    # the reader derives it from the UASC table (as the DfE's CSV guidance implies).
    HEADER: TableSpec(
        HEADER,
        ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC"),
        required=HEADER_CSV_COLUMNS,
        dates=("DOB", "MC_DOB"),
        child_column=CHILD,
    ),
    EPISODES: TableSpec(
        EPISODES,
        (
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ),
        dates=("DECOM", "DEC"),
        child_column=CHILD,
    ),
    UASC: TableSpec(UASC, ("CHILD", "SEX", "DOB", "DUC"), dates=("DOB", "DUC"), child_column=CHILD),
    REVIEWS: TableSpec(
        REVIEWS,
        ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
        dates=("DOB", "REVIEW"),
        child_column=CHILD,
    ),
    AD1: TableSpec(
        AD1,
        (
            "CHILD",
            "DOB",
            "DATE_INT",
            "DATE_MATCH",
            "FOSTER_CARE",
            "NB_ADOPTR",
            "SEX_ADOPTR",
            "LS_ADOPTR",
        ),
        dates=("DOB", "DATE_INT", "DATE_MATCH"),
        child_column=CHILD,
    ),
    PLACED_FOR_ADOPTION: TableSpec(
        PLACED_FOR_ADOPTION,
        ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        dates=("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
        child_column=CHILD,
    ),
    PREVIOUS_PERMANENCE: TableSpec(
        PREVIOUS_PERMANENCE,
        ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
        dates=("DOB",),
        child_column=CHILD,
    ),
    MISSING: TableSpec(
        MISSING,
        ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
        dates=("DOB", "MIS_START", "MIS_END"),
        child_column=CHILD,
    ),
    OC2: TableSpec(
        OC2,
        ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", *_OC2_FLAGS),
        dates=("DOB",),
        integers=("SDQ_SCORE",),
        child_column=CHILD,
    ),
    OC3: TableSpec(
        OC3,
        ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
        dates=("DOB",),
        child_column=CHILD,
    ),
    SOCIAL_WORKER_EPISODES: TableSpec(
        SOCIAL_WORKER_EPISODES,
        ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
        dates=("DOB", "SW_DECOM", "SW_DEC"),
        child_column=CHILD,
    ),
    DOLO: TableSpec(
        DOLO,
        ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
        dates=("DOB", "DOLO_START", "DOLO_END"),
        child_column=CHILD,
    ),
}


def tables_for(year: int) -> tuple[str, ...]:
    """The tables of the return in one collection year (DoLo from 2026/27)."""
    names = [name for name in TABLES if name != DOLO]
    if year >= 2027:
        names.append(DOLO)
    return tuple(names)


# --- code lists ---------------------------------------------------------------------------


def sex_codes(year: int) -> frozenset[str]:
    """Child's sex: 1/2 up to 2023/24; M/F/U from 2024/25."""
    return frozenset({"1", "2"}) if year <= 2024 else frozenset({"M", "F", "U"})


def male_code(year: int) -> str:
    return "1" if year <= 2024 else "M"


ETHNIC = _DFE_ETHNICITY
RNE = frozenset({"S", "L", "P", "T", "B", "U"})
CONTINUATION_RNE = frozenset({"L", "P", "T", "B", "U"})
LS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})
RESPITE_LS = frozenset({"V3", "V4"})
CIN = frozenset({"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"})
TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})
ADOPTION_PLACE = frozenset({"A3", "A4", "A5", "A6"})
FOSTER_PLACE = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
_PLACE_BASE = frozenset(
    {
        "A3",
        "A4",
        "A5",
        "A6",
        "H5",
        "K1",
        "K2",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "Z1",
    }
)
_PLACE_2026 = (_PLACE_BASE - {"H5", "P2", "Z1"}) | {"K3", "Z11", "Z12", "Z13", "Z14"}


def place_codes(year: int) -> frozenset[str]:
    """Placement types: 2025/26 drops H5, P2 and Z1 and adds K3 and Z11-Z14."""
    return _PLACE_BASE if year <= 2025 else _PLACE_2026


def other_place(year: int) -> frozenset[str]:
    """'Other' placements that need no provider or URN (Z1; Z11-Z14 from 2025/26)."""
    return frozenset({"Z1"}) if year <= 2025 else frozenset({"Z11", "Z12", "Z13", "Z14"})


def supported_accommodation(year: int) -> frozenset[str]:
    """Supported/semi-independent accommodation (H5; K3 from 2025/26)."""
    return frozenset({"H5"}) if year <= 2025 else frozenset({"K3"})


def no_urn_place(year: int) -> frozenset[str]:
    """Placement types that never have an Ofsted URN."""
    # R1 (care home) and R2 (NHS/health trust) are registered with the CQC, not Ofsted.
    base = {"P1", "P3", "R1", "R2", "R5", *TEMPORARY_PLACE}
    if year <= 2025:
        base |= {"H5", "P2", "Z1"}
    else:
        base |= other_place(year)
    return frozenset(base)


def no_provider_place(year: int) -> frozenset[str]:
    """Placement types for which rule 178 says no placement provider should be given.

    Up to 2024/25: T0-T4 and Z1. The 2025/26 wording lists T0-T3 and Z11-Z14 (T4 no longer
    named, though rules 213 and 526 still treat T4 as having no provider).
    """
    if year <= 2025:
        return frozenset({*TEMPORARY_PLACE, "Z1"})
    return frozenset({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})


PLACE_PROVIDER = frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"})
REC = frozenset(
    {
        "X1",
        "E11",
        "E12",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E13",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E9",
        "E14",
        "E15",
        "E16",
        "E17",
        "E8",
    }
)
ADOPTED_REC = frozenset({"E11", "E12"})
SGO_REC = frozenset({"E45", "E46", "E47", "E48"})
REASON_PLACE_CHANGE = frozenset(
    {
        "CARPL",
        "CLOSE",
        "ALLEG",
        "STAND",
        "APPRR",
        "CREQB",
        "CREQO",
        "CHILD",
        "LAREQ",
        "PLACE",
        "CUSTOD",
        "OTHER",
    }
)
REVIEW_CODE = frozenset({"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"})
SEX_ADOPTR = frozenset({"M1", "F1", "MM", "FF", "MF"})
LS_ADOPTR = frozenset({"L0", "L11", "L12", "L2", "L3", "L4"})
REASON_PLACED_CEASED = frozenset({"RD1", "RD2", "RD3", "RD4"})
PREV_PERM = frozenset({"P1", "P2", "P3", "P4", "Z1"})
MISSING_CODES = frozenset({"M", "A"})
SDQ_REASON = frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"})
IN_TOUCH = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
ACTIV = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"})
ACCOM = frozenset({f"{letter}{digit}" for letter in "BCDEGHKRSTUVWXYZ" for digit in "12"} | {"0"})
SW_REASON = frozenset(
    {
        "MANAGE",
        "FCONTA",
        "LEFTRL",
        "ORGRST",
        "TSPROC",
        "ABSENC",
        "CHCHAN",
        "PCCHAN",
        "SWDIED",
        "OTHERS",
    }
)
UPN_UNKNOWN = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5"})
UPN_PATTERN = r"^[A-HJ-NP-RT-Z][0-9]{3}[0-9]{8}[0-9A-HJ-NP-RT-Z]$"
"""13 characters: check letter (not I, O, S), LA number, 8 digits, final digit or letter."""
