from __future__ import annotations

import pytest

from thrive.metrics.benchmarks import benchmarks, population_estimate, published_value
from thrive.metrics.rag import rag
from thrive.metrics.spc import xmr
from thrive.reference import statistical_neighbours

STEADY = [10.0, 12.0, 11.0, 13.0, 10.0, 12.0, 11.0, 12.0, 10.0, 13.0, 11.0, 12.0]


def test_xmr_limits_by_hand() -> None:
    chart = xmr(STEADY, "up")
    assert chart is not None
    # mean 137/12; moving ranges 2,1,2,3,2,1,1,2,3,2,1 = 20 over 11
    assert chart.mean == pytest.approx(137 / 12)
    assert chart.upper == pytest.approx(137 / 12 + 2.66 * 20 / 11)
    assert chart.lower == pytest.approx(137 / 12 - 2.66 * 20 / 11)
    assert chart.signal == "common"
    assert set(chart.special) == {""}


def test_too_few_points_is_not_enough_data() -> None:
    assert xmr(STEADY[:9], "up") is None


def test_point_outside_limits_is_special_cause_read_by_polarity() -> None:
    values = [*STEADY, 30.0]
    assert xmr(values, "up").signal == "improving"  # type: ignore[union-attr]
    assert xmr(values, "down").signal == "concern"  # type: ignore[union-attr]
    assert xmr(values, "context").signal == "neither"  # type: ignore[union-attr]


def test_shift_of_seven_below_the_mean() -> None:
    values = [20.0, 21.0, 19.0, 20.0, 21.0, 20.0, 15.0, 15.5, 15.0, 15.5, 15.0, 15.5, 15.0]
    chart = xmr(values, "up")
    assert chart is not None
    assert chart.special[-7:] == ("low",) * 7
    assert "shift" in chart.rules[-1]
    assert chart.signal == "concern"


def test_six_point_trend() -> None:
    values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 10.2, 10.4, 10.6, 10.8, 11.0]
    chart = xmr(values, "down")
    assert chart is not None
    assert "trend" in chart.rules[-1]
    assert chart.special[-1] == "high"
    assert chart.signal == "concern"


def test_six_points_not_all_rising_is_not_a_trend() -> None:
    values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 10.2, 10.4, 10.4, 10.8, 11.0]
    chart = xmr(values, "down")
    assert chart is not None
    assert "trend" not in chart.rules[-1]


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "polarity", "expected"),
    [
        (90, 85, 5, "up", "green"),
        (85, 85, 5, "up", "green"),
        (80, 85, 5, "up", "amber"),
        (79.9, 85, 5, "up", "red"),
        (20, 22, 2, "down", "green"),
        (24, 22, 2, "down", "amber"),
        (24.1, 22, 2, "down", "red"),
        (50, 40, 5, "context", ""),
        (None, 40, 5, "up", ""),
        (50, None, 5, "up", ""),
    ],
)
def test_rag(
    value: float | None, target: float | None, tolerance: float, polarity: str, expected: str
) -> None:
    assert rag(value, target, tolerance, polarity) == expected


def test_population_estimate_from_published_count_and_rate() -> None:
    # Medway 2025: 495 children looked after at a rate of 72 per 10,000.
    assert population_estimate("887", 2025) == pytest.approx(495 / 72 * 10_000)
    assert population_estimate("201", 2025) is None  # suppressed ("c")


def test_benchmarks_for_a_real_council() -> None:
    neighbours = [n.neighbour_la_number for n in statistical_neighbours()["887"][:10]]
    found = {
        b.kind: b
        for b in benchmarks(
            "cla_rate",
            year=2025,
            la="887",
            region="South East",
            neighbours=neighbours,
            england=(70.0, 2024, "DfE"),
        )
    }
    assert found["council"].value == 72
    assert found["neighbours"].councils == 10
    assert found["neighbours"].low <= found["neighbours"].value <= found["neighbours"].high  # type: ignore[operator]
    assert 20 < found["region"].value < 150
    assert found["england"].year == 2024


def test_no_published_figure_no_benchmark() -> None:
    assert published_value("assessments_45wd_pct", "887", 2025) is None
    assert (
        benchmarks("assessments_45wd_pct", year=2025, la="887", region="South East", neighbours=[])
        == []
    )
