"""Children looked after, periods of care and placements: the SSDA903 building blocks several
measure areas share (looked after, placement stability, adoption).

DfE conventions applied here (each measure's notes in docs/measures.md repeat the ones it uses):

- **Short breaks.** Episodes with legal status V3 or V4 (an agreed series of short breaks) are
  left out of every looked-after count, period of care and placement.
- **Periods of care.** Episodes are taken in start order per child. An episode *starts* a
  period of care when it is the child's first episode in the data, has RNE S, or does not follow
  on from the previous one (that one ended with a reason other than X1, or on another day). A
  history cut off by the data (care begun before the earliest return loaded, so its first
  episode is not RNE S) therefore starts at its earliest DECOM rather than being dropped: the
  period of care is at least that long, which is enough for cohorts such as long-term
  stability. Measures timed *from* the start of care (review timeliness, adoption A1, A2, A10)
  leave such children out, as their clock start is not in the data.
- **Placements.** A placement starts with the first (non-temporary) episode of a period of care
  and with each episode whose RNE is P or B (placement *and carer* changed). Not new placements:
  RNE L (legal status only), T and U (placement details changed, same carer); temporary
  placements T0–T4 (hospital, holidays, other moves of 7 days or less), which are skipped, and
  the return from one to the placement the child was in before it; and placements for adoption
  with the child's current foster carers (PLACE A3, A5), where the carer stays the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir

from thrive.metrics.expr import Params, Sources, child_profile, d, open_at, units

EET_CODES = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
"""OC3 ACTIV codes in education, employment or training (SSDA903 rule 132's list): higher
education, other education, apprenticeship, other training or employment, full or part time.
G4–G6 are NEET and `0` is no information (F3/P3 are not valid codes)."""
ADOPTION_REASONS = ("E11", "E12")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
SAME_CARER_ADOPTION = ("A3", "A5")
"""Placed for adoption with the child's current foster carers: not a change of carer."""
NEW_CARER = ("P", "B")
"""RNE codes where the placement and the carer changed (T and U keep the carer, L the
placement)."""
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
SHORT_BREAKS = ("V3", "V4")
CONTINUES = "X1"


def cla_at(s: Sources, ref: date) -> ir.Table:
    """Children looked after at `ref` (short-break-only episodes excluded), one row each, with
    the legal status and placement of the episode open on that day."""
    e = s["s903_episodes"]
    current = e.filter(open_at(e.decom, e.dec, ref) & ~e.ls.isin(SHORT_BREAKS))
    ranked = current.mutate(
        _n=ibis.row_number().over(group_by=current.child, order_by=current.decom.desc())
    )
    return ranked.filter(ranked._n == 0).drop("_n")


EPISODES_TABLE = "s903_episodes_dfe"
"""`_episodes` materialised by the engine when it loads the data (`DERIVED_TABLES`), so the
window functions run once per load instead of being planned again in every measure's query."""


def episodes(s: Sources) -> ir.Table:
    """Every episode outside short breaks with its period of care and placement flags (see
    `_episodes`): the engine's materialised table when it has one, else built once per
    `Sources`."""
    if EPISODES_TABLE in s:
        return s[EPISODES_TABLE]
    return s.derived("episodes", _episodes)


def _episodes(s: Sources) -> ir.Table:
    """Every episode outside short breaks, with its period of care and placement flags:

    `poc_start` (start of the period of care the episode belongs to), `poc_known` (False when
    that period began before the earliest return loaded, so `poc_start` is only its first
    DECOM in the data), `starts_period`,
    `temporary` (PLACE T0–T4), `new_placement` (the episode starts a placement, see the module
    docstring) and `prev_place` (the previous episode's PLACE)."""
    e = s["s903_episodes"]
    e = e.filter(~e.ls.isin(SHORT_BREAKS))
    # Two passes over each child's episodes in start order (one window each), no joins: the
    # shared pieces of half the looked-after measures, so kept cheap.
    by_start = ibis.window(group_by=e.child, order_by=e.decom)
    prev_dec = e.dec.lag().over(by_start)
    prev_rec = e.rec.lag().over(by_start)
    starts = (
        (ibis.row_number().over(by_start) == 0)
        | (e.rne == "S")
        | (prev_rec.notnull() & (prev_rec != CONTINUES))
        | (prev_dec.notnull() & (prev_dec != e.decom))
    ).fill_null(False)
    e = e.mutate(
        starts_period=starts,
        temporary=e.place.isin(TEMPORARY_PLACEMENTS).fill_null(False),
        prev_place=e.place.lag().over(by_start),
        _place_2_back=e.place.lag(2).over(by_start),
    )
    by_start = ibis.window(group_by=e.child, order_by=e.decom)
    # Start dates only grow along a child's episodes, so the running maximum of the starts is
    # the start of the period each episode belongs to. The period is known when the latest
    # start is an RNE S (a first episode that is not S means care began before the data).
    running = ibis.cumulative_window(group_by=e.child, order_by=e.decom)
    no_date = ibis.null("date")
    poc_start = ibis.ifelse(e.starts_period, e.decom, no_date).max().over(running)
    s_start = ibis.ifelse(e.starts_period & (e.rne == "S"), e.decom, no_date).max().over(running)
    after_temporary = e.prev_place.isin(TEMPORARY_PLACEMENTS).fill_null(False)
    # Back from a temporary placement to the placement held before it: the same placement.
    back_from_temporary = after_temporary & (e.place == e._place_2_back).fill_null(False)
    moved = (
        e.rne.isin(NEW_CARER).fill_null(False)
        & ~e.place.isin(SAME_CARER_ADOPTION).fill_null(False)
        & ~back_from_temporary
    )
    # A period of care cannot start in a temporary placement (rule 380); if one does, the
    # placement that follows it is the period's first.
    first_settled = e.starts_period | (
        e.starts_period.lag().over(by_start).fill_null(False) & after_temporary
    )
    e = e.mutate(
        poc_start=poc_start,
        poc_known=(s_start == poc_start).fill_null(False),
        new_placement=~e.temporary & (first_settled | moved),
    )
    return e.drop("_place_2_back")


def care_start(s: Sources, ref: date) -> ir.Table:
    """`_c`, `poc_start`, `poc_known`: start of the period of care each child was in (or last
    in) at `ref`, and whether it began within the data (see `episodes`)."""
    e = episodes(s)
    e = e.filter(e.decom <= d(ref))
    # Only a child's first period can be unknown, so the latest period is known when any is.
    return e.group_by(_c=e.child).aggregate(
        poc_start=e.poc_start.max(), poc_known=e.poc_known.any()
    )


def placement_start(s: Sources, ref: date) -> ir.Table:
    """`_c`, `placed`, `stable_from`: start of each child's latest placement begun by `ref`,
    and the date its stability counts from: the same, except that a placement for adoption
    counts together with the placement before it in the same period of care (DfE's adoption
    adjustment of long-term stability)."""
    e = episodes(s)
    e = e.filter(e.new_placement & (e.decom <= d(ref)))
    by_start = ibis.window(group_by=e.child, order_by=e.decom)
    e = e.mutate(
        _prev=e.decom.lag().over(by_start),
        _prev_poc=e.poc_start.lag().over(by_start),
        _last=ibis.row_number().over(group_by=e.child, order_by=e.decom.desc()),
    )
    e = e.filter(e._last == 0)
    adjusted = (
        e.place.isin(ADOPTION_PLACEMENTS).fill_null(False)
        & e._prev.notnull()
        & (e._prev_poc == e.poc_start).fill_null(False)
    )
    return e.select(_c=e.child, placed=e.decom, stable_from=ibis.ifelse(adjusted, e._prev, e.decom))


def placements_in(s: Sources, window_start: date, ref: date) -> ir.Table:
    """`_c`, `placements`: separate placements each child had between the two dates (the one
    held at `window_start` counts; see the module docstring for what starts a placement)."""
    e = episodes(s)
    overlapping = e.filter(
        (e.decom <= d(ref)) & (e.dec.isnull() | (e.dec >= d(window_start))) & ~e.temporary
    )
    ranked = overlapping.mutate(
        _n=ibis.row_number().over(group_by=overlapping.child, order_by=overlapping.decom)
    )
    counted = ranked.filter((ranked._n == 0) | ranked.new_placement)
    return counted.group_by(_c=counted.child).aggregate(placements=ibis._.count())


def ceasing(s: Sources, p: Params) -> ir.Table:
    """Children who stopped being looked after in the year, once each: the last occasion in the
    year (episode ending with a reason other than X1), short breaks left out. Columns `child`,
    `la`, `decom` (that episode's start), `dec`, `rec`, `poc_start`."""
    e = episodes(s)
    e = e.filter(
        (e.dec >= d(p.start)) & (e.dec <= d(p.ref)) & e.rec.notnull() & (e.rec != CONTINUES)
    )
    ranked = e.mutate(_last=ibis.row_number().over(group_by=e.child, order_by=e.dec.desc()))
    last = ranked.filter(ranked._last == 0)
    return last.select("child", "la", "decom", "dec", "rec", "poc_start")


def cla_profile(s: Sources, t: ir.Table, p: Params) -> ir.Table:
    return child_profile(s, t, "s903_header", p)


def cla_units(t: ir.Table, num: Any, **extra: Any) -> ir.Table:
    return units(
        t,
        subject=t.child,
        num=num,
        date_a=t.decom,
        legal_status=t.ls,
        placement_type=t.place,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
        **extra,
    )


def join_on_child(t: ir.Table, other: ir.Table, *, how: str = "left") -> ir.Table:
    """Join `other` (keyed by `_c`) onto `t` by child, keeping `t`'s columns and `other`'s."""
    joined = t.join(other, t.child == other._c, how=how)
    return joined.select(
        *[t[c] for c in t.columns], *[other[c] for c in other.columns if c != "_c"]
    )


def cla(s: Sources, p: Params) -> ir.Table:
    """Children looked after at the period's reference date, with their profile."""
    return cla_profile(s, cla_at(s, p.ref), p)


DERIVED_TABLES: dict[str, Callable[[Sources], ir.Table]] = {EPISODES_TABLE: _episodes}
"""Tables the engine builds from the prepared ones after loading (name → expression)."""
