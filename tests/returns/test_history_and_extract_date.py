"""Loading history (2019/20 onwards, checked with the nearest rule set, named) and Annex A
versions kept by their extract date: ingest, the upload form and `thrive ingest`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from typer.testing import CliRunner

from thrive.returns.forms import UploadForm
from thrive.returns.models import Submission, Upload, ValidationFinding
from thrive.returns.services import IncomingFile, upload_create, upload_process

EXTRACT = dt.date(2025, 10, 14)


def _incoming(paths: list[Path]) -> list[IncomingFile]:
    return [
        IncomingFile(name=p.name, stream=io.BytesIO(p.read_bytes()), size=p.stat().st_size)
        for p in paths
    ]


@pytest.fixture(scope="module")
def old_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small council's 2019/20 returns, before any rule set Thrive has."""
    from thrive.synth.generate import CouncilSpec, generate_council

    folder = tmp_path_factory.mktemp("history")
    spec = CouncilSpec("990", "Northbridge", "North East", 3000)
    generate_council(spec, folder, seed=5, end_year=2020, years=1, inject_errors=0.0)
    return folder


@pytest.fixture(scope="module")
def october_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Annex A workbook extracted on 14 October 2025 that does not state its date."""
    from thrive.synth import annexa
    from thrive.synth.generate import CouncilSpec
    from thrive.synth.simulate import simulate_council

    data = simulate_council(
        CouncilSpec("990", "Northbridge", "North East", 3000), seed=9, end_year=2026, years=1
    )
    path = tmp_path_factory.mktemp("annexa") / "annex_a.xlsx"
    annexa.write_workbook(annexa.build_tables(data, EXTRACT), path, 2026)
    return path


def test_a_2019_20_return_loads_and_its_findings_name_the_rules_used(
    council_factory: Any, person: Any, sign_in: Any, old_council: Path
) -> None:
    council = council_factory(la_number="990")
    files = sorted((old_council / "ssda903" / "2020").iterdir())
    upload = upload_create(council=council, user=None, files=_incoming(files))
    upload = upload_process(upload=upload, return_type="ssda903", year=2020)
    assert upload.status == Upload.Status.INGESTED, upload.findings.filter(unreadable=True)
    submission = Submission.objects.get()
    assert (submission.collection_year, submission.period_start, submission.period_end) == (
        2020,
        dt.date(2019, 4, 1),
        dt.date(2020, 3, 31),
    )
    assert submission.year_label == "2019/20"
    note = ValidationFinding.objects.get(upload=upload, rule="RULES01")
    assert note.severity == "warning" and not note.unreadable
    assert note.message.startswith(
        "Checked with the 2023/24 rules: Thrive has no 2019/20 rule set."
    )
    client = sign_in(person("analyst", council))
    page = client.get(reverse("returns:upload-detail", args=["990", upload.pk]))
    assert "Checked with the 2023/24 rules: Thrive has no 2019/20 rule set" in (
        page.content.decode()
    )


def test_annex_a_versions_are_kept_by_extract_date(
    council_factory: Any, october_extract: Path
) -> None:
    council = council_factory(la_number="990")
    given = upload_create(council=council, user=None, files=_incoming([october_extract]))
    given = upload_process(upload=given, return_type="annexa", extract_date=EXTRACT)
    assert given.status == Upload.Status.INGESTED
    assert given.error_count == 0
    submission = Submission.objects.get()
    assert (submission.collection_year, submission.period_start, submission.period_end) == (
        2026,
        dt.date(2024, 10, 15),
        EXTRACT,
    )
    assert submission.year_label == "extracted 14 October 2025 (2025/26)"
    assert str(submission) == "Ofsted Annex A extracted 14 October 2025 (2025/26) v1"


def test_upload_form_offers_history_years_and_checks_the_extract_date() -> None:
    files = {"return_files": [SimpleUploadedFile("a.xlsx", b"PK")]}
    form = UploadForm(
        {"return_type": "annexa", "collection_year": "", "extract_date": "14/10/2025"}, files
    )
    assert form.is_valid(), form.errors
    assert form.year_and_extract_date() == (None, "2025-10-14")
    years = dict(form.fields["collection_year"].choices)  # type: ignore[attr-defined]
    assert years["2020"] == "2019/20" and "2019" not in years
    wrong = UploadForm({"return_type": "ssda903", "extract_date": "14/10/2025"}, files)
    assert not wrong.is_valid()
    assert wrong.errors["extract_date"] == [
        "An extract date is only for an Ofsted Annex A workbook: leave it blank"
    ]
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    later = UploadForm({"return_type": "annexa", "extract_date": future}, files)
    assert later.errors["extract_date"] == ["Annex A extract date must be today or earlier"]
    old = UploadForm({"return_type": "cin", "collection_year": "2020"}, files)
    assert old.is_valid(), old.errors
    assert old.year_and_extract_date() == (2020, None)
    too_old = UploadForm({"return_type": "cin", "collection_year": "2019"}, files)
    assert too_old.errors["collection_year"] == ["Choose a collection year from the list"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--return", "ssda903", "--year", "2019"],
            "ssda903 returns can be loaded for the collection years 2019/20 to 2026/27 "
            "(--year 2020 to 2027); 2019 is not one of them",
        ),
        (
            ["--return", "ssda903", "--extract-date", "2025-10-14"],
            "--extract-date is only for Ofsted Annex A (--return annexa)",
        ),
        (["--return", "annexa", "--extract-date", "14/10/2025"], "give it as YYYY-MM-DD"),
    ],
)
def test_ingest_refuses_a_year_or_extract_date_it_cannot_use(
    tmp_path: Path, options: list[str], message: str
) -> None:
    from thrive.cli import app

    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--council", "990", *options])
    assert result.exit_code == 2
    assert message in result.output


def test_upload_page_passes_the_extract_date_to_the_check(
    council_factory: Any, person: Any, sign_in: Any, october_extract: Path
) -> None:
    council = council_factory(la_number="990")
    client = sign_in(person("analyst", council))
    page = client.get(reverse("returns:upload-create", args=["990"])).content.decode()
    assert "Annex A extract date (optional)" in page and "2019/20" in page
    response = client.post(
        reverse("returns:upload-create", args=["990"]),
        {
            "return_type": "annexa",
            "extract_date": "14/10/2025",
            "return_files": [SimpleUploadedFile("annex_a.xlsx", october_extract.read_bytes())],
        },
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.INGESTED  # the immediate task backend ran it
    assert Submission.objects.get().period_end == EXTRACT
    listing = client.get(reverse("returns:return-list", args=["990"])).content.decode()
    assert "extracted 14 October 2025 (2025/26)" in listing
