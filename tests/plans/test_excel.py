"""Excel: round trip, row-level errors, all-or-nothing import, formula injection."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.plans.factories import make_action, make_plan
from thrive.plans.excel import (
    COLUMNS,
    ImportFileError,
    plan_export_xlsx,
    plan_import_xlsx,
)
from thrive.plans.models import Action, ProgressUpdate
from thrive.plans.services import (
    action_revise_due_date,
    milestone_add,
    owner_get_or_create,
    progress_update_add,
)


def _snapshot(council: Any) -> list[tuple[Any, ...]]:
    return [
        (
            a.priority.number,
            a.priority.title,
            a.ref,
            a.title,
            a.owner.name if a.owner else "",
            a.owner.organisation if a.owner else "",
            a.start_date,
            a.due_date,
            a.revised_due_date,
            a.revised_reason,
            a.status,
            a.measure_ids,
            [u.text for u in a.updates.order_by("update_date", "id")],
        )
        for a in Action.objects.filter(council=council).order_by("ref")
    ]


def _sheet(data: bytes) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _workbook(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _seed(council: Any, user: Any) -> Any:
    plan, priority, owner = make_plan(council)
    police = owner_get_or_create(council=council, name="DCI Rowe", organisation="Police")
    first = make_action(council, priority, owner, measure_ids=["cla_rate"])
    action_revise_due_date(
        action=first,
        expected_version=1,
        new_due_date=date(2027, 2, 26),
        reason="Waiting for the new case system",
        by=user,
    )
    milestone_add(action=first, title="Pilot", due_date=date(2026, 6, 1))
    progress_update_add(
        action=first,
        text='=HYPERLINK("http://evil.test")',
        status_after="in_progress",
        update_date=date(2026, 5, 1),
        by=user,
    )
    make_action(council, priority, police, title="+ joint MASH triage with police")
    return plan


def test_round_trip_export_then_import_gives_the_same_plan(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    user = person("manager", council)
    plan = _seed(council, user)
    before = _snapshot(council)
    data = plan_export_xlsx(council=council, plan=plan)
    result = plan_import_xlsx(council=council, plan=plan, data=data, by=user)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.updates_added) == ([], [], [])
    assert sorted(result.unchanged) == ["1.1", "1.2"]
    assert _snapshot(council) == before

    # Into an empty council: the same plan appears.
    other = council_factory()
    other_plan, _p, _o = make_plan(other)
    owner_get_or_create(council=other, name="DCI Rowe", organisation="Police")
    other_plan.priorities.all().delete()
    result = plan_import_xlsx(council=other, plan=other_plan, data=data, by=user)
    assert result.ok, result.errors
    assert sorted(result.created) == ["1.1", "1.2"]
    assert _snapshot(other) == before


def test_export_layout_and_formula_injection(council_factory: Any, person: Any) -> None:
    council = council_factory()
    plan = _seed(council, person("manager", council))
    rows = _sheet(plan_export_xlsx(council=council, plan=plan))
    assert rows[0] == COLUMNS
    first, second = rows[1], rows[2]
    assert first[0] == "1. Help and protection"
    assert first[7].date() == date(2027, 2, 26)  # revised due, a real date cell
    assert first[12] == '\'=HYPERLINK("http://evil.test")'
    assert second[2] == "'+ joint MASH triage with police"
    assert first[10] in {"Red", "Amber", "Green"} and first[11] == "Not yet known"
    assert not any(
        isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for r in rows for v in r
    )


def test_bad_rows_give_row_errors_and_import_nothing(council_factory: Any, person: Any) -> None:
    council = council_factory()
    user = person("manager", council)
    plan, _priority, _owner = make_plan(council)
    data = _workbook(
        [
            [
                "1. Help",
                "1.1",
                "Good row",
                "Sam Owner",
                "Council",
                "05/01/2026",
                "30/06/2026",
                None,
                None,
                "In progress",
            ],
            [
                "1. Help",
                "1.2",
                "Unknown owner",
                "Nobody",
                "Council",
                "05/01/2026",
                "30/06/2026",
                None,
                None,
                "Not started",
            ],
            [
                "1. Help",
                "1.3",
                "Bad date",
                "Sam Owner",
                "Council",
                "31/02/2026",
                "30/06/2026",
                None,
                None,
                "Not started",
            ],
            [
                "1. Help",
                "1.1",
                "Duplicate",
                "Sam Owner",
                "Council",
                "05/01/2026",
                "30/06/2026",
                None,
                None,
                "Not started",
            ],
            ["Help", "1.5", "No number", "", "", "05/01/2026", "30/06/2026", None, None, "Done?"],
            [
                "1. Help",
                "1.6",
                "Revised, no reason",
                "",
                "",
                "05/01/2026",
                "30/06/2026",
                "30/09/2026",
                None,
                "Not started",
            ],
        ]
    )
    result = plan_import_xlsx(council=council, plan=plan, data=data, by=user)
    messages = [str(e) for e in result.errors]
    assert not result.ok
    assert "Row 3, Owner: Unknown owner 'Nobody' of 'Council'" in messages[0]
    assert any(m.startswith("Row 4, Start: 31/02/2026 is not a date") for m in messages)
    assert any(m.startswith("Row 5, Ref: Duplicate reference 1.1: also on row 2") for m in messages)
    assert any(m.startswith("Row 6, Priority:") for m in messages)
    assert any(m.startswith("Row 6, Status: 'done?' is not a status") for m in messages)
    assert any(m.startswith("Row 7, Reason for revised due") for m in messages)
    assert not Action.objects.filter(council=council).exists()  # the good row too


def test_dry_run_changes_nothing_and_new_update_text_is_added(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    user = person("manager", council)
    plan = _seed(council, user)
    rows = _sheet(plan_export_xlsx(council=council, plan=plan))
    rows[2][12] = "MASH protocol signed by all partners"
    rows[2][9] = "Complete"
    data = _workbook(rows[1:])
    before = _snapshot(council)
    dry = plan_import_xlsx(council=council, plan=plan, data=data, by=user, dry_run=True)
    assert dry.ok and dry.updated == ["1.2"] and dry.updates_added == ["1.2"]
    assert _snapshot(council) == before
    real = plan_import_xlsx(council=council, plan=plan, data=data, by=user)
    assert real.ok
    action = Action.objects.get(council=council, ref="1.2")
    assert action.status == "complete"
    assert ProgressUpdate.objects.filter(action=action).get().text.startswith("MASH protocol")


def test_not_a_workbook_is_refused(council_factory: Any) -> None:
    council = council_factory()
    plan, _p, _o = make_plan(council)
    with pytest.raises(ImportFileError, match="not an Excel"):
        plan_import_xlsx(council=council, plan=plan, data=b"ref,action\n1,x\n")


def test_unknown_measure_ids_are_row_errors(council_factory: Any, person: Any) -> None:
    council = council_factory()
    plan, _priority, _owner = make_plan(council)
    row = [
        "1. Help",
        "1.1",
        "x",
        "",
        "",
        "05/01/2026",
        "30/06/2026",
        None,
        None,
        "",
        "",
        "",
        "",
        None,
        "cla_rate, made_up_measure",
    ]
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook([row]))
    assert [str(e) for e in result.errors] == [
        "Row 2, Linked measures: Unknown measure id made_up_measure"
    ]
