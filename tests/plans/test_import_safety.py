"""Plan import: stale rows refused with what changed, size/zip/row limits, streaming read."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import signed_in_client
from tests.fuzz.zips import lying_zip, zip_bomb
from tests.plans.factories import make_action, make_plan
from thrive.plans import sheet
from thrive.plans.excel import COLUMNS, ImportFileError, plan_export_xlsx, plan_import_xlsx
from thrive.plans.models import Action
from thrive.plans.services import action_update, progress_update_add

VERSION_INDEX = COLUMNS.index("Thrive version")


def _rows(data: bytes) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _workbook(rows: list[list[Any]], title: str = "Plan") -> bytes:
    workbook = Workbook()
    worksheet: Any = workbook.active
    worksheet.title = title
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _state(council: Any) -> list[tuple[Any, ...]]:
    return [
        (a.ref, a.title, a.status, a.version, a.updates.count())
        for a in Action.objects.filter(council=council).order_by("ref")
    ]


@pytest.fixture
def seeded(council_factory: Any, person: Any) -> tuple[Any, Any, Any, Action]:
    council = council_factory()
    manager = person("manager", council)
    plan, priority, owner = make_plan(council)
    action = make_action(council, priority, owner, title="Original wording")
    return council, manager, plan, action


def test_the_export_carries_each_rows_version_in_a_hidden_column(seeded: Any) -> None:
    council, manager, plan, action = seeded
    action = action_update(action=action, expected_version=1, by=manager, title="Reworded")
    data = plan_export_xlsx(council=council, plan=plan)
    rows = _rows(data)
    assert rows[0][VERSION_INDEX] == "Thrive version"
    assert rows[1][VERSION_INDEX] == action.version == 2
    letter = load_workbook(io.BytesIO(data)).active.cell(1, VERSION_INDEX + 1).column_letter
    assert load_workbook(io.BytesIO(data)).active.column_dimensions[letter].hidden


def test_a_row_changed_in_thrive_since_the_export_is_refused_naming_it(seeded: Any) -> None:
    council, manager, plan, action = seeded
    rows = _rows(plan_export_xlsx(council=council, plan=plan))
    # Meanwhile, in the browser: someone starts the action.
    action_update(action=action, expected_version=1, by=manager, status="in_progress")
    before = _state(council)
    rows[1][2] = "Edited in the spreadsheet"
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook(rows), by=manager)
    assert not result.ok
    [error] = result.errors
    message = str(error)
    assert message.startswith("Sheet 'Plan', row 2, Thrive version: 1.1 was changed in Thrive")
    assert "(Status changed by " in message
    assert "Export the plan again" in message
    assert _state(council) == before  # nothing written


def test_a_progress_update_since_the_export_also_makes_the_row_stale(seeded: Any) -> None:
    council, manager, plan, action = seeded
    rows = _rows(plan_export_xlsx(council=council, plan=plan))
    progress_update_add(action=action, text="Audit done", status_after="in_progress", by=manager)
    rows[1][2] = "Edited"
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook(rows), by=manager)
    assert [e.column for e in result.errors] == ["Thrive version"]
    assert "a progress update" in result.errors[0].message


def test_a_stale_row_that_changes_nothing_is_accepted(seeded: Any) -> None:
    council, manager, plan, _action = seeded
    first = _rows(plan_export_xlsx(council=council, plan=plan))
    first[1][2] = "Reworded in the sheet"
    assert plan_import_xlsx(council=council, plan=plan, data=_workbook(first), by=manager).ok
    # The same sheet again: its version is now old, but it would overwrite nothing.
    again = plan_import_xlsx(council=council, plan=plan, data=_workbook(first), by=manager)
    assert again.ok and again.unchanged == ["1.1"]


def test_an_up_to_date_row_is_applied(seeded: Any) -> None:
    council, manager, plan, action = seeded
    rows = _rows(plan_export_xlsx(council=council, plan=plan))
    rows[1][2] = "Edited in the spreadsheet"
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook(rows), by=manager)
    assert result.ok and result.updated == ["1.1"]
    assert Action.objects.get(pk=action.pk).title == "Edited in the spreadsheet"


def test_a_new_row_whose_ref_was_added_in_thrive_meanwhile_is_refused(seeded: Any) -> None:
    council, manager, plan, action = seeded
    rows = _rows(plan_export_xlsx(council=council, plan=plan))
    new = list(rows[1])
    new[1], new[2], new[VERSION_INDEX] = "1.2", "Added in the sheet", None
    make_action(council, action.priority, None, ref="1.2", title="Added in Thrive")
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook([*rows, new]), by=manager)
    assert [str(e) for e in result.errors] == [
        "Sheet 'Plan', row 3, Thrive version: 1.2 was added in Thrive after this sheet was "
        "exported. Give your new action another reference, or export the plan again"
    ]
    assert Action.objects.get(council=council, ref="1.2").title == "Added in Thrive"


def test_a_sheet_without_versions_may_not_change_existing_actions(seeded: Any) -> None:
    council, manager, plan, _action = seeded
    rows = [row[:VERSION_INDEX] for row in _rows(plan_export_xlsx(council=council, plan=plan))]
    assert plan_import_xlsx(council=council, plan=plan, data=_workbook(rows), by=manager).ok
    rows[1][2] = "Overwrite"
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook(rows), by=manager)
    assert "has no Thrive version column" in str(result.errors[0])
    assert Action.objects.get(council=council).title == "Original wording"


def test_a_version_that_is_not_a_number_is_a_row_error(seeded: Any) -> None:
    council, manager, plan, _action = seeded
    rows = _rows(plan_export_xlsx(council=council, plan=plan))
    rows[1][VERSION_INDEX] = "three"
    result = plan_import_xlsx(council=council, plan=plan, data=_workbook(rows), by=manager)
    assert [str(e) for e in result.errors] == [
        "Row 2, Thrive version: 'three' is not a version: export the plan again"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (zip_bomb(16 * 1024 * 1024), "refused as unsafe (part 'xl/worksheets/sheet1.xml'"),
        (lying_zip(actual=600_000, declared=100), "but the zip directory says 100"),
        (b"PK\x03\x04" + b"\x00" * 100, "not an Excel .xlsx workbook"),
    ],
)
def test_hostile_workbooks_are_refused_before_reading(
    seeded: Any, data: bytes, message: str
) -> None:
    council, manager, plan, _action = seeded
    with pytest.raises(ImportFileError) as caught:
        plan_import_xlsx(council=council, plan=plan, data=data, by=manager)
    assert message in str(caught.value)


def test_size_and_row_limits(seeded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    council, manager, plan, _action = seeded
    data = plan_export_xlsx(council=council, plan=plan)
    monkeypatch.setattr(sheet, "MAX_BYTES", len(data) - 1)
    with pytest.raises(ImportFileError, match="larger than"):
        plan_import_xlsx(council=council, plan=plan, data=data, by=manager)
    monkeypatch.undo()
    monkeypatch.setattr(sheet, "MAX_ROWS", 3)
    rows = _rows(data)
    many = [rows[0]] + [[*rows[1][:1], f"1.{n}", *rows[1][2:VERSION_INDEX]] for n in range(4)]
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        plan_import_xlsx(council=council, plan=plan, data=_workbook(many), by=manager)


def test_the_import_reads_an_open_file(seeded: Any, tmp_path: Any) -> None:
    council, manager, plan, _action = seeded
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_export_xlsx(council=council, plan=plan))
    with path.open("rb") as handle:
        result = plan_import_xlsx(council=council, plan=plan, data=handle, by=manager)
    assert result.ok and result.unchanged == ["1.1"]


def test_the_import_page_refuses_an_oversized_file_and_shows_stale_rows(
    seeded: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    council, manager, plan, action = seeded
    signed_in_client(client, manager)
    url = reverse("plans:plan-import", args=[council.la_number])
    data = plan_export_xlsx(council=council, plan=plan)
    monkeypatch.setattr(sheet, "MAX_BYTES", 100)
    big = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", data)})
    assert "larger than" in big.content.decode()
    monkeypatch.undo()
    action_update(action=action, expected_version=1, by=manager, due_date=date(2026, 11, 30))
    rows = _rows(data)
    rows[1][2] = "Edited"
    stale = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", _workbook(rows))})
    body = stale.content.decode()
    assert "The plan has not been changed" in body
    assert "1.1 was changed in Thrive after this sheet was exported (Due changed by" in body
