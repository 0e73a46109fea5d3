"""The plan as a spreadsheet, in the layout councils already use: one row per action.

Export: `plan_export_xlsx(council=, plan=) -> bytes`. Import: `plan_import_xlsx(council=,
plan=, data=, by=, dry_run=)` checks every row first and changes nothing unless every row is
valid (row-level errors name the row and column); then it applies all rows in one transaction.

Columns: Priority, Ref, Action, Owner, Organisation, Start, Due, Revised due, Reason for
revised due, Status, Delivery RAG, Impact RAG, Latest update, Latest update date, Linked
measures, Source, and a hidden "Thrive version" (each action's version when exported). Delivery
and impact RAG are computed by Thrive, so import ignores them. A row whose action was changed
in Thrive after the export is refused, naming what changed, rather than overwriting those edits
(a row that would change nothing is accepted). The file is size- and zip-checked first and read
row by row (openpyxl read-only), never more than `MAX_ROWS` rows.
A new "Latest update" text becomes a progress update. Text cells that a spreadsheet would run as
a formula (starting = + - @ or a control character) are exported with a leading apostrophe;
import removes it again, so a round trip keeps the words.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from thrive.councils.models import Council
from thrive.plans.forms import unknown_measure_ids
from thrive.plans.models import Action, ActionStatus, Owner, Plan, Priority
from thrive.plans.selectors import RAG_LABELS, action_rows
from thrive.plans.services import (
    PlanError,
    action_revise_due_date,
    action_update,
    plan_action_create,
    priority_create,
    progress_update_add,
)
from thrive.plans.sheet import COLUMNS, VERSION, WIDTHS, read_rows, text_cell
from thrive.plans.sheet import ImportFileError as ImportFileError
from thrive.plans.staleness import SheetRow, changes_since, sheet_row_changes
from thrive.statutory.reading import neutralise_formula

STATUS_BY_LABEL = {label.lower(): value for value, label in ActionStatus.choices}
STATUS_BY_LABEL.update({value: value for value in ActionStatus.values})


def neutralise(value: Any) -> Any:
    """Stop a spreadsheet treating exported text as a formula (CSV/formula injection)."""
    return neutralise_formula(value) if isinstance(value, str) else value


def _priority_label(priority: Priority) -> str:
    return f"{priority.number}. {priority.title}"


def plan_export_xlsx(*, council: Council, plan: Plan) -> bytes:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = "Plan"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in action_rows(council=council, plan=plan):
        action = row.action
        latest = row.latest_update
        values: list[Any] = [
            _priority_label(action.priority),
            action.ref,
            action.title,
            action.owner.name if action.owner else "",
            action.owner.organisation if action.owner else "",
            action.start_date,
            action.due_date,
            action.revised_due_date,
            action.revised_reason,
            action.get_status_display(),
            RAG_LABELS[row.delivery.rag],
            RAG_LABELS[row.impact.rag],
            latest.text if latest else "",
            latest.update_date if latest else None,
            ", ".join(action.measure_ids or []),
            action.get_source_type_display() if action.source_type else "",
            action.version,
        ]
        sheet.append([neutralise(v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    # Hidden, not removed: import compares it to refuse rows changed in Thrive since the export.
    sheet.column_dimensions[sheet.cell(1, len(COLUMNS)).column_letter].hidden = True
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        if self.sheet:
            where = f"Sheet {self.sheet!r}, row {self.row}" + (
                f", {self.column}" if self.column else ""
            )
        return f"{where}: {self.message}"


@dataclass
class ParsedRow:
    row: int
    priority_number: int
    priority_title: str
    ref: str
    title: str
    owner: Owner | None
    start: date
    due: date
    revised_due: date | None
    revised_reason: str
    status: str
    latest_update: str
    latest_update_date: date | None
    measure_ids: list[str]
    version: int | None = None


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updates_added: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


STALE = (
    "{ref} was changed in Thrive after this sheet was exported ({what}); importing the row "
    "would undo that. Export the plan again, copy your edits for {ref} into the new sheet and "
    "import that"
)
NO_VERSION_COLUMN = (
    "{ref} is already in the plan, and this sheet has no Thrive version column to show it "
    "is up to date. Export the plan again, make your edits in that sheet and import it"
)
ADDED_SINCE = (
    "{ref} was added in Thrive after this sheet was exported. Give your new action another "
    "reference, or export the plan again"
)


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse(
    council: Council, header: dict[str, int], body: list[tuple[int, tuple[Any, ...]]]
) -> tuple[list[ParsedRow], list[RowError]]:
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    owners = {
        (o.name.lower(), o.organisation.lower()): o for o in Owner.objects.for_council(council)
    }
    owners_by_name: dict[str, list[Owner]] = {}
    for owner in owners.values():
        owners_by_name.setdefault(owner.name.lower(), []).append(owner)

    for number, cells in body:

        def cell(name: str, cells: tuple[Any, ...] = cells) -> Any:
            i = header.get(name.lower())
            return cells[i] if i is not None and i < len(cells) else None

        row_errors: list[RowError] = []

        def err(column: str, message: str, number: int = number, bucket: list = row_errors) -> None:
            bucket.append(RowError(number, column, message))

        ref = text_cell(cell("Ref"))
        title = text_cell(cell("Action"))
        if not ref:
            err("Ref", "Enter a reference, for example 1.3")
        elif ref in seen:
            err("Ref", f"Duplicate reference {ref}: also on row {seen[ref]}")
        else:
            seen[ref] = number
        if not title:
            err("Action", "Enter the action")
        priority_text = text_cell(cell("Priority"))
        head, _, rest = priority_text.partition(".")
        if not head.strip().isdigit():
            err("Priority", f"{priority_text!r} must start with the priority number, like “1. …”")
            priority_number, priority_title = 0, ""
        else:
            priority_number, priority_title = int(head), rest.strip()
        owner_name, organisation = text_cell(cell("Owner")), text_cell(cell("Organisation"))
        owner = None
        if owner_name:
            if organisation:
                owner = owners.get((owner_name.lower(), organisation.lower()))
            else:
                matches = owners_by_name.get(owner_name.lower(), [])
                owner = matches[0] if len(matches) == 1 else None
            if owner is None:
                err(
                    "Owner",
                    f"Unknown owner {owner_name!r}"
                    + (f" of {organisation!r}" if organisation else "")
                    + ". Add them on the Owners page first, or correct the name",
                )
        dates: dict[str, date | None] = {}
        for column in ("Start", "Due", "Revised due", "Latest update date"):
            try:
                dates[column] = _date(cell(column))
            except ValueError as exc:
                err(column, f"{exc} is not a date; use dd/mm/yyyy, for example 27/03/2026")
                dates[column] = None
        start, due = dates["Start"], dates["Due"]
        if cell("Start") in (None, ""):
            err("Start", "Enter the start date")
        if cell("Due") in (None, ""):
            err("Due", "Enter the due date")
        if start and due and due < start:
            err("Due", "The due date must be the same as or after the start date")
        reason = text_cell(cell("Reason for revised due"))
        status_text = text_cell(cell("Status")).lower()
        status = STATUS_BY_LABEL.get(status_text or "not started")
        if status is None:
            allowed = ", ".join(label for _, label in ActionStatus.choices)
            err("Status", f"{status_text!r} is not a status; use one of: {allowed}")
        measures = [m.strip() for m in text_cell(cell("Linked measures")).split(",") if m.strip()]
        unknown = unknown_measure_ids(measures)
        if unknown:
            err("Linked measures", f"Unknown measure id {', '.join(unknown)}")
        version_text = text_cell(cell(VERSION))
        version = int(version_text) if version_text.isdigit() else None
        if version_text and version is None:
            err(VERSION, f"{version_text!r} is not a version: export the plan again")
        errors.extend(row_errors)
        if row_errors:
            continue
        assert start is not None and due is not None and status is not None
        parsed.append(
            ParsedRow(
                row=number,
                priority_number=priority_number,
                priority_title=priority_title,
                ref=ref,
                title=title,
                owner=owner,
                start=start,
                due=due,
                revised_due=dates["Revised due"],
                revised_reason=reason,
                status=status,
                latest_update=text_cell(cell("Latest update")),
                latest_update_date=dates["Latest update date"],
                measure_ids=measures,
                version=version,
            )
        )
    return parsed, errors


def _stale(row: ParsedRow, action: Action, *, versioned: bool) -> str:
    """Why `row` may not be applied to `action` (changed since the export), or ""."""
    if row.version == action.version:
        return ""
    sheet_row = SheetRow(
        priority_number=row.priority_number,
        title=row.title,
        owner_id=row.owner.pk if row.owner else None,
        start=row.start,
        due=row.due,
        revised_due=row.revised_due,
        status=row.status,
        measure_ids=row.measure_ids,
        latest_update=row.latest_update,
    )
    if not sheet_row_changes(sheet_row, action):
        return ""  # the row matches the plan as it is now: nothing would be overwritten
    if not versioned:
        return NO_VERSION_COLUMN.format(ref=row.ref)
    if row.version is None:
        return ADDED_SINCE.format(ref=row.ref)
    return STALE.format(ref=row.ref, what=changes_since(action, row.version))


class _DryRunRollback(Exception):
    pass


def plan_import_xlsx(
    *,
    council: Council,
    plan: Plan,
    data: bytes | BinaryIO,
    by: Any = None,
    dry_run: bool = False,
) -> ImportResult:
    """Validate every row, then apply all of them or none. Raises ImportFileError for bad files.

    Rows whose action changed in Thrive since the sheet was exported are errors (see STALE).
    """
    sheet_name, header, body = read_rows(data)
    parsed, errors = _parse(council, header, body)
    result = ImportResult(errors=errors, dry_run=dry_run)
    existing = {a.ref: a for a in Action.objects.for_council(council).select_related("priority")}
    for row in parsed:
        action = existing.get(row.ref)
        if action is not None and action.priority.plan_id != plan.pk:
            result.errors.append(
                RowError(row.row, "Ref", f"{row.ref} belongs to another plan of this council")
            )
        elif action is not None:
            stale = _stale(row, action, versioned=VERSION.lower() in header)
            if stale:
                result.errors.append(RowError(row.row, VERSION, stale, sheet_name))
        current_due = action.revised_due_date if action else None
        if row.revised_due and row.revised_due != current_due and not row.revised_reason:
            result.errors.append(
                RowError(
                    row.row, "Reason for revised due", "Enter the reason for the revised due date"
                )
            )
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result
    try:
        with transaction.atomic():
            _apply(council=council, plan=plan, rows=parsed, existing=existing, by=by, result=result)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except _RowFailed as failed:
        # Nothing is half-imported: the transaction rolled every row back.
        result.created, result.updated, result.unchanged, result.updates_added = [], [], [], []
        result.errors.append(RowError(failed.row, "", failed.message))
    return result


class _RowFailed(Exception):
    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row, self.message = row, message


def _apply(
    *,
    council: Council,
    plan: Plan,
    rows: list[ParsedRow],
    existing: dict[str, Action],
    by: Any,
    result: ImportResult,
) -> None:
    priorities = {p.number: p for p in Priority.objects.for_council(council).filter(plan=plan)}
    for row in rows:
        try:
            _apply_row(council, plan, row, priorities, existing, by, result)
        except PlanError as exc:
            raise _RowFailed(row.row, str(exc)) from exc


def _apply_row(
    council: Council,
    plan: Plan,
    row: ParsedRow,
    priorities: dict[int, Priority],
    existing: dict[str, Action],
    by: Any,
    result: ImportResult,
) -> None:
    priority = priorities.get(row.priority_number)
    if priority is None:
        priority = priority_create(
            plan=plan,
            number=row.priority_number,
            title=row.priority_title or f"Priority {row.priority_number}",
        )
        priorities[row.priority_number] = priority
    action = existing.get(row.ref)
    if action is None:
        action = plan_action_create(
            council=council,
            priority=priority,
            ref=row.ref,
            title=row.title,
            owner=row.owner,
            start_date=row.start,
            due_date=row.due,
            status=row.status,
            measure_ids=row.measure_ids,
            created_by=by,
        )
        if row.revised_due and row.revised_due != action.due_date:
            action = action_revise_due_date(
                action=action,
                expected_version=action.version,
                new_due_date=row.revised_due,
                reason=row.revised_reason,
                by=by,
            )
        result.created.append(row.ref)
    else:
        changes: dict[str, Any] = {}
        wanted = {
            "priority": priority,
            "title": row.title,
            "owner": row.owner,
            "start_date": row.start,
            "due_date": row.due,
            "status": row.status,
            "measure_ids": sorted(set(row.measure_ids)),
        }
        for name, value in wanted.items():
            if getattr(action, name) != value:
                changes[name] = value
        changed = False
        if changes:
            action = action_update(action=action, expected_version=action.version, by=by, **changes)
            changed = True
        if row.revised_due and row.revised_due not in {
            action.revised_due_date,
            action.effective_due_date,
        }:
            action = action_revise_due_date(
                action=action,
                expected_version=action.version,
                new_due_date=row.revised_due,
                reason=row.revised_reason,
                by=by,
            )
            changed = True
        (result.updated if changed else result.unchanged).append(row.ref)
    latest = action.updates.order_by("-update_date", "-id").first()
    if row.latest_update and (latest is None or latest.text != row.latest_update):
        progress_update_add(
            action=action,
            text=row.latest_update,
            status_after=action.status,
            update_date=row.latest_update_date or timezone.localdate(),
            by=by,
        )
        result.updates_added.append(row.ref)
