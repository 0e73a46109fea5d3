"""Returns pages: upload in the browser's way, findings, downloads, comparison, access log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrive.councils.models import AccessLogEntry
from thrive.returns.models import Submission, Upload
from thrive.returns.selectors import council_pseudonymiser


def _files(folder: Path) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]


def test_upload_check_and_review_findings(
    council_factory: Any, person: Any, sign_in: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990", name="Northbridge")
    client = sign_in(person("analyst", council))
    header = ssda903_files / "header.csv"
    lines = header.read_text().splitlines()
    columns = lines[0].split(",")
    first = lines[1].split(",")
    first[columns.index("ETHNIC")] = "=HYPERLINK(1)"  # an invalid code that looks like a formula
    header.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n")
    child = first[columns.index("CHILD")]

    page = client.get(reverse("returns:upload-create", args=["990"]))
    assert 'data-module="govuk-file-upload"' in page.content.decode()
    response = client.post(
        reverse("returns:upload-create", args=["990"]),
        {"return_type": "ssda903", "return_files": _files(ssda903_files)},
    )
    upload = Upload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:upload-detail", args=["990", upload.pk])
    assert upload.status == Upload.Status.INGESTED  # the immediate task backend ran it
    assert Submission.objects.get().is_current

    detail = client.get(response["Location"] + "?rule=103")
    body = detail.content.decode()
    assert "Upload a corrected file" in body
    pseudonym = council_pseudonymiser(council=council)
    assert pseudonym is not None
    assert pseudonym(child) in body and child not in body and "ETHNIC" in body
    assert AccessLogEntry.objects.filter(
        what="Validation findings of an upload", child_ids__icontains=pseudonym(child)
    ).exists()

    csv = client.get(reverse("returns:upload-findings-download", args=["990", upload.pk, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"].endswith('findings.csv"')
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")  # neutralised, never raw
    xlsx = client.get(reverse("returns:upload-findings-download", args=["990", upload.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert AccessLogEntry.objects.filter(kind="download").count() == 2

    status = client.get(reverse("returns:upload-status", args=["990", upload.pk])).json()
    assert status["finished"] is True and status["status"] == "ingested"


def test_blank_upload_shows_error_summary(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory(la_number="990")
    client = sign_in(person("analyst", council))
    response = client.post(reverse("returns:upload-create", args=["990"]), {})
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Choose at least one file to upload." in body
    assert "Choose which return these files are" in body
    bad = client.post(
        reverse("returns:upload-create", args=["990"]),
        {"return_type": "ssda903", "return_files": [SimpleUploadedFile("notes.docx", b"hello")]},
    )
    assert "notes.docx is not a CSV, XML or Excel file" in bad.content.decode()
    assert not Upload.objects.exists()


def test_compare_versions(
    council_factory: Any, person: Any, sign_in: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    client = sign_in(person("analyst", council))
    client.post(
        reverse("returns:upload-create", args=["990"]),
        {"return_type": "ssda903", "return_files": _files(ssda903_files)},
    )
    episodes = ssda903_files / "episodes.csv"
    episodes.write_text("\n".join(episodes.read_text().splitlines()[:-1]) + "\n")
    client.post(
        reverse("returns:upload-create", args=["990"]),
        {"return_type": "ssda903", "return_files": _files(ssda903_files)},
    )
    first, second = Submission.objects.order_by("version")
    page = client.get(
        reverse("returns:submission-compare", args=["990"]),
        {"before": first.pk, "after": second.pk},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "What changed in the data" in body
    assert (
        f'<td class="govuk-table__cell govuk-table__cell--numeric">{first.tables["episodes"]}</td>'
        in body
    )


def test_councillor_sees_versions_but_never_findings(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory(la_number="990")
    client = sign_in(person("councillor", council))
    assert client.get(reverse("returns:return-list", args=["990"])).status_code == 200
    assert client.get(reverse("returns:upload-create", args=["990"])).status_code == 403
