"""Plan pages: action from a recommendation, RAG changes, stale edits, owners, councillors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.factories import signed_in_client
from tests.plans.factories import make_action, make_plan
from thrive.inspections.services import inspection_create, recommendation_add
from thrive.plans.models import Action, ProgressUpdate
from thrive.plans.services import STALE_EDIT, action_update, owner_get_or_create


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def test_create_action_from_recommendation_keeps_the_link(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    manager = person("manager", council)
    _plan, priority, owner = make_plan(council)
    inspection = inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=date(2026, 2, 2),
        end_date=date(2026, 2, 13),
    )
    rec = recommendation_add(inspection=inspection, text="Improve  supervision.", paragraph="31")
    signed_in_client(client, manager)
    url = reverse("plans:action-add", args=[council.la_number])
    page = client.get(url, {"recommendation": rec.pk})
    assert "Improve  supervision." in page.content.decode()
    response = client.post(
        url,
        {
            "recommendation": rec.pk,
            "priority": priority.pk,
            "title": "Monthly reflective supervision for every social worker",
            "owner": owner.pk,
            "start_date": "05/01/2026",
            "due_date": "31/07/2026",
            "measure_ids": "caseload_avg",
            "source_type": "inspection_recommendation",
            "source_text": rec.text,
        },
    )
    action = Action.objects.get(council=council)
    assert response.status_code == 302
    assert (action.recommendation, action.source_text, action.measure_ids) == (
        rec,
        "Improve  supervision.",
        ["caseload_avg"],
    )
    thread = client.get(reverse("inspections:golden-thread", args=[council.la_number, rec.pk]))
    assert "Monthly reflective supervision" in thread.content.decode()


def test_action_form_errors_show_the_summary_and_save_nothing(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    _plan, priority, _owner = make_plan(council)
    signed_in_client(client, person("director", council))
    response = client.post(
        reverse("plans:action-add", args=[council.la_number]),
        {
            "priority": priority.pk,
            "title": "",
            "start_date": "31/02/2026",
            "due_date": "",
            "measure_ids": "made_up_measure",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "<title>Error:" in body
    assert "Start date must be a real date" in body
    assert "made_up_measure is not a measure id" in body
    assert not Action.objects.exists()


def test_progress_update_turns_delivery_green(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    user = person("manager", council)
    _plan, priority, owner = make_plan(council)
    today = timezone.localdate()
    action = make_action(
        council, priority, owner, start_date=today - timedelta(days=30), due_date=today
    )
    signed_in_client(client, user)
    detail = reverse("plans:action-detail", args=[council.la_number, action.pk])
    assert "Not started, though it was due to start" in client.get(detail).content.decode()
    response = client.post(
        reverse("plans:action-progress", args=[council.la_number, action.pk]),
        {
            "update_date": _dmy(today),
            "text": "All teams now use the new template.",
            "status_after": "complete",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    body = client.get(detail).content.decode()
    assert "on time" in body and "All teams now use the new template." in body


def test_a_stale_edit_gets_a_clear_error_and_keeps_the_input(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    alice, bob = person("manager", council), person("director", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    action_update(action=action, expected_version=1, by=alice, title="Alice changed it")
    signed_in_client(client, bob)
    response = client.post(
        reverse("plans:action-edit", args=[council.la_number, action.pk]),
        {
            "priority": priority.pk,
            "title": "Bob's careful rewording",
            "owner": owner.pk,
            "start_date": "05/01/2026",
            "due_date": "18/12/2026",
            "status": "in_progress",
            "version": 1,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert STALE_EDIT.split(".")[0] in body.replace("&#x27;", "'")
    assert "Bob&#x27;s careful rewording" in body  # nothing typed is lost
    assert "Alice changed it" in body  # the current version is shown
    assert 'name="version" value="2"' in body
    action.refresh_from_db()
    assert action.title == "Alice changed it"


def test_owners_update_their_own_actions_only(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    worker = person("practitioner", council)
    _plan, priority, other_owner = make_plan(council)
    mine = make_action(
        council,
        priority,
        owner_get_or_create(council=council, name="Pat", organisation="Council", user=worker),
    )
    theirs = make_action(council, priority, other_owner)
    signed_in_client(client, worker)
    ok = client.post(
        reverse("plans:action-progress", args=[council.la_number, mine.pk]),
        {
            "update_date": "01/06/2026",
            "text": "Started",
            "status_after": "in_progress",
            "version": 1,
        },
    )
    assert ok.status_code == 302
    refused = client.get(reverse("plans:action-progress", args=[council.la_number, theirs.pk]))
    assert refused.status_code == 403
    assert (
        client.get(reverse("plans:action-edit", args=[council.la_number, mine.pk])).status_code
        == 403
    )
    assert ProgressUpdate.objects.filter(action=mine).count() == 1


def test_councillors_see_aggregate_progress_but_no_action(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    make_action(council, priority, owner, title="Secret wording of an action")
    signed_in_client(client, person("councillor", council))
    progress = client.get(reverse("plans:plan-progress", args=[council.la_number]))
    body = progress.content.decode()
    assert progress.status_code == 200
    assert "Help and protection" in body and "Secret wording" not in body
    overview = client.get(reverse("plans:plan-overview", args=[council.la_number]))
    assert overview.status_code == 302


def test_progress_page_charts_delivery_by_priority_with_its_table(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    make_action(council, priority, owner, title="First")
    make_action(council, priority, owner, title="Second")
    signed_in_client(client, person("councillor", council))
    body = client.get(reverse("plans:plan-progress", args=[council.la_number])).content.decode()
    chart = body[body.index("<svg") : body.index("</svg>")]
    assert "Delivery RAG of the plan&#x27;s actions, by priority" in chart
    assert 'role="img"' in chart and "Help and protection" in chart
    # The chart's figures follow it as a table: one row per priority, a column per RAG.
    table = body[body.index("(the chart's figures)") :]
    start = table.index("Help and protection")
    row = table[start : table.index("</tr>", start)]
    counts = [int(cell.split(">")[1].split("<")[0]) for cell in row.split("<td")[1:]]
    assert len(counts) == 4 and sum(counts) == 2


def test_overview_filters_and_exceptions(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    today = timezone.localdate()
    make_action(
        council,
        priority,
        owner,
        title="Late one",
        start_date=today - timedelta(days=60),
        due_date=today - timedelta(days=3),
        status="in_progress",
    )
    make_action(
        council,
        priority,
        owner,
        title="Fine one",
        start_date=today,
        due_date=today + timedelta(days=90),
        status="in_progress",
    )
    signed_in_client(client, person("adviser", council))
    url = reverse("plans:plan-overview", args=[council.la_number])
    body = client.get(url, {"exception": "overdue"}).content.decode()
    assert "Late one" in body and "Fine one" not in body
    body = client.get(url, {"delivery": "green"}).content.decode()
    assert "Fine one" in body and "Late one" not in body
    assert "Overdue: 1 action" in client.get(url).content.decode()


def test_due_panel_lists_my_overdue_items(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    me = person("qa_lead", council)
    _plan, priority, _owner = make_plan(council)
    today = timezone.localdate()
    mine = owner_get_or_create(council=council, name="Me", organisation="Council", user=me)
    make_action(
        council,
        priority,
        mine,
        title="My overdue action",
        start_date=today - timedelta(days=20),
        due_date=today - timedelta(days=1),
    )
    make_action(
        council,
        priority,
        mine,
        title="My later action",
        start_date=today,
        due_date=today + timedelta(days=200),
    )
    signed_in_client(client, me)
    body = client.get(reverse("plans:my-actions", args=[council.la_number])).content.decode()
    assert "My overdue action" in body and "Overdue" in body and "My later action" not in body


def test_evidence_file_download_is_council_scoped(
    council_factory: Any, person: Any, client: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thrive.plans.services import progress_update_add

    settings.MEDIA_ROOT = tmp_path
    council = council_factory()
    user = person("manager", council)
    _plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner)
    update = progress_update_add(
        action=action,
        text="x",
        status_after="in_progress",
        by=user,
        files=[SimpleUploadedFile("minutes.txt", b"board minutes")],
    )
    evidence = update.evidence.get()
    signed_in_client(client, user)
    response = client.get(reverse("plans:evidence-download", args=[council.la_number, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"board minutes"


def test_excel_download_and_upload_pages(council_factory: Any, person: Any, client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    council = council_factory()
    _plan, priority, owner = make_plan(council)
    make_action(council, priority, owner, title="Original wording")
    signed_in_client(client, person("manager", council))
    code = council.la_number
    download = client.get(reverse("plans:plan-export", args=[code]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="improvement-plan-')
    data = download.content
    upload = reverse("plans:plan-import", args=[code])
    checked = client.post(upload, {"file": SimpleUploadedFile("plan.xlsx", data), "dry_run": "on"})
    assert "The file is valid. Nothing has been changed yet." in checked.content.decode()
    bad = client.post(upload, {"file": SimpleUploadedFile("plan.csv", b"not a workbook")})
    body = bad.content.decode()
    assert "<title>Error:" in body and "not an Excel .xlsx workbook" in body
    done = client.post(upload, {"file": SimpleUploadedFile("plan.xlsx", data)})
    assert done.status_code == 302
    assert Action.objects.get(council=council).title == "Original wording"
