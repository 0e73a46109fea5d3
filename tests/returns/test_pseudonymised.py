"""Issue 15 item 2: findings, the access log and exports carry pseudonyms, never a raw child id.

The raw id stays only in the uploaded file (deleted after ingest: test_retention.py); the
stored versions hold the same pseudonyms, so a finding still leads to the child's rows.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from thrive.councils.access import access_log_record
from thrive.councils.models import AccessLogEntry
from thrive.returns.models import Submission, Upload, ValidationFinding
from thrive.returns.pseudonymise import is_pseudonym
from thrive.returns.selectors import council_pseudonymiser, finding_list, submission_table
from thrive.returns.services import IncomingFile, upload_create, upload_process


def _with_bad_ethnicity(folder: Path) -> tuple[str, set[str]]:
    """Give the first child an invalid ethnicity (rule 103); (that child, every raw id)."""
    header = folder / "header.csv"
    lines = header.read_text().splitlines()
    columns = lines[0].split(",")
    first = lines[1].split(",")
    first[columns.index("ETHNIC")] = "XXXX"
    header.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n")
    raw = set(pl.read_csv(header, infer_schema=False)["CHILD"])
    return first[columns.index("CHILD")], raw


def _ingest(council: Any, folder: Path) -> Upload:
    files = [
        IncomingFile(name=p.name, stream=io.BytesIO(p.read_bytes()), size=p.stat().st_size)
        for p in sorted(folder.iterdir())
    ]
    return upload_process(upload=upload_create(council=council, user=None, files=files))


def test_a_finding_stores_the_pseudonym_the_version_holds_never_the_raw_id(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    child, raw = _with_bad_ethnicity(ssda903_files)
    upload = _ingest(council, ssda903_files)
    assert upload.status == Upload.Status.INGESTED
    stored = set(ValidationFinding.objects.exclude(child="").values_list("child", flat=True))
    assert stored, "the upload must have child-level findings"
    assert stored.isdisjoint(raw)
    assert all(is_pseudonym(value) for value in stored)
    for message in ValidationFinding.objects.values_list("message", flat=True):
        assert not any(value in message for value in raw), message
    # The finding still leads to the child: file and row, and the version's own pseudonym.
    pseudonym = council_pseudonymiser(council=council)
    assert pseudonym is not None
    finding = ValidationFinding.objects.get(rule="103")
    assert (finding.file, finding.row, finding.child) == ("header.csv", 2, pseudonym(child))
    header = submission_table(submission=Submission.objects.get(), table="header")
    assert header is not None and pseudonym(child) in set(header.collect()["CHILD"])
    # An analyst searches with the id from their own system, or with the pseudonym.
    assert list(finding_list(upload=upload, child=child, rule="103")) == [finding]
    assert list(finding_list(upload=upload, child=finding.child, rule="103")) == [finding]


def test_the_upload_page_its_access_log_entry_and_its_exports_hold_no_raw_id(
    council_factory: Any, person: Any, sign_in: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    child, raw = _with_bad_ethnicity(ssda903_files)
    client = sign_in(person("analyst", council))
    client.post(
        reverse("returns:upload-create", args=["990"]),
        {
            "return_type": "ssda903",
            "return_files": [
                SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(ssda903_files.iterdir())
            ],
        },
    )
    upload = Upload.objects.get()
    pseudonym = council_pseudonymiser(council=council)
    assert pseudonym is not None

    page = client.get(reverse("returns:upload-detail", args=["990", upload.pk]), {"rule": "103"})
    body = page.content.decode()
    assert pseudonym(child) in body
    assert not any(value in body for value in raw)
    searched = client.get(
        reverse("returns:upload-detail", args=["990", upload.pk]), {"child": child}
    ).content.decode()
    assert pseudonym(child) in searched and "1 finding" in searched
    # The search's own log entry names the child by pseudonym, in its path too.
    entry = AccessLogEntry.objects.latest("pk")
    assert child not in entry.path and f"child={pseudonym(child)}" in entry.path

    csv = client.get(reverse("returns:upload-findings-download", args=["990", upload.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert pseudonym(child) in text
    assert not any(value in text for value in raw)
    xlsx = client.get(reverse("returns:upload-findings-download", args=["990", upload.pk, "xlsx"]))
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as workbook:
        cells = "".join(
            workbook.read(name).decode() for name in workbook.namelist() if name.endswith(".xml")
        )
    assert pseudonym(child) in cells
    assert not any(value in cells for value in raw)

    logged = [child_id for entry in AccessLogEntry.objects.all() for child_id in entry.child_ids]
    assert pseudonym(child) in logged
    assert set(logged).isdisjoint(raw)
    assert all(is_pseudonym(value) for value in logged)


def test_the_access_log_pseudonymises_a_raw_id_and_keeps_a_pseudonym(
    council_factory: Any, person: Any
) -> None:
    council = council_factory(la_number="990")
    request = RequestFactory().get("/c/990/somewhere/?child=C0000042&rule=103")
    request.user = person("admin", council)
    already = "0123456789abcdef"
    entry = access_log_record(
        request=request,
        council=council,
        kind=AccessLogEntry.Kind.VIEW,
        what="A page",
        purpose="Testing",
        child_ids=["C0000042", already, " C0000042 ", ""],
    )
    pseudonym = council_pseudonymiser(council=council)
    assert pseudonym is not None  # the key is made on first use
    assert entry.child_ids == sorted({pseudonym("C0000042"), already})
    assert entry.path == f"/c/990/somewhere/?child={pseudonym('C0000042')}&rule=103"
    assert "C0000042" not in str(AccessLogEntry.objects.values_list("child_ids", flat=True)[0])
    with pytest.raises(ValueError, match="only be logged against its council"):
        access_log_record(
            request=request, council=None, kind="view", what="x", purpose="y", child_ids=["C1"]
        )


def test_the_migration_pseudonymises_findings_and_access_log_entries_in_place(
    council_factory: Any,
) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thrive.returns.migrations.0003_pseudonymised_findings")
    council = council_factory(la_number="990")
    upload = Upload.objects.create(council=council, storage_dir="", status="ingested")
    finding = ValidationFinding.objects.create(
        council=council,
        upload=upload,
        rule="103",
        severity="error",
        child="C0000042",
        message="Ethnicity of C0000042 is not a valid code; C00000421 is another child",
    )
    blank = ValidationFinding.objects.create(
        council=council, upload=upload, rule="FILE01", severity="error", message="Unreadable"
    )
    kept = "fedcba9876543210"
    entry = AccessLogEntry.objects.create(
        council=council, username="x", kind="view", what="w", child_ids=["C0000042", kept]
    )
    search = AccessLogEntry.objects.create(
        council=council, username="x", kind="view", what="w", path="/c/990/x/?child=C0000042"
    )
    migration.forward(apps, None)
    pseudonym = council_pseudonymiser(council=council)
    assert pseudonym is not None
    finding.refresh_from_db()
    assert finding.child == pseudonym("C0000042")
    assert finding.message == (
        f"Ethnicity of {pseudonym('C0000042')} is not a valid code; C00000421 is another child"
    )
    blank.refresh_from_db()
    assert blank.child == ""
    entry.refresh_from_db()
    assert entry.child_ids == sorted([pseudonym("C0000042"), kept])
    search.refresh_from_db()
    assert search.path == f"/c/990/x/?child={pseudonym('C0000042')}"


def test_the_stored_versions_hold_no_raw_identifier(
    council_factory: Any, generated_council: Path
) -> None:
    """The Parquet tables were already pseudonymised before issue 15: this keeps them so."""
    council = council_factory(la_number="990")
    folder = sorted((generated_council / "ssda903").iterdir())[-1]
    _ingest(council, folder)
    raw: set[str] = set()
    for name in ("header.csv", "episodes.csv"):
        frame = pl.read_csv(folder / name, infer_schema=False)
        for column in ("CHILD", "UPN"):
            if column in frame.columns:
                raw |= set(frame[column].drop_nulls())
    assert raw
    submission = Submission.objects.get()
    for table in submission.tables:
        stored = submission_table(submission=submission, table=table)
        assert stored is not None
        frame = stored.collect()
        for column in frame.columns:
            if frame.schema[column] == pl.String:
                assert raw.isdisjoint(set(frame[column].drop_nulls())), (table, column)


def test_the_data_protection_page_says_what_is_kept_and_for_how_long(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    settings.THRIVE_UPLOAD_RETENTION_DAYS = 14
    council = council_factory(la_number="990", name="Northbridge")
    Upload.objects.create(council=council, storage_dir="councils/990/uploads/1", status="ingested")
    client = sign_in(person("councillor", council))
    page = client.get(reverse("returns:data-protection", args=["990"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "deleted 14 days after they were uploaded" in body
    assert "1 of 1 upload still has its files" in body
    assert "thrive retention --dry-run" in body
    assert 'Councillor</th><td class="govuk-table__cell">No</td>' in body
    assert 'Performance analyst</th><td class="govuk-table__cell">Yes</td>' in body
    # Linked from the footer of every council page.
    home = client.get(reverse("returns:return-list", args=["990"])).content.decode()
    assert reverse("returns:data-protection", args=["990"]) in home
