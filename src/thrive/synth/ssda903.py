"""SSDA903 tables for one collection year, cut from the simulated journeys.

Column names follow DfE's SSDA903 CSV layout as used by the data-to-insight 903 validator
(`lac_validator/config.py`); dates are dd/mm/yyyy; SEX is 1/2 up to the 2023/24 collection
(end year 2024) and M/F from 2024/25.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Final

import numpy as np

from thrive.synth.model import CarePeriod, Child
from thrive.synth.simulate import CouncilData, birthday
from thrive.synth.tables import Table, collection_window, uk_date, uk_or_blank

COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "ad1": (
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "placed_for_adoption": (
        "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
    ),
    "previous_permanence": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "oc2": (
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
        "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "social_worker_episodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}  # fmt: skip
TABLE_NAMES: Final = tuple(COLUMNS)
RETURN_ID: Final = "ssda903"


def sex_code(sex: str, year: int) -> str:
    """SSDA903 SEX: 1 male / 2 female up to end year 2024, M/F/U from 2025."""
    if year <= 2024:
        return {"M": "1", "F": "2"}[sex]
    return sex


def upn_value(child: Child, on: int) -> str:
    """The UPN, or UN1 before school age (born after 31 August four years before `on`'s year)."""
    if child.upn_unknown:
        return child.upn_unknown
    school_age_cutoff = dt.date(dt.date.fromordinal(on).year - 4, 8, 31).toordinal()
    if child.dob > school_age_cutoff or child.upn is None:
        return "UN1"
    return child.upn


def _overlaps(start: int, end: int | None, window_start: int, window_end: int) -> bool:
    return start <= window_end and (end is None or end >= window_start)


def _in_care_on(child: Child, day: int) -> CarePeriod | None:
    for period in child.care_periods:
        end = period.end
        if period.start <= day and (end is None or end > day):
            return period
    return None


def _ceased_on_or_after(child: Child, day: int) -> bool:
    """Looked after on `day` or later (a period ending on `day` ceased on the birthday)."""
    return any(p.end is None or p.end >= day for p in child.care_periods)


def first_child_dob(child: Child) -> int | None:
    """Birth date of a looked-after girl's own first child, if she has one (about 3 %)."""
    if child.sex != "F":
        return None
    rng = np.random.Generator(np.random.PCG64([child.care_leaver_seed, 4]))
    if rng.random() >= 0.03:
        return None
    return birthday(child.dob, 15) + int(rng.integers(0, 3 * 365))


def _motherhood(child: Child, periods: list[CarePeriod], end: int) -> tuple[str, str]:
    """MOTHER and MC_DOB for a header row.

    Every girl looked after in the year has MOTHER completed, whatever her age (393, 607);
    a care leaver not looked after in the year has it blank (628). A few girls of 14+ have
    a child of their own: MOTHER 1 from the year of that birth (626), MC_DOB on or before the
    end of the year and the day she ceased care (625). Once recorded, MC_DOB stays the same
    in later returns (624), also for a care leaver whose MOTHER is then blank.
    """
    if child.sex != "F":
        return "", ""
    born = first_child_dob(child)
    if not periods:
        ended = [p.end for p in child.care_periods if p.end is not None and p.end <= end]
        recorded = born is not None and bool(ended) and born <= max(ended)
        return "", uk_date(born) if recorded and born is not None else ""
    if born is None or born > end:
        return "0", ""
    last_end = max((p.end if p.end is not None else end) for p in periods)
    if born > last_end:
        return "0", ""
    return "1", uk_date(born)


def care_leaver_eligible(child: Child) -> bool:
    """Looked after 13+ weeks since 14 and still in care on or after the 16th birthday."""
    fourteen = birthday(child.dob, 14)
    sixteen = birthday(child.dob, 16)
    days = 0
    in_care_at_16 = False
    for period in child.care_periods:
        end = period.end if period.end is not None else 10**7
        overlap = min(end, birthday(child.dob, 18)) - max(period.start, fourteen)
        days += max(0, overlap)
        if end > sixteen and period.start < birthday(child.dob, 18):
            in_care_at_16 = True
    last_reason = child.care_periods[-1].episodes[-1].reason_ceased if child.care_periods else None
    if last_reason in ("E3", "E15", "E16", "E2"):  # transferred, adult, abroad, died (1011)
        return False
    return in_care_at_16 and days >= 91


def in_return(child: Child, year: int) -> bool:
    """Whether the child has any row in the SSDA903 return for `year`."""
    start, end = collection_window(year)
    if any(_overlaps(p.start, p.end, start, end) for p in child.care_periods):
        return True
    if care_leaver_eligible(child) and _in_care_on(child, end) is None:
        return any(start <= birthday(child.dob, age) <= end for age in range(17, 22))
    return False


def build_tables(data: CouncilData, year: int) -> dict[str, Table]:
    """All SSDA903 tables for the collection year ending 31 March `year`."""
    start, end = collection_window(year)
    tables = {name: Table(name, columns) for name, columns in COLUMNS.items()}
    header_children: list[Child] = []
    for child in data.children:
        if not child.care_periods:
            continue
        dob = uk_date(child.dob)
        in_header = False
        periods = [p for p in child.care_periods if _overlaps(p.start, p.end, start, end)]
        for period in periods:
            in_header = True
            _episode_rows(tables["episodes"], child, period, start, end, year)
            _period_rows(tables, child, period, dob, start, end, year)
        if periods:
            _social_worker_rows(tables["social_worker_episodes"], child, dob, start, end)
        # OC3: care leavers whose 17th to 21st birthday falls in the year.
        # Care leaver data never sits with a child looked after at 31 March (rule 187).
        if care_leaver_eligible(child) and _in_care_on(child, end) is None:
            for age in range(17, 22):
                day = birthday(child.dob, age)
                # Looked after on the 17th/18th birthday, or ceasing on or after it: no care
                # leaver data for that birthday (1007, 1016).
                if start <= day <= end and not (age <= 18 and _ceased_on_or_after(child, day)):
                    row = _oc3_row(child, age, day, data.seed)
                    tables["oc3"].add([child.child_id, dob, *row], child.child_id, age=age)
                    in_header = True
        if in_header:
            header_children.append(child)
            mother, mc_dob = _motherhood(child, periods, end)
            tables["header"].add(
                [
                    child.child_id,
                    sex_code(child.sex, year),
                    dob,
                    child.ethnicity,
                    upn_value(child, end),
                    mother,
                    mc_dob,
                ],
                child.child_id,
                # Header errors go on children absent from last and next year's files, so
                # the cross-year rules (202-208) and UASC cross-checks stay quiet.
                only_this_year=not child.uasc
                and not in_return(child, year - 1)
                and not in_return(child, year + 1),
                age=child.age_on(end),
            )
            # UASC status ceases on the 18th birthday: DUC is that date in every year's
            # return (205A/B compare the years), and UASC data belongs to children looked
            # after in the year, not to care leavers (1014; 104 rejects a DUC before 1 April).
            if child.uasc and periods:
                ceased = birthday(child.dob, 18)
                tables["uasc"].add(
                    [child.child_id, sex_code(child.sex, year), dob, uk_date(ceased)],
                    child.child_id,
                )
    return tables


def _episode_rows(
    table: Table, child: Child, period: CarePeriod, start: int, end: int, year: int
) -> None:
    episodes = [e for e in period.episodes if _overlaps(e.start, e.end, start, end)]
    single = len(period.episodes) == 1
    for position, episode in enumerate(episodes):
        closed = episode.end is not None and episode.end <= end
        table.add(
            [
                child.child_id,
                uk_date(episode.start),
                episode.rne,
                episode.legal_status,
                episode.need,
                episode.place,
                episode.provider if episode.place not in ("P1",) else "PR0",
                uk_date(episode.end) if closed and episode.end is not None else "",
                (episode.reason_ceased or "") if closed else "",
                (episode.reason_place_change or "") if closed else "",
                episode.home_postcode,
                episode.placement_postcode,
                episode.urn,
            ],
            child.child_id,
            episode=episode,
            single=single and episode.start >= start and closed,
            starts_in_year=episode.start >= start,
            first_of_period=episode is period.episodes[0],
            first_ever=episode is child.care_periods[0].episodes[0],
            closed=closed,
            continues=closed and episode.reason_ceased == "X1",
            next_in_file=position + 1 < len(episodes),
            previous_in_file=position > 0,
            new_period_after_earlier=position == 0
            and episode.rne == "S"
            and bool(table.facts)
            and table.facts[-1].child == child.child_id
            and table.rows[-1][7] != ""
            and table.rows[-1][7] != uk_date(episode.start),
            age_start=child.age_on(episode.start),
            length=(episode.end - episode.start) if closed and episode.end is not None else None,
            sole_period_in_year=True,
        )


def _period_rows(
    tables: dict[str, Table],
    child: Child,
    period: CarePeriod,
    dob: str,
    start: int,
    end: int,
    year: int,
) -> None:
    child_id = child.child_id
    for review in period.reviews:
        if start <= review <= end:
            age = child.age_on(review)
            code = "PN0" if age < 4 else _review_code(child.number + review)
            tables["reviews"].add([child_id, dob, uk_date(review), code], child_id)
    previous_missing = False
    previous_spans_days = False
    for missing in period.missing:
        # A period still open at 31 March is repeated at the start of next year's return (576).
        if _overlaps(missing.start, missing.end, start, end):
            shown_end = missing.end if missing.end <= end else None
            tables["missing"].add(
                [child_id, dob, missing.kind, uk_date(missing.start), uk_or_blank(shown_end)],
                child_id,
                previous_same_child=previous_missing,
                # The previous period lasted past its first day, so a start inside it overlaps.
                previous_spans_days=previous_spans_days,
            )
            previous_missing = True
            previous_spans_days = missing.end > missing.start
    later_start = any(
        p.start > period.start and p.start <= end for p in child.care_periods
    )  # one previous-permanence row per child (INT35): the latest period's
    if start <= period.start <= end and not later_start:
        perm_date = period.previous_permanence_date
        tables["previous_permanence"].add(
            [
                child_id,
                dob,
                period.previous_permanence,
                period.previous_permanence_la,
                uk_or_blank(perm_date),
            ],
            child_id,
        )
    adoption = period.adoption
    reversed_earlier = (
        adoption is not None
        and adoption.decision_ceased is not None
        and adoption.decision_ceased < start
    )  # a decision reversed in an earlier year is not repeated (118, 561)
    if adoption is not None and adoption.decision <= end and not reversed_earlier:
        ceased = adoption.decision_ceased
        # Every decision of a period in the year (an E1 episode needs one, rule 553).
        ceased_shown = ceased is not None and ceased <= end
        tables["placed_for_adoption"].add(
            [
                child_id,
                dob,
                uk_date(adoption.decision),
                uk_date(ceased) if ceased_shown and ceased is not None else "",
                (adoption.ceased_reason or "") if ceased_shown else "",
            ],
            child_id,
        )
        if adoption.adopted is not None and start <= adoption.adopted <= end:
            tables["ad1"].add(
                [
                    child_id,
                    dob,
                    uk_date(adoption.decision),
                    uk_or_blank(adoption.matched),
                    "1" if adoption.foster_carers else "0",
                    str(adoption.adopters),
                    adoption.adopter_sex,
                    adoption.adopter_legal_status,
                ],
                child_id,
            )
    # OC2: looked after continuously for 12 months at 31 March.
    period_end = period.end
    # A child ceasing on 31 March itself was still looked after that day (191 asks for OC2).
    if not (period.start <= end and (period_end is None or period_end >= end)):
        return
    # DfE's <LOOKED_AFTER_CONTINUOUSLY>: only care starting after 1 April breaks the 12 months,
    # so a period starting on 1 April itself counts (365 days in a non-leap year; 191).
    if period.start <= start:
        tables["oc2"].add(
            [child_id, dob, *_oc2_values(child, period, year, start, end)],
            child_id,
            age_end=child.age_on(end),
            age_start=child.age_on(start),
        )


def _social_worker_rows(table: Table, child: Child, dob: str, start: int, end: int) -> None:
    """Social worker episodes of a child looked after in the year (SW01, SW12).

    The allocated worker stays with the child after a period of care ends (leaving care, a
    child in need plan) until the next period's first allocation, so the child's latest
    episode is open at 31 March (SW17) and an episode open at the end of last year is carried
    into this year unchanged (SW16), ending where the next one begins (SW10).
    """
    periods = child.care_periods
    for index, period in enumerate(periods):
        following = periods[index + 1].start if index + 1 < len(periods) else None
        spells = period.social_workers
        for position, spell in enumerate(spells):
            spell_end = following if position == len(spells) - 1 else spell.end
            if not _overlaps(spell.start, spell_end, start, end):
                continue
            closed = spell_end is not None and spell_end <= end
            table.add(
                [
                    child.child_id,
                    dob,
                    spell.worker,
                    uk_date(spell.start),
                    uk_date(spell_end) if closed and spell_end is not None else "",
                    spell.reason,
                ],
                child.child_id,
                closed=closed,
                starts_in_year=spell.start >= start,
            )


def _review_code(key: int) -> str:
    codes = ("PN1", "PN1", "PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN6", "PN7")
    return codes[key % len(codes)]


def _oc2_values(child: Child, period: CarePeriod, year: int, start: int, end: int) -> list[str]:
    rng = np.random.Generator(np.random.PCG64([child.care_leaver_seed, year, 2]))
    good = period.health_propensity
    age_start = child.age_on(start)
    age_end = child.age_on(end)
    sdq_score = ""
    sdq_reason = ""
    # Every child aged 4 to 16 at some time in the year, 4th and 17th birthdays too (197B).
    if age_end >= 4 and age_start < 17:
        if rng.random() < 0.8:
            sdq_score = str(int(rng.integers(0, 41)))
        else:
            sdq_reason = ("SDQ2", "SDQ4", "SDQ5")[int(rng.integers(0, 3))]
    assessed = rng.random() < 0.8 + 0.15 * good  # annual health assessment
    substance = age_end >= 10 and rng.random() < 0.04
    received = substance and rng.random() < 0.6
    return [
        sdq_score,
        sdq_reason,
        ("1" if rng.random() < 0.02 else "0") if age_end >= 10 else "",  # CONVICTED
        ("1" if rng.random() < 0.88 else "0") if age_end < 5 else "",  # HEALTH_CHECK (under 5s)
        "1" if rng.random() < 0.7 + 0.25 * good else "0",  # IMMUNISATIONS
        "1" if rng.random() < 0.65 + 0.3 * good else "0",  # TEETH_CHECK
        "1" if assessed else "0",  # HEALTH_ASSESSMENT
        "1" if substance else "0",  # SUBSTANCE_MISUSE
        ("1" if received else "0") if substance else "",  # INTERVENTION_RECEIVED
        ("1" if rng.random() < 0.8 else "0") if substance and not received else "",
    ]


def _oc3_row(child: Child, age: int, day: int, seed: int) -> list[str]:
    rng = np.random.Generator(np.random.PCG64([child.care_leaver_seed, age, 3]))
    period = _in_care_on(child, day)
    if period is not None:
        place = next((e.place for e in period.episodes if e.start <= day), "U6")
        return ["YES", "F2" if rng.random() < 0.7 else "G5", "C1" if place == "K2" else "Y1"]
    last = child.care_periods[-1]
    returned_home = (last.episodes[-1].reason_ceased or "") in ("E4A", "E4B")
    if returned_home and (last.end or 0) < birthday(child.dob, 18):
        return ["RHOM", "0", "0"]
    if rng.random() < 0.05:
        return ["NREQ", "0", "0"]
    young = age <= 18
    activities = (
        ("F2", 0.4), ("P2", 0.05), ("F4", 0.05), ("F5", 0.12), ("F1", 0.0 if young else 0.1),
        ("P5", 0.04), ("G4", 0.08), ("G5", 0.21), ("G6", 0.05),
    )  # fmt: skip
    roll = float(rng.random()) * sum(w for _, w in activities)
    activity = activities[-1][0]
    for code, weight in activities:
        if roll < weight:
            activity = code
            break
        roll -= weight
    if age == 17:  # not with former foster carers at 17 (3001)
        letters: tuple[str, ...] = ("U", "D", "E", "B", "K", "C")  # no foyer under 18 (347)
    elif young:
        letters = ("Z", "U", "D", "E", "B", "K", "T", "C")
    else:
        letters = ("U", "B", "D", "K", "E", "Z", "T", "W")
    letter = letters[min(len(letters) - 1, int(rng.exponential(2.0)))]
    suitable = "1" if rng.random() < 0.9 or letter in ("Z",) else "2"
    return ["YES", activity, letter + suitable]


def write_tables(tables: dict[str, Table], folder: Path) -> None:
    """One CSV per table, DfE column names in the header row."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLE_NAMES:
        table = tables[name]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.columns)
            writer.writerows(table.rows)
