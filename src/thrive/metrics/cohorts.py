"""Children looked after, periods of care and placements: the SSDA903 building blocks several
measure areas share (looked after, placement stability, adoption)."""

from __future__ import annotations

from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir

from thrive.metrics.expr import Params, Sources, child_profile, d, open_at, units

EET_CODES = ("F1", "P1", "F2", "P2", "F3", "P3")
ADOPTION_REASONS = ("E11", "E12")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
NEW_PLACEMENT = ("S", "P", "B", "T")
SHORT_BREAKS = ("V3", "V4")


def cla_at(s: Sources, ref: date) -> ir.Table:
    """Children looked after at `ref` (short-break-only episodes excluded), one row each, with
    the legal status and placement of the episode open on that day."""
    e = s["s903_episodes"]
    current = e.filter(open_at(e.decom, e.dec, ref) & ~e.ls.isin(SHORT_BREAKS))
    ranked = current.mutate(
        _n=ibis.row_number().over(group_by=current.child, order_by=current.decom.desc())
    )
    return ranked.filter(ranked._n == 0).drop("_n")


def care_start(s: Sources, ref: date) -> ir.Table:
    """`child`, `poc_start`: start of each child's latest period of care begun by `ref`."""
    e = s["s903_episodes"]
    starts = e.filter((e.rne == "S") & (e.decom <= d(ref)))
    return starts.group_by(_c=starts.child).aggregate(poc_start=starts.decom.max())


def placement_start(s: Sources, ref: date) -> ir.Table:
    """`child`, `placed`: start of each child's latest placement begun by `ref`."""
    e = s["s903_episodes"]
    starts = e.filter(e.rne.isin(NEW_PLACEMENT) & (e.decom <= d(ref)))
    return starts.group_by(_c=starts.child).aggregate(placed=starts.decom.max())


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


def placements_in(s: Sources, window_start: date, ref: date) -> ir.Table:
    """`_c`, `placements`: separate placements each child had between the two dates."""
    e = s["s903_episodes"]
    overlapping = e.filter(
        (e.decom <= d(ref))
        & (e.dec.isnull() | (e.dec >= d(window_start)))
        & ~e.ls.isin(SHORT_BREAKS)
    )
    ranked = overlapping.mutate(
        _n=ibis.row_number().over(group_by=overlapping.child, order_by=overlapping.decom)
    )
    counted = ranked.filter((ranked._n == 0) | ranked.rne.isin(NEW_PLACEMENT))
    return counted.group_by(_c=counted.child).aggregate(placements=ibis._.count())


def join_on_child(t: ir.Table, other: ir.Table, *, how: str = "left") -> ir.Table:
    """Join `other` (keyed by `_c`) onto `t` by child, keeping `t`'s columns and `other`'s."""
    joined = t.join(other, t.child == other._c, how=how)
    return joined.select(
        *[t[c] for c in t.columns], *[other[c] for c in other.columns if c != "_c"]
    )


def cla(s: Sources, p: Params) -> ir.Table:
    """Children looked after at the period's reference date, with their profile."""
    return cla_profile(s, cla_at(s, p.ref), p)
