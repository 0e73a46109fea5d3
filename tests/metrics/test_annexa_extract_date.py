"""Annex A measures are taken at the day the lists were extracted, not at 31 March.

The hand-built council's Annex A lists (`handbuilt.annexa_tables`, worked on paper for an
extract on 31 March 2026) are moved 24 weeks earlier — every date, births included — and
stamped as extracted on Tuesday 14 October 2025. Weekdays stay the same and no bank holiday
falls in any counting window, so each Annex A measure must give the paper answer again.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from thrive.metrics.engine import Engine, MeasureResult
from thrive.metrics.periods import year_params
from thrive.metrics.registry import measures

from . import handbuilt
from .test_measures_hand import EXPECTED

SHIFT = timedelta(weeks=24)
EXTRACT = date(2025, 10, 14)
ANNEX_A_MEASURES = (
    "contacts_rate",
    "cp_visits_pct",
    "cin_seen_pct",
    "placed_outside_pct",
    "cla_visits_pct",
)


def _moved(frame: pl.DataFrame, stamp: bool) -> pl.DataFrame:
    dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
    moved = frame.with_columns([(pl.col(name) - SHIFT).alias(name) for name in dates])
    if stamp:
        moved = moved.with_columns(pl.lit(EXTRACT, dtype=pl.Date).alias("__extract_date"))
    return moved


def _engine(stamp: bool) -> Engine:
    inputs = handbuilt.inputs()
    tables = inputs[handbuilt.LA]["annexa"][2026]
    inputs[handbuilt.LA]["annexa"][2026] = {
        name: _moved(frame, stamp) for name, frame in tables.items()
    }
    engine = Engine("duckdb")
    engine.load(inputs)
    return engine


def _overall(engine: Engine, measure_id: str) -> MeasureResult:
    measure = next(m for m in measures() if m.id == measure_id)
    results = engine.compute(
        measure,
        year_params(measure, 2026),
        period="x",
        period_type="year",
        populations={handbuilt.LA: handbuilt.POPULATION},
    )
    return next(r for r in results if r.breakdown == "")


@pytest.fixture(scope="module")
def october() -> Engine:
    return _engine(stamp=True)


def test_the_shift_lands_on_the_extract_day() -> None:
    assert date(2026, 3, 31) - SHIFT == EXTRACT
    assert EXTRACT.weekday() == date(2026, 3, 31).weekday()


@pytest.mark.parametrize("measure_id", ANNEX_A_MEASURES)
def test_measure_is_taken_at_the_extract_date(october: Engine, measure_id: str) -> None:
    numerator, denominator, value = EXPECTED[measure_id]
    result = _overall(october, measure_id)
    assert (result.numerator, result.denominator) == pytest.approx((numerator, denominator))
    assert result.value == pytest.approx(value, abs=1e-6)


def test_an_extract_without_its_date_is_taken_at_31_march() -> None:
    # The same lists stored before the extract date was kept: measured at 31 March 2026, when
    # every visit is 24 weeks old, nobody is seen in time.
    unstamped = _engine(stamp=False)
    assert _overall(unstamped, "cp_visits_pct").numerator == 0
    assert _overall(unstamped, "cin_seen_pct").numerator == 0
