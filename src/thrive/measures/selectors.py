"""Reads of stored measure results, for pages and for other apps (e.g. a plan's impact RAG)."""

from __future__ import annotations

from dataclasses import dataclass

from thrive.councils.models import Council
from thrive.measures.models import MeasureValue


@dataclass(frozen=True)
class MeasureSignal:
    """The latest monthly whole-council result of one measure."""

    measure_id: str
    period: str
    value: float | None
    rag: str
    spc_signal: str


def measure_latest_signal(*, council: Council, measure_id: str) -> MeasureSignal | None:
    latest = (
        MeasureValue.objects.for_council(council)
        .filter(measure_id=measure_id, period_type="month", breakdown="")
        .order_by("-period")
        .first()
    )
    if latest is None:
        return None
    return MeasureSignal(
        measure_id=measure_id,
        period=latest.period,
        value=latest.value,
        rag=latest.rag,
        spc_signal=latest.spc_signal,
    )
