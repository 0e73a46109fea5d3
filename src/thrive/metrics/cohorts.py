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


def episodes(s: Sources) -> ir.Table:
    """Every episode outside short breaks, with its period of care and placement flags:

    `poc_start` (start of the period of care the episode belongs to), `poc_known` (False when
    that period began before the earliest return loaded, so `poc_start` is only its first
    DECOM in the data), `starts_period`,
    `temporary` (PLACE T0–T4), `new_placement` (the episode starts a placement, see the module
    docstring) and `prev_place` (the previous episode's PLACE)."""
    e = s["s903_episodes"]
    e = e.filter(~e.ls.isin(SHORT_BREAKS))
    by_start = ibis.window(group_by=e.child, order_by=e.decom)
    e = e.mutate(
        _n=ibis.row_number().over(by_start),
        _prev_dec=e.dec.lag().over(by_start),
        _prev_rec=e.rec.lag().over(by_start),
        prev_place=e.place.lag().over(by_start),
    )
    starts = (
        (e._n == 0)
        | (e.rne == "S")
        | (e._prev_rec.notnull() & (e._prev_rec != CONTINUES))
        | (e._prev_dec.notnull() & (e._prev_dec != e.decom))
    ).fill_null(False)
    e = e.mutate(
        starts_period=starts, temporary=e.place.isin(TEMPORARY_PLACEMENTS).fill_null(False)
    )
    # Start dates only grow along a child's episodes, so the running maximum of the starts is
    # the start of the period each episode belongs to.
    running = ibis.cumulative_window(group_by=e.child, order_by=e.decom)
    e = e.mutate(
        poc_start=ibis.ifelse(e.starts_period, e.decom, ibis.null("date")).max().over(running)
    )
    # A first episode that is not RNE S means care began before the earliest return loaded.
    cut_off = ibis.ifelse((e._n == 0) & (e.rne != "S").fill_null(True), e.decom, ibis.null("date"))
    e = e.mutate(_cut_off=cut_off.max().over(ibis.window(group_by=e.child)))
    e = e.mutate(poc_known=(e._cut_off.isnull() | (e.poc_start != e._cut_off)).fill_null(True))
    # Placements: look back over the non-temporary episodes only.
    settled = e.filter(~e.temporary)
    by_start = ibis.window(group_by=settled.child, order_by=settled.decom)
    settled = settled.mutate(
        _prev_poc=settled.poc_start.lag().over(by_start),
        _prev_settled=settled.place.lag().over(by_start),
    )
    first_in_period = settled._prev_poc.isnull() | (settled._prev_poc != settled.poc_start)
    back_from_temporary = settled.prev_place.isin(TEMPORARY_PLACEMENTS).fill_null(False) & (
        settled.place == settled._prev_settled
    ).fill_null(False)
    moved = (
        settled.rne.isin(NEW_CARER).fill_null(False)
        & ~settled.place.isin(SAME_CARER_ADOPTION).fill_null(False)
        & ~back_from_temporary
    )
    flags = settled.select(
        _fc=settled.child,
        _fd=settled.decom,
        _new=(first_in_period.fill_null(True) | moved),
    )
    joined = e.left_join(flags, [e.child == flags._fc, e.decom == flags._fd])
    keep = [c for c in e.columns if not c.startswith("_")]
    return joined.select(*[e[c] for c in keep], new_placement=flags._new.fill_null(False))


def care_start(s: Sources, ref: date) -> ir.Table:
    """`_c`, `poc_start`, `poc_known`: start of the period of care each child was in (or last
    in) at `ref`, and whether it began within the data (see `episodes`)."""
    e = episodes(s)
    e = e.filter(e.decom <= d(ref))
    e = e.mutate(_last=ibis.row_number().over(group_by=e.child, order_by=e.decom.desc()))
    e = e.filter(e._last == 0)
    return e.select(_c=e.child, poc_start=e.poc_start, poc_known=e.poc_known)


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
