"""The simulated records: children, their referrals, plans and periods of care.

Dates are `datetime.date` ordinals (int) throughout; `None` means "not happened".
Each record holds everything that ever happens to it; the writers cut views per year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(slots=True)
class Assessment:
    start: int
    authorised: int
    factors: list[str]
    child_seen: bool = True
    needs_support: bool = True


@dataclass(slots=True)
class Section47:
    start: int
    icpc_target: int
    icpc: int | None  # date of the initial child protection conference
    icpc_not_required: bool
    plan_started: bool = False


@dataclass(slots=True)
class CinPlan:
    start: int
    end: int | None


@dataclass(slots=True)
class CpPlan:
    start: int
    end: int | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[int] = field(default_factory=list)
    visits_every_wd: int = 10


@dataclass(slots=True)
class Referral:
    """One CIN episode (CINdetails): referral to closure."""

    contact: int
    date: int
    source: str
    primary_need: str
    nfa: bool
    closure: int | None = None
    closure_reason: str | None = None
    assessments: list[Assessment] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    cin_plans: list[CinPlan] = field(default_factory=list)
    cp_plans: list[CpPlan] = field(default_factory=list)


@dataclass(slots=True)
class Episode:
    """One SSDA903 episode: a stretch of care with one legal status and one placement."""

    start: int
    rne: str
    legal_status: str
    need: str
    place: str
    provider: str
    end: int | None = None
    reason_ceased: str | None = None
    reason_place_change: str | None = None
    home_postcode: str = ""
    placement_postcode: str = ""
    placement_la: str = ""  # DfE LA number (or WAL/SCO/NIR) of the placement's council
    urn: str = ""


@dataclass(slots=True)
class Adoption:
    decision: int  # date the child should be placed for adoption
    placement_order: int | None
    matched: int | None
    placed: int | None
    adopted: int | None
    decision_ceased: int | None = None
    ceased_reason: str | None = None
    foster_carers: bool = False
    adopters: int = 2
    adopter_sex: str = "MF"
    adopter_legal_status: str = "L11"
    family_id: str = ""


@dataclass(slots=True)
class Missing:
    kind: str  # M missing, A away without authorisation
    start: int
    end: int


@dataclass(slots=True)
class SocialWorkerSpell:
    worker: str
    start: int
    end: int | None
    reason: str  # why this worker's episode began (SW_REASON)


@dataclass(slots=True)
class CarePeriod:
    """A period of care: a chain of episodes linked by X1."""

    episodes: list[Episode]
    previous_permanence: str = "Z1"
    previous_permanence_date: int | None = None
    previous_permanence_la: str = ""  # DfE LA number of the council that made the order
    missing: list[Missing] = field(default_factory=list)
    reviews: list[int] = field(default_factory=list)
    adoption: Adoption | None = None
    social_workers: list[SocialWorkerSpell] = field(default_factory=list)
    health_propensity: float = 0.5

    @property
    def start(self) -> int:
        return self.episodes[0].start

    @property
    def end(self) -> int | None:
        return self.episodes[-1].end


@dataclass(slots=True)
class Child:
    number: int
    child_id: str
    sex: str  # M or F
    dob: int
    ethnicity: str
    upn: str | None
    upn_unknown: str | None
    disabilities: list[str]
    home_postcode: str
    referrals: list[Referral] = field(default_factory=list)
    care_periods: list[CarePeriod] = field(default_factory=list)
    uasc: bool = False
    care_leaver_seed: int = 0
    mother: bool = False

    def age_on(self, ordinal: int) -> int:
        """Whole years of age on a date."""
        return _age(self.dob, ordinal)


@dataclass(slots=True)
class Contact:
    """A contact that did not lead to a referral (Annex A list 1 only)."""

    child_id: str
    sex: str
    dob: int
    ethnicity: str
    date: int
    source: str
    early_help: tuple[int, int | None] | None = None


@lru_cache(maxsize=262_144)
def _age(dob: int, on: int) -> int:
    born = dt.date.fromordinal(dob)
    day = dt.date.fromordinal(on)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
