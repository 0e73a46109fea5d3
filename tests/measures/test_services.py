from __future__ import annotations

from typing import Any

import pytest

from thrive.measures import services
from thrive.measures.models import MeasureTarget, MeasureValue, Population, RecomputeRun
from thrive.measures.selectors import measure_latest_signal

pytestmark = pytest.mark.django_db


def _population(council: Any) -> None:
    for year in (2025, 2026):
        Population.objects.create(council=council, year=year, population=10_000, source="analyst")


def test_recompute_stores_year_end_values_breakdowns_and_months(council_with_returns: Any) -> None:
    council = council_with_returns
    _population(council)
    MeasureTarget.objects.create(
        council=council, measure_id="cla_reviews_timely_pct", target=95, tolerance=5
    )
    run = services.measures_recompute(council=council, months=2)
    assert run.status == RecomputeRun.Status.DONE
    assert run.values_written > 100
    values = MeasureValue.objects.for_council(council)
    cla = values.get(measure_id="cla_count", period="2026-03", period_type="year", breakdown="")
    assert cla.value == 10  # tests/metrics/handbuilt.py: K1, K2, K7–K14
    rate = values.get(measure_id="cla_rate", period="2026-03", period_type="year", breakdown="")
    assert rate.value == 10.0  # population 10,000
    reviews = values.get(
        measure_id="cla_reviews_timely_pct", period="2026-03", period_type="year", breakdown=""
    )
    assert reviews.value == 12.5  # 1 of 8 (tests/metrics/test_measures_hand.py)
    assert reviews.rag == "red"  # 12.5 % against 95 % ± 5
    workforce = values.get(
        measure_id="caseload_avg", period="2025-09", period_type="year", breakdown=""
    )
    assert workforce.value == pytest.approx(17.6)
    genders = values.filter(measure_id="cla_count", breakdown="gender", period="2026-03")
    assert sorted(genders.values_list("breakdown_value", "value")) == [("1", 5.0), ("2", 5.0)]
    months = values.filter(measure_id="cla_count", period_type="month", breakdown="")
    assert sorted(months.values_list("period", flat=True)) == ["2026-02", "2026-03"]
    signal = measure_latest_signal(council=council, measure_id="cla_count")
    assert signal is not None and signal.period == "2026-03"


def test_recompute_keeps_compiled_measures_in_the_data_folder(
    council_with_returns: Any, settings: Any
) -> None:
    from pathlib import Path

    from thrive.metrics.templates import TemplateCache

    TemplateCache.forget()
    services.measures_recompute(council=council_with_returns, months=1)
    kept = list((Path(settings.THRIVE_DATA_DIR) / "cache" / "measure-sql").rglob("*.json"))
    assert len(kept) >= 45  # one per measure and shape, reused by every later process


def test_a_failed_recompute_keeps_the_stored_values(
    council_with_returns: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    council = council_with_returns
    MeasureValue.objects.create(
        council=council, period="2026-03", period_type="year", measure_id="cla_count", value=5
    )

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("engine down")

    monkeypatch.setattr(services, "compute_results", broken)
    run = services.measures_recompute(council=council, months=0)
    assert run.status == RecomputeRun.Status.FAILED
    assert "engine down" in run.message
    assert MeasureValue.objects.for_council(council).get().value == 5


def test_target_set_rerates_stored_values(council_factory: Any) -> None:
    council = council_factory()
    value = MeasureValue.objects.create(
        council=council,
        period="2026-03",
        period_type="year",
        measure_id="assessments_45wd_pct",
        value=86.0,
    )
    services.target_set(
        council=council, measure_id="assessments_45wd_pct", target=90, tolerance=5, set_by="a"
    )
    value.refresh_from_db()
    assert value.rag == "amber"
    services.target_set(
        council=council, measure_id="assessments_45wd_pct", target=85, tolerance=0, set_by="a"
    )
    value.refresh_from_db()
    assert value.rag == "green"
    assert MeasureTarget.objects.get(council=council).history.count() == 2


def test_target_set_refuses_a_stale_version_and_keeps_the_first(council_factory: Any) -> None:
    council = council_factory()
    args = {"council": council, "measure_id": "assessments_45wd_pct", "set_by": "a"}
    services.target_set(**args, target=90, tolerance=5, expected_version=0)
    # Two tabs both loaded version 1; the first saves, the second is refused.
    services.target_set(**args, target=85, tolerance=2, expected_version=1)
    with pytest.raises(services.StaleTargetError, match="Someone else changed this target"):
        services.target_set(**args, target=60, tolerance=0, expected_version=1)
    with pytest.raises(services.StaleTargetError):  # a second "first target" is stale too
        services.target_set(**args, target=60, tolerance=0, expected_version=0)
    target = MeasureTarget.objects.get(council=council)
    assert (target.target, target.tolerance, target.version) == (85, 2, 2)


def test_targets_refuse_context_measures(council_factory: Any) -> None:
    with pytest.raises(services.MeasureServiceError, match="context measure"):
        services.target_set(
            council=council_factory(), measure_id="cla_rate", target=1, tolerance=0, set_by="a"
        )


def test_population_of_a_real_council_is_estimated_and_stored(council_factory: Any) -> None:
    council = council_factory(la_number="887", name="Medway", is_fictional=False)
    population = services.population_for(council=council, year=2026)
    assert population is not None
    assert population.source == Population.Source.PUBLISHED_ESTIMATE
    assert population.population == pytest.approx(495 / 72 * 10_000)
    assert "2025 figures" in population.note


def test_fictional_council_without_a_population_has_none(council_factory: Any) -> None:
    council = council_factory(la_number="9302", is_fictional=True)
    assert services.population_for(council=council, year=2026) is None


def test_recompute_task_runs_the_service(council_with_returns: Any, settings: Any) -> None:
    from thrive.measures.tasks import measures_recompute

    settings.MEASURES_MONTHS = 0
    result = measures_recompute.enqueue(council_with_returns.pk)
    assert result.return_value > 0
    assert RecomputeRun.objects.for_council(council_with_returns).get().status == "done"
