"""Sampling from the council's current Annex A return, workers matched through pseudonyms."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest

from tests.audits.builders import make_programme
from thrive.audits.candidates import ERROR_NO_ANNEX_A, annex_a_candidates
from thrive.audits.models import Audit, AuditSample
from thrive.audits.sampling import SamplingError
from thrive.returns import storage
from thrive.returns.models import Submission, Upload
from thrive.returns.pseudonymise import council_key, pseudonym

pytestmark = pytest.mark.django_db


def _load_annex_a(council: Any, rows: int, worker_names: list[str]) -> None:
    key = council_key(storage.key_path(council))
    folder = storage.version_dir(council, "annexa", 2026, 1)
    folder.mkdir(parents=True)
    pl.DataFrame(
        {
            "Child Unique ID": [pseudonym(key, f"CHILD{i}") for i in range(rows)],
            "Allocated Team": ["North" if i % 2 else "South" for i in range(rows)],
            "Allocated Worker": [
                pseudonym(key, worker_names[i % len(worker_names)]) for i in range(rows)
            ],
            "Child Protection Plan Start Date": [date(2024, 1 + i % 12, 1) for i in range(rows)],
        }
    ).write_parquet(folder / "list_7.parquet")
    upload = Upload.objects.create(council=council, storage_dir="x", status="ingested")
    Submission.objects.create(
        council=council,
        upload=upload,
        return_type="annexa",
        collection_year=2026,
        version=1,
        is_current=True,
        content_hash="a" * 64,
        storage_dir=storage.relative(folder),
        tables={"list_7": rows},
        rows=rows,
    )


def test_no_annex_a_is_a_clear_error(council_factory: Any, settings: Any, tmp_path: Any) -> None:
    settings.THRIVE_DATA_DIR = tmp_path
    with pytest.raises(SamplingError, match=ERROR_NO_ANNEX_A):
        annex_a_candidates(council=council_factory(), table="list_7")


def test_annex_a_sample_never_gives_an_auditor_their_own_case(
    council_factory: Any, person: Any, sign_in: Any, settings: Any, tmp_path: Any
) -> None:
    settings.THRIVE_DATA_DIR = tmp_path
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    amy.first_name, amy.last_name = "Amy", "Okafor"
    amy.save()
    ben = person("practitioner", council, username="ben")
    _load_annex_a(council, 20, ["Amy Okafor", "ben", "Someone Else"])
    frame, label, sha = annex_a_candidates(council=council, table="list_7")
    assert set(frame["worker"]) - {"amy", "ben"} != set()  # the stranger stays a pseudonym
    assert {"amy", "ben"} <= set(frame["worker"])
    assert label.startswith("Child protection (Annex A list 7), 2025/26") and sha == "a" * 64

    programme = make_programme(council, lead)
    response = sign_in(lead).post(
        f"/c/{council.la_number}/audits/programmes/{programme.pk}/sample/",
        {
            "source": "list_7",
            "method": "rule",
            "rule": "cp_plan_over_months",
            "rule_parameter": "18",
            "size": "8",
            "seed": "5",
            "as_of": "01/03/2026",
            "auditors": [amy.pk, ben.pk],
        },
    )
    assert response.status_code == 302
    sample = AuditSample.objects.get()
    assert sample.source.startswith("Child protection (Annex A list 7)")
    assert sample.size == 8
    audits = list(Audit.objects.all())
    assert any(audit.worker == "amy" for audit in audits)  # amy's cases were recognised
    for audit in audits:
        assert audit.auditor.username != audit.worker
        assert audit.case_facts["cp_plan_start_date"] < "2024-09-01"
