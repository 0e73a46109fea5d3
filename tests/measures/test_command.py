from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from thrive.cli import app
from thrive.measures.models import MeasureTarget, Population

pytestmark = pytest.mark.django_db(transaction=True)


def test_measures_json_lists_every_measure(council_with_returns: Any) -> None:
    council = council_with_returns
    Population.objects.create(council=council, year=2026, population=10_000, source="analyst")
    MeasureTarget.objects.create(
        council=council, measure_id="assessments_45wd_pct", target=80, tolerance=5
    )
    result = CliRunner().invoke(app, ["measures", "--council", "9301", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert len(rows) >= 45
    assessments = rows["assessments_45wd_pct"]
    assert assessments["period"] == "2026-03"
    assert (assessments["numerator"], assessments["denominator"], assessments["value"]) == (
        3,
        4,
        75.0,
    )
    assert assessments["target"] == 80 and assessments["rag"] == "amber"
    assert assessments["england"] == 85.7
    assert rows["cla_rate"]["value"] == 10.0  # tests/metrics/handbuilt.py: 10 looked after
    expected = {
        "id",
        "name",
        "period",
        "numerator",
        "denominator",
        "value",
        "unit",
        "polarity",
        "target",
        "rag",
        "england",
    }
    assert expected <= set(assessments)


def test_measures_csv_for_a_month(council_with_returns: Any) -> None:
    result = CliRunner().invoke(
        app, ["measures", "--council", "9301", "--period", "2026-02", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,code,name,period")
    cla = next(line for line in lines if line.startswith("cla_count,"))
    assert ",2026-02,month," in cla


def test_measures_rejects_bad_input(council_with_returns: Any) -> None:
    assert (
        CliRunner().invoke(app, ["measures", "--council", "9301", "--period", "2026-13"]).exit_code
        == 2
    )
    assert (
        CliRunner().invoke(app, ["measures", "--council", "9301", "--format", "xml"]).exit_code == 2
    )
    assert CliRunner().invoke(app, ["measures", "--council", "9999"]).exit_code == 1
