"""Published ILACS judgements: a council starts with its own; the national landscape page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from typer.testing import CliRunner

from tests.factories import signed_in_client
from thrive.cli import app
from thrive.councils.services import council_add
from thrive.inspections.models import Inspection
from thrive.inspections.reference import landscape, published_judgements
from thrive.inspections.services import published_judgement_load


def test_reference_counts_match_the_sources_notes() -> None:
    data = landscape()
    assert data.total == 153
    assert dict(data.by_grade) == {
        "outstanding": 46,
        "good": 63,
        "requires improvement": 29,
        "inadequate": 13,
        "": 2,
    }
    assert sum(total for _r, _c, total in data.by_region) == 153
    assert len(data.regions) == 9


def test_a_new_real_council_starts_with_its_latest_inspection(db: Any) -> None:
    result = CliRunner().invoke(app, ["council", "add", "204", "Hackney"])
    assert result.exit_code == 0, result.output
    assert "Recorded its latest published ILACS inspection (July 2024)" in result.output
    inspection = Inspection.objects.get(council__la_number="204")
    assert (inspection.kind, inspection.framework, inspection.start_date) == (
        "standard",
        "ilacs_2023",
        date(2024, 7, 1),
    )
    grades = {j.area: j.grade for j in inspection.judgements.all()}
    assert grades["overall"] == "good" and grades["care_leavers"] == "requires improvement"
    assert inspection.from_reference_data and not inspection.clocks.exists()


def test_pre_2023_inspection_uses_the_2018_framework(db: Any) -> None:
    nottingham = published_judgements()["892"]
    council = council_add(code="892", name="Nottingham")
    assert not Inspection.objects.filter(council=council).exists()  # a call, not a side effect
    inspection = published_judgement_load(council=council)
    assert inspection is not None and published_judgement_load(council=council) == inspection
    assert inspection.framework == "ilacs_2018"
    areas = set(inspection.judgements.values_list("area", flat=True))
    assert "care_leavers" not in areas  # combined with children in care before 2023
    assert nottingham.grades["care_leavers"] == "not_separately_judged"


def test_loader_command_is_safe_to_rerun(db: Any, council_factory: Any) -> None:
    council_factory(la_number="9555")
    council = council_add(code="201", name="City of London")
    for _ in range(2):
        result = CliRunner().invoke(app, ["inspections", "load-judgements"])
        assert result.exit_code == 0, result.output
    assert Inspection.objects.filter(council=council).count() == 1
    assert "1 council have" in result.output or "councils have" in result.output


def test_national_page_has_charts_and_tables(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    signed_in_client(client, person("councillor", council))
    url = reverse("inspections:national", args=[council.la_number])
    body = client.get(url).content.decode()
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert body.count("<table") == 4 and body.count("format=xlsx") == 4
    assert "Yorkshire and the Humber" in body
    download = client.get(url, {"download": "councils-by-region", "format": "csv"})
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Region,Outstanding,Good,Requires improvement,Inadequate,Not recorded,Total"
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines[1:]) == 153
