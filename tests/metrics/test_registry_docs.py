from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from thrive.dates.working_days import working_days_between
from thrive.metrics import docs
from thrive.metrics.registry import REGISTRY, Declaration, Measure, Polarity, Unit, measures
from thrive.metrics.tables import calendar_arrow

ROOT = Path(__file__).resolve().parents[2]


def test_registry_has_at_least_45_measures_with_unique_ids_and_codes() -> None:
    all_measures = measures()
    assert len(all_measures) >= 45
    assert len({m.id for m in all_measures}) == len(all_measures)
    assert len({m.code for m in all_measures}) == len(all_measures)


@pytest.mark.parametrize("measure", measures(), ids=lambda m: m.id)
def test_every_measure_is_fully_described(measure: Measure) -> None:
    assert docs.missing_text(measure) == []
    assert measure.tables
    assert measure.polarity in set(Polarity)


def test_a_measure_without_a_definition_is_reported() -> None:
    measure = next(iter(REGISTRY.values()))
    blank = Measure(**{**measure.__dict__, "definition": " "})
    assert docs.missing_text(blank) == ["definition"]


def test_docs_measures_md_is_current() -> None:
    written = (ROOT / "docs" / "measures.md").read_text(encoding="utf-8")
    assert written == docs.render(), "run: uv run python -m thrive.metrics.docs"


def test_value_never_turns_a_zero_denominator_into_zero_percent() -> None:
    percent = next(m for m in measures() if m.unit == Unit.PERCENT)
    assert percent.value(0, 0) is None
    assert percent.value(None, None) is None
    assert percent.value(1, 4) == 25.0
    count = next(m for m in measures() if m.unit == Unit.COUNT)
    assert count.value(0, 0) == 0.0


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2020, 5, 8), "VE Day 75"),
        (date(2022, 9, 19), "State funeral"),
        (date(2023, 5, 8), "Coronation"),
        (date(2022, 6, 3), "Platinum Jubilee"),
    ],
)
def test_calendar_skips_one_off_bank_holidays(day: date, name: str) -> None:
    table = calendar_arrow().to_pydict()
    index = table["d"].index(day)
    # The one-off holiday adds no working day: same index as the day before it.
    assert table["wd"][index] == table["wd"][index - 1], name


def test_calendar_convention_matches_thrive_dates() -> None:
    table = calendar_arrow().to_pydict()
    wd = dict(zip(table["d"], table["wd"], strict=True))
    pairs = [
        (date(2022, 9, 16), date(2022, 9, 20)),  # Friday to Tuesday over the funeral: 1
        (date(2023, 5, 5), date(2023, 5, 9)),  # over the coronation: 1
        (date(2025, 1, 4), date(2025, 1, 6)),  # Saturday start: Monday is day 1
        (date(2025, 3, 3), date(2025, 3, 3)),  # same day: 0
    ]
    for start, end in pairs:
        assert wd[end] - wd[start] == working_days_between(start, end)
    assert wd[date(2022, 9, 20)] - wd[date(2022, 9, 16)] == 1


def test_calendar_month_offsets_clip_to_month_end() -> None:
    table = calendar_arrow().to_pydict()
    index = table["d"].index(date(2025, 8, 31))
    assert table["p6m"][index] == date(2026, 2, 28)
    index = table["d"].index(date(2023, 8, 31))
    assert table["p6m"][index] == date(2024, 2, 29)


def test_the_typed_declaration_names_every_field_of_a_measure() -> None:
    declared = set(Declaration.__annotations__)
    assert declared | {"build"} == {f.name for f in dataclasses.fields(Measure)}


def test_measures_are_declared_one_module_per_area() -> None:
    from thrive.metrics import measures as package

    modules = {m.build.__module__.rsplit(".", 1)[-1] for m in measures()}
    assert modules <= set(package.AREAS)
    by_area: dict[str, set[str]] = {}
    for m in measures():
        by_area.setdefault(m.area, set()).add(m.build.__module__)
    # every area's measures live in one module, so `<area>.py` is where to look
    assert all(len(found) == 1 for found in by_area.values()), by_area


def test_the_registry_module_imports_no_measure_module() -> None:
    text = (ROOT / "src" / "thrive" / "metrics" / "registry.py").read_text(encoding="utf-8")
    assert "from thrive.metrics.measures" not in text
    assert "import thrive.metrics.measures" not in text


def test_every_measure_states_its_dfe_convention() -> None:
    # docs/measures.md prints each note as "Convention:"; a measure without one was not reviewed.
    assert [m.id for m in measures() if not m.notes] == []
