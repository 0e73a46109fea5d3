"""Calibration parameters for the synthetic councils, with the published figures behind them.

Rates are per 10,000 children aged 0-17 per year unless stated. England figures come from
DfE Explore Education Statistics releases as summarised in the project's domain notes
(docs/synth.md lists each source). The nation distribution is a handful of quantiles of the
2025 LA-level figures in DfE's "Children looked after in England including adoptions"
(26 Nov 2025) and "Characteristics of children in need" (30 Oct 2025) releases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SIZES: Final[dict[str, int]] = {"small": 30_000, "medium": 65_000, "large": 250_000}

ENGLAND_CLA_RATE: Final = 70.0  # CLA per 10k at 31 March 2024 (DfE)
ENGLAND_CP_RATE: Final = 41.0  # 49,420 CP plans at 31 March 2025 / ~12.1m children

# Quantiles (0, 5, 10, 20, ..., 90, 95, 100 %) over England's councils in 2025.
# Population 0-17 = CLA count / CLA rate x 10,000 (151 councils with both published).
NATION_QUANTILES: Final[tuple[float, ...]] = (
    0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0,
)  # fmt: skip
POPULATION_QUANTILES: Final[tuple[float, ...]] = (
    8_000, 28_331, 34_677, 41_667, 46_774, 56_936, 62_529, 68_710, 80_870, 103_913,
    149_074, 178_395, 357_736,
)  # fmt: skip
CLA_RATE_QUANTILES: Final[tuple[float, ...]] = (
    27, 35, 40, 48, 57, 62, 67, 75, 82, 92, 117, 128, 184,
)  # fmt: skip
CP_RATE_QUANTILES: Final[tuple[float, ...]] = (
    13.8, 24.9, 27.6, 31.0, 33.6, 36.5, 40.5, 43.7, 50.6, 55.9, 68.6, 73.1, 98.8,
)  # fmt: skip

REGIONS: Final[tuple[str, ...]] = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
# Councils per region in England (153 in all), used as weights for fictional councils.
REGION_WEIGHTS: Final[tuple[int, ...]] = (12, 24, 15, 10, 14, 11, 33, 19, 15)

# Real DfE LA numbers used as the school LA inside UPNs (a child's school can be anywhere).
UPN_LA_CODES: Final[tuple[str, ...]] = (
    "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212",
    "213", "301", "302", "303", "304", "305", "306", "307", "308", "309", "310", "311",
    "312", "313", "314", "315", "316", "317", "318", "319", "320", "330", "331", "332",
    "333", "334", "335", "336", "340", "341", "342", "343", "344", "350", "351", "352",
    "353", "354", "355", "356", "357", "358", "359", "370", "371", "372", "373", "380",
    "381", "382", "383", "384", "390", "391", "392", "393", "394", "800", "801", "802",
    "803", "805", "806", "807", "808", "810", "811", "812", "813", "815", "816", "821",
    "822", "823", "825", "826", "830", "831", "838", "839", "840", "841",
    "845", "846", "850", "851", "852", "855", "856", "857", "860", "861", "865", "866",
    "867", "868", "869", "870", "871", "872", "873", "874", "876", "877", "878", "879",
    "880", "881", "882", "883", "884", "885", "886", "887", "888", "889", "890", "891",
    "892", "893", "894", "895", "896", "908", "916", "919", "921", "925", "926", "929",
    "931", "933", "935", "936", "937", "938", "940", "941", "942", "943",
)  # fmt: skip

# Councils that made a previous permanence order (LA_PERM). The councils created by the
# 2019-2023 reorganisations (838, 839, 940-943) are left out: their orders are recent and the
# reference validator's rule 633 list predates them.
PERMANENCE_LA_CODES: Final[tuple[str, ...]] = tuple(
    code for code in UPN_LA_CODES if code not in ("838", "839", "940", "941", "942", "943")
)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Journey probabilities and rates; defaults give England-like headline measures."""

    # New children referred per 10k per year (re-referrals come on top).
    new_children_rate: float = 295.0
    sibling_group_share: float = 0.2
    contacts_per_referral: float = 1.6  # contacts that did not lead to a referral
    referral_nfa: float = 0.07
    rereferral_12m: float = 0.38  # chance a closed case is re-referred within 12 months
    rereferral_later: float = 0.12  # chance of a later re-referral (12-36 months)
    assessment_late: float = 0.14  # share of assessments over 45 working days
    assessment_median_wd: float = 30.0
    s47: float = 0.36
    icpc_after_s47: float = 0.38
    icpc_late: float = 0.19  # ICPCs held after 15 working days
    cp_after_icpc: float = 0.88
    cp_median_days: float = 260.0
    cp_length_sigma: float = 0.66  # log-normal spread: England's 4 % of plans ending after 2 years
    earlier_cp_plan: float = 0.15  # first simulated plan already has a previous one
    cin_plan_after_assessment: float = 0.40
    step_down_after_cp: float = 0.6
    # Care entries (scaled by the council's CLA rate / England's).
    cla_from_cp: float = 0.12
    cla_from_cin_plan: float = 0.035
    cla_direct: float = 0.015
    infant_care_factor: float = 10.0  # babies: care straight after referral this many times more
    uasc_rate: float = 4.5  # UASC arrivals per 10k per year
    legacy_cla_rate: float = 17.0  # care entries per 10k per year before the referral stream
    # Placement moves: a Poisson process per period of care whose rate is drawn once per
    # period (gamma, mean 1, shape below: most children settle, a minority move often), higher
    # in the first year (emergency placements give way to planned ones) and for teenagers.
    # Gives England's 1 in 10 with 3+ placements in the year and 68 % long-term stability.
    placement_moves_first_year: float = 1.2
    placement_moves_later: float = 0.17
    placement_instability_shape: float = 0.6
    missing_prone_share: float = 0.27
    # Mean days a social worker stays allocated beyond the first 20 (England: 27 % of
    # children looked after at 31 March had 3 or more social workers in the year).
    social_worker_spell_days: float = 300.0
    review_on_time: float = 0.93
    # Workforce (30 September census).
    caseload_target: float = 16.0
    agency_share: float = 0.2
    vacancy_share: float = 0.15
    turnover_permanent: float = 0.16
    turnover_agency: float = 0.35


DEFAULT_CALIBRATION: Final = Calibration()

COUNCIL_NAME_STEMS: Final[tuple[str, ...]] = (
    "North", "East", "West", "South", "Ash", "Elm", "Oak", "Bram", "Thorn", "Kings", "Queens",
    "Hart", "Fern", "Brook", "Stone", "Mill", "Marsh", "Wold", "Lang", "Red", "White", "Black",
    "Green", "Fox", "Wren", "Holm", "Cold", "Dun", "Hazel", "Rose", "Willow", "Birch", "Lark",
    "Swan", "Heath", "Low", "High", "Long", "Broad", "Mere",
)  # fmt: skip
COUNCIL_NAME_ENDINGS: Final[tuple[str, ...]] = (
    "bridge", "mere", "ford", "field", "ham", "ton", "wick", "bury", "combe", "dale", "ley",
    "worth", "stow", "thorpe", "by", "minster", "haven", "moor", "wood", "gate",
)  # fmt: skip
