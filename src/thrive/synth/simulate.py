"""A seeded simulation of one fictional council's children's journeys.

Children arrive as families (siblings share a journey), are referred, assessed, may go through
section 47 enquiries, conferences and child protection plans, may come into care, return home,
be adopted or leave care at 18, and may be re-referred. Two extra streams give the council a
realistic stock at the start of the window: earlier care entries (so long stays exist) and
unaccompanied asylum-seeking children.

Determinism: every random draw comes from numpy `Generator(PCG64(seed))` objects whose seeds
derive from the council seed; nothing iterates over sets or hash-ordered data.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise

import numpy as np

from thrive.synth.geography import DEMO_HOST, geography
from thrive.synth.model import (
    Adoption,
    Assessment,
    CarePeriod,
    Child,
    CinPlan,
    Contact,
    CpPlan,
    Episode,
    Missing,
    Referral,
    Section47,
    SocialWorkerSpell,
)
from thrive.synth.params import (
    DEFAULT_CALIBRATION,
    PERMANENCE_LA_CODES,
    UPN_LA_CODES,
    Calibration,
)
from thrive.synth.workdays import WorkingDays

Rng = np.random.Generator

LEGACY_YEARS = 16  # care entries simulated before the referral stream begins
STREAM_LEAD_YEARS = 5  # referral stream starts this long before the first collection year

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


# Placements the council's own provision may make outside its boundary: foster care and adoption.
OWN_PROVISION_ANYWHERE = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})


class Choice:
    """Weighted choice over a fixed list of codes, drawn with one uniform number."""

    def __init__(self, items: Sequence[tuple[str, float]]) -> None:
        self.codes = [code for code, _ in items]
        total = sum(weight for _, weight in items)
        self.cumulative = list(accumulate(weight / total for _, weight in items))

    def pick(self, rng: Rng) -> str:
        index = bisect_right(self.cumulative, float(rng.random()))
        return self.codes[min(index, len(self.codes) - 1)]


ETHNICITY = Choice(
    [
        ("WBRI", 66), ("WIRI", 0.5), ("WOTH", 5), ("WIRT", 0.3), ("WROM", 0.7), ("MWBC", 4),
        ("MWBA", 1), ("MWAS", 1), ("MOTH", 3), ("AIND", 1.5), ("APKN", 3), ("ABAN", 1),
        ("AOTH", 1.2), ("BCRB", 1), ("BAFR", 4), ("BOTH", 1), ("CHNE", 0.3), ("OOTH", 3),
        ("REFU", 1), ("NOBT", 1.5),
    ]
)  # fmt: skip
UASC_ETHNICITY = Choice([("OOTH", 35), ("AOTH", 25), ("BAFR", 30), ("BOTH", 10)])
REFERRAL_SOURCE = Choice(
    [
        ("1A", 4), ("1B", 0.5), ("1C", 2), ("1D", 1), ("2A", 19), ("2B", 1), ("3A", 2),
        ("3B", 2), ("3C", 0.5), ("3D", 2), ("3E", 3), ("3F", 5), ("4", 2), ("5A", 3),
        ("5B", 1), ("5C", 3), ("5D", 3), ("6", 29), ("7", 2), ("8", 3), ("9", 1), ("10", 1),
    ]
)  # fmt: skip
PRIMARY_NEED = Choice(
    [("N1", 56), ("N2", 5), ("N3", 3), ("N4", 9), ("N5", 14), ("N6", 2), ("N7", 0.5),
     ("N8", 8.5), ("N9", 2)]
)  # fmt: skip
CATEGORY_OF_ABUSE = Choice([("NEG", 50), ("EMO", 36), ("PHY", 7), ("SAB", 4), ("MUL", 3)])
FACTORS = Choice(
    [
        ("1B", 5), ("2B", 6), ("3A", 5), ("3B", 14), ("4B", 12), ("4A", 5), ("5B", 2),
        ("6B", 2), ("7A", 1), ("10A", 2), ("11A", 1), ("14A", 1), ("15A", 3), ("16A", 6),
        ("17A", 5), ("18B", 1), ("18C", 2), ("19C", 1), ("20", 4), ("24A", 1),
    ]
)  # fmt: skip
DISABILITY = Choice(
    [("MOB", 1), ("HAND", 1), ("PC", 1), ("INC", 1), ("COMM", 2), ("LD", 3), ("HEAR", 1),
     ("VIS", 1), ("BEH", 3), ("CON", 1), ("AUT", 4), ("DDA", 1)]
)  # fmt: skip
PLACE_CHANGE_REASON = Choice(
    [("CARPL", 35), ("CREQB", 15), ("CREQO", 10), ("CHILD", 8), ("LAREQ", 10), ("STAND", 3),
     ("ALLEG", 2), ("CLOSE", 5), ("APPRR", 2), ("OTHER", 10)]
)  # fmt: skip
AGE_AT_REFERRAL = (
    0.10, 0.06, 0.06, 0.06, 0.055, 0.055, 0.055, 0.055, 0.055, 0.055, 0.055, 0.055, 0.06,
    0.065, 0.065, 0.06, 0.05, 0.035,
)  # fmt: skip
AGE_AT_REFERRAL_CUMULATIVE = list(accumulate(w / sum(AGE_AT_REFERRAL) for w in AGE_AT_REFERRAL))
# Why a new social worker episode begins when the worker changes. FCONTA is kept for the
# first allocation of a period of care: it is the one reason DfE lets follow a gap (SW10).
SOCIAL_WORKER_REASONS = Choice(
    [("MANAGE", 25), ("LEFTRL", 35), ("ORGRST", 15), ("TSPROC", 5), ("ABSENC", 5),
     ("CHCHAN", 5), ("PCCHAN", 5), ("OTHERS", 5)]
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CouncilSpec:
    """A fictional council: identity, size and how often its children come into care."""

    code: str
    name: str
    region: str
    population: int
    cla_rate: float = 70.0
    cp_rate: float = 41.0
    postcode_area: str = "NB"
    postcode_la: str = DEMO_HOST  # the real council whose postcodes the council borrows


@dataclass(slots=True)
class CouncilData:
    """Everything simulated for one council."""

    spec: CouncilSpec
    seed: int
    end_year: int
    years: int
    children: list[Child]
    contacts: list[Contact]
    workdays: WorkingDays
    social_worker_pool: list[str] = field(default_factory=list)

    @property
    def collection_years(self) -> list[int]:
        return list(range(self.end_year - self.years + 1, self.end_year + 1))


@lru_cache(maxsize=262_144)
def birthday(dob: int, years: int) -> int:
    """Ordinal of the `years`-th birthday (29 February birthdays fall on 1 March)."""
    born = dt.date.fromordinal(dob)
    try:
        return dt.date(born.year + years, born.month, born.day).toordinal()
    except ValueError:
        return dt.date(born.year + years, 3, 1).toordinal()


def upn_check_letter(body: str) -> str:
    """DfE check letter for the 12 characters after it (weights 2-13, modulus 23)."""
    total = sum(int(char) * weight for weight, char in enumerate(body, start=2))
    return UPN_CHECK_LETTERS[total % 23]


def make_upn(rng: Rng) -> str:
    la_code = UPN_LA_CODES[_randint(rng, 0, len(UPN_LA_CODES))]
    body = la_code + f"{_randint(rng, 0, 10**9):09d}"
    return upn_check_letter(body) + body


class _Simulator:
    def __init__(
        self, spec: CouncilSpec, seed: int, end_year: int, years: int, calibration: Calibration
    ) -> None:
        self.spec = spec
        self.geo = geography(spec.postcode_la)
        self.seed = seed
        self.cal = calibration
        self.end_year = end_year
        self.years = years
        self.window_start = dt.date(end_year - years, 4, 1).toordinal()
        self.horizon = dt.date(end_year, 3, 31).toordinal()
        self.limit = self.horizon + 400  # nothing after this is ever written
        self.stream_start = dt.date(end_year - years - STREAM_LEAD_YEARS, 4, 1).toordinal()
        self.legacy_start = dt.date(
            end_year - years - STREAM_LEAD_YEARS - LEGACY_YEARS, 4, 1
        ).toordinal()
        first_year = end_year - years - STREAM_LEAD_YEARS - LEGACY_YEARS - 19
        # Generous end: rare journeys (care starting near the horizon) run years past it.
        self.workdays = WorkingDays(first_year, end_year + 25)
        self.cla_factor = spec.cla_rate / 70.0
        self.cp_factor = spec.cp_rate / 41.0
        self.children: list[Child] = []
        self.plan_counts: dict[int, int] = {}
        self.family_count = 0
        worker_count = max(4, math.ceil(spec.population * spec.cla_rate / 10_000 / 15 * 1.6))
        self.social_workers = [self.worker_id(n) for n in range(worker_count)]

    def worker_id(self, number: int) -> str:
        return f"SW{int(self.spec.code) % 1000:03d}{number:04d}"

    # --- people -------------------------------------------------------------------------

    def new_child(self, rng: Rng, dob: int, ethnicity: str, postcode: str, sex: str) -> Child:
        number = len(self.children) + 1
        born = dt.date.fromordinal(dob)
        if born.month == 2 and born.day == 29:
            dob -= 1  # leap-day birthdays are counted differently by different tools
        disabled = rng.random() < 0.08
        disabilities = sorted({DISABILITY.pick(rng) for _ in range(1 + int(rng.random() < 0.3))})
        child = Child(
            number=number,
            child_id=f"C{number:07d}",
            sex=sex,
            dob=dob,
            ethnicity=ethnicity,
            upn=make_upn(rng),
            upn_unknown=None,
            disabilities=disabilities if disabled else ["NONE"],
            home_postcode=postcode,
            care_leaver_seed=int(rng.integers(0, 2**31)),
        )
        self.children.append(child)
        return child

    def postcode(self, rng: Rng) -> str:
        """A real home postcode in the council's borrowed geography."""
        return self.geo.home_postcode(rng)

    def placed_inside(self, rng: Rng, place: str, provider: str) -> bool:
        """Whether a new placement is inside the council (England: about 6 in 10 are).

        The council's own provision other than foster care and adoption is inside it (1015).
        """
        if provider == "PR1" and place not in OWN_PROVISION_ANYWHERE:
            return True
        return bool(rng.random() < (0.45 if place == "K2" else 0.65))

    # --- streams --------------------------------------------------------------------------

    def run(self) -> list[Child]:
        rng = np.random.Generator(np.random.PCG64(self.seed))
        scale = self.spec.population / 10_000
        self.referral_stream(rng, scale)
        self.legacy_care_stream(rng, scale)
        self.uasc_stream(rng, scale)
        return self.children

    def arrivals(self, rng: Rng, rate: float, start: int, end: int) -> list[int]:
        count = int(rng.poisson(rate * (end - start) / 365.25))
        return sorted(int(x) for x in rng.integers(start, end + 1, size=count))

    def referral_stream(self, rng: Rng, scale: float) -> None:
        family_rate = self.cal.new_children_rate * scale / 1.27 * (0.75 + 0.25 * self.cp_factor)
        for date in self.arrivals(rng, family_rate, self.stream_start, self.horizon):
            self.family(rng, self.workdays.roll_forward(date))

    def family(self, rng: Rng, referral_date: int) -> None:
        roll = rng.random()
        size = 1 if roll > self.cal.sibling_group_share else (2 if roll > 0.07 else 3)
        age = bisect_right(AGE_AT_REFERRAL_CUMULATIVE, float(rng.random()))
        ethnicity = ETHNICITY.pick(rng)
        postcode = self.postcode(rng)
        if size == 1:
            dob = referral_date - age * 365 - _randint(rng, 1, 364)
            child = self.new_child(rng, dob, ethnicity, postcode, _sex(rng, 0.51))
            self.journeys(child, referral_date, rng)
            return
        # Siblings share one journey: the same random draws from the same starting state.
        journey = np.random.Generator(np.random.PCG64(int(rng.integers(0, 2**63))))
        start_state = journey.bit_generator.state
        for index in range(size):
            sibling_age = age + (0 if index == 0 else _randint(rng, 1, 5) * index)
            if sibling_age > 17:
                break
            dob = referral_date - sibling_age * 365 - _randint(rng, 1, 364)
            child = self.new_child(rng, dob, ethnicity, postcode, _sex(rng, 0.51))
            journey.bit_generator.state = start_state
            self.journeys(child, referral_date, journey)

    def legacy_care_stream(self, rng: Rng, scale: float) -> None:
        rate = self.cal.legacy_cla_rate * scale * self.cla_factor
        for date in self.arrivals(rng, rate, self.legacy_start, self.stream_start - 1):
            age = bisect_right(AGE_AT_REFERRAL_CUMULATIVE, float(rng.random()))
            referral_date = self.workdays.roll_forward(date)
            dob = referral_date - age * 365 - _randint(rng, 1, 364)
            sex = _sex(rng, 0.52)
            child = self.new_child(rng, dob, ETHNICITY.pick(rng), self.postcode(rng), sex)
            self.journeys(child, referral_date, rng, force_care=True)

    def uasc_stream(self, rng: Rng, scale: float) -> None:
        rate = self.cal.uasc_rate * scale
        ages = Choice([("14", 0.1), ("15", 0.25), ("16", 0.4), ("17", 0.25)])
        for date in self.arrivals(rng, rate, self.legacy_start, self.horizon):
            referral_date = self.workdays.roll_forward(date)
            age = int(ages.pick(rng))
            dob = referral_date - age * 365 - _randint(rng, 30, 330)
            child = self.new_child(rng, dob, UASC_ETHNICITY.pick(rng), "", _sex(rng, 0.92))
            child.uasc = True
            child.upn_unknown = "UN2"
            self.journeys(child, referral_date, rng, force_care=True)

    # --- journeys -------------------------------------------------------------------------

    def journeys(self, child: Child, first_date: int, rng: Rng, force_care: bool = False) -> None:
        self._journeys(child, first_date, rng, force_care)
        # An adopted child leaves care for good under this identity: adoption gives the child
        # a new legal identity, so a later return to care is a new child record (DfE 199:
        # "child has been previously adopted from care"). Later periods are dropped after the
        # journey, so every random draw (and so every other child) stays as it was.
        for index, period in enumerate(child.care_periods):
            if period.episodes[-1].reason_ceased in ("E11", "E12"):
                del child.care_periods[index + 1 :]
                break

    def _journeys(self, child: Child, first_date: int, rng: Rng, force_care: bool) -> None:
        date: int | None = first_date
        adult = birthday(child.dob, 18)
        first = True
        while date is not None and date <= self.horizon and date < adult:
            referral = self.referral(child, date, rng, force_care=force_care and first)
            if referral.closure is not None:
                # Nothing on a CIN episode happens after it closes (8565, 8867).
                referral.closure = max(referral.closure, _last_activity(referral))
            child.referrals.append(referral)
            first = False
            closed = referral.closure
            if closed is None or closed >= self.horizon:
                return
            roll = rng.random()
            if roll < self.cal.rereferral_12m:
                gap = 10 + _randint(rng, 0, 300)
            elif roll < self.cal.rereferral_12m + self.cal.rereferral_later:
                gap = 365 + _randint(rng, 0, 800)
            else:
                return
            date = self.workdays.roll_forward(closed + gap)

    def referral(self, child: Child, date: int, rng: Rng, force_care: bool) -> Referral:
        cal = self.cal
        wd = self.workdays
        adult = birthday(child.dob, 18)
        source = "5C" if child.uasc else REFERRAL_SOURCE.pick(rng)
        referral = Referral(
            contact=date - _randint(rng, 0, 3),
            date=date,
            source=source,
            primary_need="N1" if force_care and not child.uasc else PRIMARY_NEED.pick(rng),
            nfa=False,
        )
        if child.uasc:
            referral.primary_need = "N8"
        if not force_care and rng.random() < cal.referral_nfa:
            referral.nfa = True
            referral.closure = date
            referral.closure_reason = "RC7"  # RC8/RC9 need an assessment (8825Q)
            return referral
        start = wd.add(date, _randint(rng, 0, 4))
        if rng.random() < cal.assessment_late:
            duration = _randint(rng, 46, 85)
        else:
            duration = max(1, min(45, int(rng.lognormal(math.log(cal.assessment_median_wd), 0.4))))
        authorised = wd.add(start, duration)
        factors = sorted({FACTORS.pick(rng) for _ in range(1 + _randint(rng, 0, 3))})
        if child.uasc:
            factors = ["9A"]
        assessment = Assessment(start=start, authorised=authorised, factors=factors)
        referral.assessments.append(assessment)
        cla_factor = self.cla_factor
        care_start: int | None = None
        # Babies come into care straight after referral far more often than older children
        # (England: about 1 in 5 care starts is under 1, many at birth).
        direct = cal.cla_direct * cla_factor
        if child.age_on(date) < 1:
            direct *= cal.infant_care_factor
        if force_care or rng.random() < direct:
            care_start = date + _randint(rng, 0, 4)
            if care_start >= adult:
                care_start = date
            end = self.care(child, care_start, rng)
            return self.close_after_care(child, referral, end, rng)
        if rng.random() < cal.s47 * self.cp_factor**0.5:
            s47_start = wd.add(start, int(rng.integers(0, min(6, duration))))
            target = wd.add(s47_start, 15)
            if rng.random() < cal.icpc_after_s47 * self.cp_factor**0.5:
                late = rng.random() < cal.icpc_late
                days = _randint(rng, 16, 36) if late else _randint(rng, 4, 16)
                conference = wd.add(s47_start, days)
                section47 = Section47(s47_start, target, conference, False)
                referral.section47s.append(section47)
                if rng.random() < cal.cp_after_icpc and conference < adult:
                    section47.plan_started = True
                    return self.cp_plan(child, referral, conference, rng)
            else:
                referral.section47s.append(Section47(s47_start, target, None, True))
        if rng.random() < cal.cin_plan_after_assessment:
            return self.cin_plan(child, referral, authorised, rng)
        assessment.needs_support = False
        referral.closure = authorised
        referral.closure_reason = "RC8" if rng.random() < 0.65 else "RC9"
        if referral.section47s:  # RC8 means no further action at all (2990)
            referral.closure_reason = "RC7"
        return referral

    def cp_plan(self, child: Child, referral: Referral, start: int, rng: Rng) -> Referral:
        cal = self.cal
        adult = birthday(child.dob, 18)
        if child.number not in self.plan_counts:
            # Plans before the simulated window or in another council.
            self.plan_counts[child.number] = int(rng.random() < self.cal.earlier_cp_plan)
        previous = self.plan_counts[child.number]
        self.plan_counts[child.number] = previous + 1
        length = max(30, int(rng.lognormal(math.log(cal.cp_median_days), cal.cp_length_sigma)))
        end = start + length
        category = CATEGORY_OF_ABUSE.pick(rng)
        latest = category if rng.random() < 0.85 else CATEGORY_OF_ABUSE.pick(rng)
        plan = CpPlan(start, None, category, latest, previous)
        referral.cp_plans.append(plan)
        care_start: int | None = None
        if rng.random() < cal.cla_from_cp * self.cla_factor:
            care_start = start + max(2, int(length * float(rng.uniform(0.05, 0.9))))
            end = care_start
        end = min(end, adult - 1)
        if end <= start:
            end = start + 1
        plan.end = end
        review = start + 91 - _randint(rng, 0, 30)
        late = rng.random() > 0.94
        while review < min(end, self.limit):
            held = self.workdays.roll_forward(review + (_randint(rng, 5, 30) if late else 0))
            if held >= end:
                break
            plan.reviews.append(held)
            review += 182 - _randint(rng, 0, 40)
            late = rng.random() > 0.96
        if care_start is not None and care_start < adult:
            care_end = self.care(child, care_start, rng)
            return self.close_after_care(child, referral, care_end, rng)
        if rng.random() < cal.step_down_after_cp and end + 30 < adult:
            return self.cin_plan(child, referral, end, rng, allow_care=False)
        referral.closure = end
        referral.closure_reason = "RC7"
        return referral

    def cin_plan(
        self, child: Child, referral: Referral, start: int, rng: Rng, allow_care: bool = True
    ) -> Referral:
        adult = birthday(child.dob, 18)
        start = start + _randint(rng, 0, 5)
        if start >= adult - 2:
            referral.closure = min(start, adult - 1)
            referral.closure_reason = "RC7"
            return referral
        length = 60 + int(rng.gamma(2.0, 110.0))
        end = min(start + length, adult - 1)
        plan = CinPlan(start, end)
        referral.cin_plans.append(plan)
        if allow_care and rng.random() < self.cal.cla_from_cin_plan * self.cla_factor:
            care_start = start + max(1, int((end - start) * float(rng.uniform(0.1, 0.9))))
            if care_start < end:
                plan.end = care_start
                care_end = self.care(child, care_start, rng)
                return self.close_after_care(child, referral, care_end, rng)
        referral.closure = end
        referral.closure_reason = "RC7"
        return referral

    def close_after_care(
        self, child: Child, referral: Referral, care_end: int, rng: Rng
    ) -> Referral:
        period = child.care_periods[-1]
        reason = period.episodes[-1].reason_ceased or ""
        adult = birthday(child.dob, 18)
        if reason in ("E4A", "E4B") and care_end + 40 < adult and rng.random() < 0.6:
            return self.cin_plan(child, referral, care_end, rng, allow_care=False)
        referral.closure = care_end
        referral.closure_reason = {
            "E11": "RC1", "E12": "RC1", "E2": "RC2", "E41": "RC3", "E45": "RC4", "E46": "RC4",
            "E47": "RC4", "E48": "RC4", "E3": "RC5", "E7": "RC6",
        }.get(reason, "RC7")  # fmt: skip
        return referral

    # --- care -------------------------------------------------------------------------------

    def care(self, child: Child, entry: int, rng: Rng) -> int:
        """Simulate one period of care from `entry`; returns the date it ends."""
        adult = birthday(child.dob, 18)
        age = child.age_on(entry)
        if child.uasc:
            pathway = "long"
        elif age < 1:
            pathway = _pick(rng, [("adoption", 0.4), ("sgo", 0.2), ("home", 0.25), ("long", 0.15)])
        elif age < 5:
            pathway = _pick(rng, [("adoption", 0.2), ("sgo", 0.22), ("home", 0.38), ("long", 0.2)])
        elif age < 10:
            pathway = _pick(rng, [("sgo", 0.17), ("home", 0.48), ("long", 0.35)])
        elif age < 16:
            pathway = _pick(rng, [("home", 0.53), ("long", 0.41), ("other", 0.06)])
        else:
            pathway = _pick(rng, [("home", 0.35), ("long", 0.65)])

        adoption: Adoption | None = None
        if pathway == "home":
            end = entry + max(3, int(rng.exponential(220)))
            reason = "E4A" if rng.random() < 0.75 else "E4B"
        elif pathway == "adoption":
            decision = entry + _randint(rng, 120, 300)
            order = decision + _randint(rng, 30, 120)
            matched = order + _randint(rng, 60, 250)
            placed = matched + _randint(rng, 7, 45)
            adopted = placed + _randint(rng, 120, 300)
            adoption = Adoption(decision, order, matched, placed, adopted)
            adoption.foster_carers = rng.random() < 0.15
            couple = rng.random() < 0.85
            adoption.adopters = 2 if couple else 1
            if couple:
                adoption.adopter_sex = _pick(rng, [("MF", 0.85), ("MM", 0.08), ("FF", 0.07)])
                adoption.adopter_legal_status = (
                    _pick(rng, [("L11", 0.75), ("L3", 0.25)])
                    if adoption.adopter_sex == "MF"
                    else _pick(rng, [("L12", 0.5), ("L2", 0.3), ("L4", 0.2)])
                )
            else:
                adoption.adopter_sex = "F1" if rng.random() < 0.85 else "M1"
                adoption.adopter_legal_status = "L0"
            adoption.family_id = f"F{child.number:07d}"
            end = adopted
            reason = "E12" if rng.random() < 0.6 else "E11"
            if rng.random() < 0.1:
                adoption.decision_ceased = decision + _randint(rng, 150, 400)
                adoption.ceased_reason = _pick(
                    rng, [("RD1", 0.3), ("RD2", 0.2), ("RD3", 0.3), ("RD4", 0.2)]
                )
                adoption.matched = adoption.placed = adoption.adopted = None
                if adoption.decision_ceased <= (adoption.placement_order or 0):
                    adoption.placement_order = None
                end = adoption.decision_ceased + _randint(rng, 100, 600)
                reason = _pick(rng, [("E47", 0.5), ("E45", 0.3), ("E41", 0.2)])
        elif pathway == "sgo":
            end = entry + _randint(rng, 300, 1000)
            reason = _pick(
                rng, [("E41", 0.15), ("E45", 0.2), ("E46", 0.05), ("E47", 0.45), ("E48", 0.15)]
            )
        elif pathway == "other":
            end = entry + _randint(rng, 30, 700)
            reason = _pick(
                rng, [("E13", 0.4), ("E3", 0.3), ("E9", 0.1), ("E16", 0.05), ("E8", 0.15)]
            )
        else:
            end = adult
            reason = "E8"
            if rng.random() < (0.1 if child.uasc else 0.15):
                end = entry + _randint(rng, 60, 1500)
                reason = (
                    _pick(rng, [("E15", 0.6), ("E3", 0.4)])
                    if child.uasc
                    else _pick(rng, [("E13", 0.5), ("E3", 0.3), ("E8", 0.2)])
                )
        if end >= adult:
            end = adult
            reason = _pick(
                rng, [("E17", 0.25), ("E5", 0.3), ("E6", 0.05), ("E8", 0.35), ("E7", 0.05)]
            )
            if adoption is not None:
                adoption = None
        if adoption is not None and adoption.adopted is not None and adoption.adopted != end:
            adoption = None
        end = max(end, entry + 1)

        # Legal status changes: (date, status).
        statuses: list[tuple[int, str]] = []
        first = "V2"
        if child.uasc:
            statuses.append((entry, "V2"))
        elif pathway == "home":
            first = _pick(rng, [("V2", 0.7), ("C1", 0.2), ("L1", 0.05), ("J1", 0.05)])
            if first == "J1" and age < 10:
                first = "V2"
            statuses.append((entry, first))
            if first == "L1":
                if end > entry + 3:
                    statuses.append((entry + _randint(rng, 1, 4), "V2"))
            elif first == "C1" and end - entry > 200:
                statuses.append((entry + int(rng.integers(150, min(300, end - entry - 10))), "C2"))
        else:
            first = _pick(rng, [("C1", 0.55), ("V2", 0.35), ("L2", 0.05), ("L1", 0.05)])
            statuses.append((entry, first))
            moment = entry
            if first == "L1":
                moment = entry + _randint(rng, 1, 4)
                statuses.append((moment, "C1"))
            elif first == "L2":
                moment = entry + _randint(rng, 7, 22)
                statuses.append((moment, "C1"))
            elif first == "V2" and rng.random() < 0.3:
                moment = entry + _randint(rng, 60, 200)
                statuses.append((moment, "C1"))
            if statuses[-1][1] == "C1":
                statuses.append((moment + _randint(rng, 120, 300), "C2"))
            if adoption is not None and adoption.placement_order is not None:
                statuses = [s for s in statuses if s[0] < adoption.placement_order]
                statuses.append((adoption.placement_order, "E1"))
                if adoption.decision_ceased is not None:
                    # The placement order is revoked soon after the decision is reversed, so
                    # the decision is not carried into later years (118, 561).
                    revoked = adoption.decision_ceased + _randint(rng, 1, 30)
                    statuses.append((max(revoked, adoption.placement_order + 1), "C2"))
        statuses = [s for s in statuses if s[0] < end]
        if first in ("L1",) and len(statuses) == 1 and end - entry > 3:
            end = entry + _randint(rng, 1, 4)
        if first == "L2" and len(statuses) == 1 and end - entry > 21:
            end = entry + _randint(rng, 2, 22)
        if first == "J1" and len(statuses) == 1:
            reason = "E14" if reason in ("E4A", "E4B") else reason

        # Placements: (date, place, provider, same carer).
        placements: list[tuple[int, str, str, bool]] = []
        place, provider = self.first_placement(rng, age, child.uasc, pathway)
        placements.append((entry, place, provider, False))
        moment = entry
        shape = self.cal.placement_instability_shape
        instability = float(rng.gamma(shape, 1.0 / shape)) * (1.4 if age >= 11 else 0.8)
        while True:
            first_year = moment - entry < 365
            rate = instability * (
                self.cal.placement_moves_first_year
                if first_year
                else self.cal.placement_moves_later
            )
            if rate <= 0:
                break
            moment += max(5, int(rng.exponential(365 / rate)))
            if moment >= min(end - 3, self.limit):
                break
            place, provider = self.next_placement(rng, child.age_on(moment), child.uasc, place)
            placements.append((moment, place, provider, False))
        if adoption is not None and adoption.placed is not None:
            placements = [p for p in placements if p[0] < adoption.placed]
            same = adoption.foster_carers
            placements.append((adoption.placed, "A5" if same else "A6", "PR1", same))
        if pathway == "home" and statuses[-1][1] in ("C1", "C2") and end - entry > 150:
            moment = end - _randint(rng, 30, 120)
            placements = [p for p in placements if p[0] < moment]
            placements.append((moment, "P1", "PR0", False))

        if reason in ("E45", "E46") and placements[-1][1] not in (
            "U1",
            "U2",
            "U3",
            "U4",
            "U5",
            "U6",
        ):
            reason = "E47" if reason == "E45" else "E48"  # SGO to former foster carers (516)
        period = self.build_period(child, entry, end, reason, statuses, placements, rng)
        period.adoption = adoption
        child.care_periods.append(period)
        return end

    def first_placement(self, rng: Rng, age: int, uasc: bool, pathway: str) -> tuple[str, str]:
        if uasc:
            place = _pick(rng, [("U6", 0.65), ("K2", 0.35)])
        elif age < 1:
            place = _pick(
                rng, [("U3", 0.2), ("U6", 0.6), ("U5", 0.2 if pathway == "adoption" else 0)]
            )
        elif age < 11:
            place = _pick(rng, [("U3", 0.22), ("U6", 0.72), ("K2", 0.06 if age >= 8 else 0)])
        else:
            place = _pick(rng, [("U3", 0.12), ("U6", 0.6), ("K2", 0.28)])
        return place, self.provider(rng, place)

    def next_placement(self, rng: Rng, age: int, uasc: bool, current: str) -> tuple[str, str]:
        if age >= 11 and rng.random() < 0.3:
            place = "K2"
        elif current in ("U1", "U2", "U3") and rng.random() < 0.5:
            place = "U1"
        else:
            place = _pick(rng, [("U4", 0.45), ("U6", 0.55)])
        return place, self.provider(rng, place)

    def provider(self, rng: Rng, place: str) -> str:
        if place in ("U1", "U2", "U3"):
            return "PR1"
        if place == "K2":
            return _pick(rng, [("PR1", 0.15), ("PR4", 0.8), ("PR5", 0.05)])
        return _pick(rng, [("PR1", 0.55), ("PR4", 0.4), ("PR5", 0.05)])

    def build_period(
        self,
        child: Child,
        entry: int,
        end: int,
        reason: str,
        statuses: list[tuple[int, str]],
        placements: list[tuple[int, str, str, bool]],
        rng: Rng,
    ) -> CarePeriod:
        need = "N1"
        if child.uasc:
            need = "N8"
        elif child.referrals:
            need = (
                child.referrals[-1].primary_need
                if child.referrals[-1].primary_need != "N9"
                else "N1"
            )
        if need == "N0":
            need = "N1"
        changes = sorted({d for d, _ in statuses} | {d for d, *_ in placements})
        changes = [d for d in changes if d < end]
        episodes: list[Episode] = []
        status_index = 0
        place_index = 0
        # No home postcode for unaccompanied asylum-seeking children: DfE leaves the distance
        # to placement blank for them (406).
        home = "" if child.uasc else (child.home_postcode or self.postcode(rng))
        placement_postcode = ""
        placement_la = ""
        urn = ""
        for moment in changes:
            new_status = False
            new_place = False
            same_carer = False
            while status_index + 1 < len(statuses) and statuses[status_index + 1][0] <= moment:
                status_index += 1
                new_status = True
            while place_index + 1 < len(placements) and placements[place_index + 1][0] <= moment:
                place_index += 1
                new_place = True
                same_carer = placements[place_index][3]
            _, place, provider, _ = placements[place_index]
            if moment == entry:
                rne = "S"
            elif new_status and new_place:
                rne = "U" if same_carer else "B"
            elif new_status:
                rne = "L"
            elif new_place:
                rne = "T" if same_carer else "P"
            else:
                continue
            if moment == entry or new_place:
                if place == "P1":
                    placement_postcode, placement_la, urn = home, self.geo.host, "XXXXXXX"
                elif same_carer and placement_postcode:
                    urn = self.urn(rng, place, provider)
                else:
                    placement_postcode, placement_la = self.geo.placement(
                        rng, self.placed_inside(rng, place, provider)
                    )
                    urn = self.urn(rng, place, provider)
            episodes.append(
                Episode(
                    start=moment,
                    rne=rne,
                    legal_status=statuses[status_index][1],
                    need=need,
                    place=place,
                    provider=provider,
                    home_postcode=home,
                    placement_postcode=placement_postcode,
                    placement_la=placement_la,
                    urn=urn,
                )
            )
        for earlier, later in pairwise(episodes):
            earlier.end = later.start
            earlier.reason_ceased = "X1"
            if later.rne in ("P", "B"):
                earlier.reason_place_change = PLACE_CHANGE_REASON.pick(rng)
                if later.place in ("A5", "A6"):
                    earlier.reason_place_change = "CARPL"
            elif later.rne in ("T", "U"):
                earlier.reason_place_change = "PLACE"
        episodes[-1].end = end
        episodes[-1].reason_ceased = reason
        period = CarePeriod(episodes=episodes)
        # A previous order (P1-P3) always names the council that made it and its date: DfE
        # asks for both whenever PREV_PERM is not Z1 (630). "Unknown" (P4) is not generated.
        roll = rng.random()
        earliest = child.dob + 200
        if roll < 0.87 or entry - 60 <= earliest:
            period.previous_permanence = "Z1"
        else:
            period.previous_permanence = _pick(rng, [("P1", 0.2), ("P2", 0.5), ("P3", 0.3)])
            period.previous_permanence_date = _randint(rng, earliest, entry - 60)
            period.previous_permanence_la = PERMANENCE_LA_CODES[
                _randint(rng, 0, len(PERMANENCE_LA_CODES))
            ]
        period.health_propensity = float(rng.random())
        # Reviews: first within 20 working days, second within 3 months, then 6-monthly.
        wd = self.workdays
        late = rng.random() > self.cal.review_on_time
        review = wd.add(entry, _randint(rng, 21, 30) if late else _randint(rng, 8, 20))
        gap = 91
        while review < min(end, self.limit):
            period.reviews.append(review)
            late = rng.random() > self.cal.review_on_time
            review = wd.roll_forward(
                review + gap - _randint(rng, 0, 25) + (_randint(rng, 5, 40) if late else 0)
            )
            gap = 182
        # Missing and away-without-authorisation episodes for older children.
        age = child.age_on(entry)
        if age >= 11 or child.age_on(end) >= 13:
            prone = rng.random() < self.cal.missing_prone_share * (1.6 if age >= 13 else 1.0)
            if prone:
                moment = max(entry, birthday(child.dob, 11))
                while True:
                    moment += 5 + int(rng.exponential(120))
                    length = _randint(rng, 0, 4)
                    if moment + length >= min(end - 2, self.limit):
                        break
                    kind = "M" if rng.random() < 0.6 else "A"
                    period.missing.append(Missing(kind, moment, moment + length))
                    moment += length
        # Allocated social workers. SW_REASON says why each episode began (DfE carries it
        # with the open episode into the next year, SW16c): FCONTA for the first allocation
        # of a period, later ones the reason the worker changed.
        moment = entry
        cal_sw_days = self.cal.social_worker_spell_days
        worker = self.social_workers[_randint(rng, 0, len(self.social_workers))]
        reason = "FCONTA"
        while True:
            change = moment + 20 + int(rng.exponential(cal_sw_days))
            if change >= end or change > self.limit:
                period.social_workers.append(SocialWorkerSpell(worker, moment, end, reason))
                break
            period.social_workers.append(SocialWorkerSpell(worker, moment, change, reason))
            moment = change
            previous = worker
            worker = self.social_workers[_randint(rng, 0, len(self.social_workers))]
            if worker == previous:  # a change of worker is a different worker
                index = self.social_workers.index(worker)
                worker = self.social_workers[(index + 1) % len(self.social_workers)]
            reason = SOCIAL_WORKER_REASONS.pick(rng)
        return period

    def urn(self, rng: Rng, place: str, provider: str) -> str:
        if place == "K2":
            return f"SC{_randint(rng, 100_000, 999_999):06d}"
        if provider == "PR1":
            return f"SC{int(self.spec.code) % 1000:03d}{int(self.spec.code) % 997:03d}"
        return f"SC{40_000 + _randint(rng, 0, 40):06d}"


def _last_activity(referral: Referral) -> int:
    days = [referral.date]
    days += [a.authorised for a in referral.assessments]
    days += [s.icpc for s in referral.section47s if s.icpc is not None]
    days += [p.end for p in referral.cp_plans if p.end is not None]
    days += [p.end for p in referral.cin_plans if p.end is not None]
    return max(days)


def _randint(rng: Rng, low: int, high: int) -> int:
    """A whole number in [low, high) from one uniform draw (much cheaper than integers())."""
    return low + int(rng.random() * (high - low))


def _sex(rng: Rng, male_share: float) -> str:
    return "M" if rng.random() < male_share else "F"


def _pick(rng: Rng, options: Sequence[tuple[str, float]]) -> str:
    roll = float(rng.random()) * sum(weight for _, weight in options)
    for code, weight in options:
        if roll < weight:
            return code
        roll -= weight
    return options[-1][0]


def simulate_council(
    spec: CouncilSpec,
    *,
    seed: int,
    end_year: int,
    years: int,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> CouncilData:
    """Run the journey simulation for one council over `years` collection years."""
    simulator = _Simulator(spec, seed, end_year, years, calibration)
    children = simulator.run()
    contacts = _contacts(simulator, children, calibration)
    return CouncilData(
        spec=spec,
        seed=seed,
        end_year=end_year,
        years=years,
        children=children,
        contacts=contacts,
        workdays=simulator.workdays,
        social_worker_pool=simulator.social_workers,
    )


def _contacts(simulator: _Simulator, children: list[Child], cal: Calibration) -> list[Contact]:
    """Contacts that did not become referrals, in the Annex A window (12 months to the end)."""
    rng = np.random.Generator(np.random.PCG64([simulator.seed, 5]))
    start = dt.date(simulator.end_year - 1, 4, 1).toordinal()
    end = simulator.horizon
    referrals = sum(1 for child in children for r in child.referrals if start <= r.date <= end)
    count = int(rng.poisson(referrals * cal.contacts_per_referral))
    contacts: list[Contact] = []
    for number in range(1, count + 1):
        date = _randint(rng, start, end + 1)
        age = bisect_right(AGE_AT_REFERRAL_CUMULATIVE, float(rng.random()))
        dob = date - age * 365 - _randint(rng, 1, 364)
        contact = Contact(
            child_id=f"K{number:07d}",
            sex="M" if rng.random() < 0.51 else "F",
            dob=dob,
            ethnicity=ETHNICITY.pick(rng),
            date=date,
            source=REFERRAL_SOURCE.pick(rng),
        )
        if rng.random() < 0.2:
            eh_start = date + _randint(rng, 1, 15)
            eh_end = eh_start + _randint(rng, 10, 60)
            if eh_start <= end:
                contact.early_help = (eh_start, eh_end if eh_end <= end else None)
        contacts.append(contact)
    contacts.sort(key=lambda c: (c.date, c.child_id))
    return contacts
