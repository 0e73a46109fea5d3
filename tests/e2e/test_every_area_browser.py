"""Every area's main pages in a real browser, axe clean: the demo council built without its
returns (the hand-built council's tables stand in, so measures and drill-downs have data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.e2e.test_audits_browser import _become
from tests.e2e.test_plans_browser import _serious_violations
from tests.metrics import handbuilt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "990"
# A header with one child whose ethnicity is not a code: the upload is refused with findings.
HEADER_CSV = (
    b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
    b"E2E001,1,09/06/2012,WBRI,A123456789012,,\n"
    b"E2E002,2,18/01/2014,XXXX,A123456789013,,\n"
)


def _handbuilt_inputs(folder: Path) -> dict[str, Any]:
    """The hand-built council's tables written as ingest stores them (one Parquet per table)."""
    result: dict[str, Any] = {}
    for return_id, years in handbuilt.inputs()[handbuilt.LA].items():
        for year, tables in years.items():
            target = folder / return_id / str(year) / "v0001"
            target.mkdir(parents=True)
            for name, frame in tables.items():
                frame.write_parquet(target / f"{name}.parquet")
                result.setdefault(return_id, {}).setdefault(year, {})[name] = (
                    target / f"{name}.parquet"
                )
    return result


# Monthly values for the headline measures (the engine's compile time is not what this test is
# about): 18 months each, drifting, the last month of one a special cause of concern.
SERIES: dict[str, tuple[float, float]] = {
    "caseload_avg": (24.0, -0.4),
    "vacancy_pct": (31.0, -0.9),
    "agency_pct": (22.0, -0.6),
    "cla_rate": (88.0, 0.3),
    "cla_count": (410.0, 1.0),
    "cp_rate": (52.0, 0.2),
    "assessments_45wd_pct": (71.0, 0.4),
    "placements_3plus_pct": (11.5, 0.1),
    "cp_repeat_pct": (18.0, 0.3),
}


def _values(council: Any) -> None:
    from thrive.measures.models import MeasureValue

    months = [f"{2025 + (m // 12)}-{m % 12 + 1:02d}" for m in range(6, 24)]
    MeasureValue.objects.bulk_create(
        MeasureValue(
            council=council,
            period=period,
            period_type="month",
            measure_id=measure_id,
            value=round(start + step * index, 1),
            spc_signal=(
                "concern" if measure_id == "cp_repeat_pct" and index == len(months) - 1 else ""
            ),
        )
        for measure_id, (start, step) in SERIES.items()
        for index, period in enumerate(months)
    )


def _build(tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    import io

    from django.core.paginator import Paginator

    from thrive.alerts.services import alerts_raise_after_recompute
    from thrive.councils.models import Council
    from thrive.demo.build import demo_build
    from thrive.demo.people import demo_setup
    from thrive.measures import services, views
    from thrive.returns.services import IncomingFile, upload_create, upload_process

    settings.THRIVE_DATA_DIR = tmp_path / "data"
    demo_setup(password="demo-password-for-e2e-1")
    council = Council.objects.get(la_number=CODE)
    _values(council)  # before the build: its targets rate them, its packs show them
    demo_build(password="demo-password-for-e2e-1", load_returns=False)
    alerts_raise_after_recompute(council=council)
    # The drill-down reads the hand-built council's tables, three to a page so it paginates.
    inputs = _handbuilt_inputs(tmp_path / "parquet")
    monkeypatch.setattr(
        services, "council_inputs", lambda *, council: inputs if council.la_number == CODE else {}
    )
    monkeypatch.setattr(views, "Paginator", lambda rows, _size: Paginator(rows, 3))
    return upload_process(
        upload=upload_create(
            council=council,
            user=None,
            files=[IncomingFile(name="header.csv", stream=io.BytesIO(HEADER_CSV), size=99)],
        ),
        return_type="ssda903",
    )


def _urls(upload: Any) -> list[str]:
    from thrive.alerts.models import Alert
    from thrive.audits.models import Audit, AuditProgramme, LearningTheme, Moderation
    from thrive.governance.models import Board, Meeting
    from thrive.inspections.models import Inspection
    from thrive.packs.models import Pack
    from thrive.plans.models import Action
    from thrive.voice.models import Feedback

    def first(model: Any, **filters: Any) -> int:
        row = model.objects.filter(council__la_number=CODE, **filters).order_by("pk").first()
        assert row is not None, f"the demo has no {model.__name__} {filters}"
        return int(row.pk)

    inspection = first(Inspection, kind="standard")
    urls = [
        reverse("web:council-home", args=[CODE]),
        reverse("measures:dashboard", args=[CODE]),
        reverse("measures:measure", args=[CODE, "assessments_45wd_pct"]),
        reverse("measures:measure", args=[CODE, "caseload_avg"]),
        # "Children behind the figure": a year, a month (page 2 of 4), staff records, no data.
        reverse("measures:children", args=[CODE, "assessments_45wd_pct"]) + "?period=2026-03",
        reverse("measures:children", args=[CODE, "cla_count"])
        + "?period=2026-03&type=month&page=2",
        reverse("measures:children", args=[CODE, "vacancy_pct"]) + "?period=2025-09",
        reverse("measures:children", args=[CODE, "cin_rate"]),
        reverse("returns:return-list", args=[CODE]),
        reverse("returns:upload-create", args=[CODE]),
        reverse("returns:upload-detail", args=[CODE, upload.pk]),
        reverse("plans:plan-overview", args=[CODE]),
        reverse("plans:plan-progress", args=[CODE]),
        reverse("plans:action-detail", args=[CODE, first(Action, revised_due_date__isnull=False)]),
        reverse("inspections:inspection-list", args=[CODE]),
        reverse("inspections:inspection-detail", args=[CODE, inspection]),
        reverse("inspections:golden-thread", args=[CODE, first_recommendation(inspection)]),
        reverse("governance:board-list", args=[CODE]),
        reverse("governance:board-detail", args=[CODE, first(Board, kind="improvement_board")]),
        reverse("governance:meeting-detail", args=[CODE, first(Meeting, status="planned")]),
        reverse("governance:action-log", args=[CODE]),
        reverse("audits:dashboard", args=[CODE]),
        reverse("audits:programme-detail", args=[CODE, first(AuditProgramme)]),
        reverse("audits:audit-list", args=[CODE]),
        reverse("audits:audit-detail", args=[CODE, first(Audit, submitted_at__isnull=False)]),
        reverse("audits:moderation-list", args=[CODE]),
        reverse("audits:moderation-detail", args=[CODE, first(Moderation)]),
        reverse("audits:theme-list", args=[CODE]),
        reverse(
            "audits:theme-detail", args=[CODE, first(LearningTheme, name="Voice of the child")]
        ),
        reverse("voice:overview", args=[CODE]),
        reverse("voice:feedback-list", args=[CODE]),
        reverse("voice:feedback-detail", args=[CODE, first(Feedback)]),
        reverse("voice:you-said-we-did", args=[CODE]),
        reverse("alerts:alert-list", args=[CODE]),
        reverse("packs:pack-list", args=[CODE]),
        reverse("packs:pack-detail", args=[CODE, first(Pack, status="issued")]),
        reverse("packs:pack-detail", args=[CODE, first(Pack, kind="dfe")]),
        reverse("web:access-log", args=[CODE]),
    ]
    urls.append(reverse("alerts:alert-detail", args=[CODE, first(Alert)]))
    return urls


def first_recommendation(inspection_pk: int) -> int:
    from thrive.inspections.models import Recommendation

    row = Recommendation.objects.filter(inspection_id=inspection_pk).order_by("pk").first()
    assert row is not None
    return int(row.pk)


def test_every_area_main_pages_pass_axe(
    live_server: Any, page: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth import get_user_model

    upload = _build(tmp_path, settings, monkeypatch)
    urls = _urls(upload)
    # The administrator may open every page, child-level ones included.
    _become(page, live_server, get_user_model().objects.get(username="admin"))
    failures: dict[str, list[str]] = {}
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        assert page.locator("main h1").count() == 1, url
        if "page=2" in url:
            assert page.get_by_text("Page 2 of 4").count() == 2, url  # caption and pagination
        violations = _serious_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
