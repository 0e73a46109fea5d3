"""`thrive plan export/import` and the daily digest email."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from tests.plans.factories import make_action, make_plan
from thrive.cli import app
from thrive.plans.models import Action
from thrive.plans.services import owner_get_or_create
from thrive.plans.tasks import send_due_digest


def test_cli_export_then_import(council_factory: Any, tmp_path: Path) -> None:
    council = council_factory(la_number="9444")
    _plan, priority, owner = make_plan(council)
    make_action(council, priority, owner, title="=cmd|' /C calc'!A0")
    out = tmp_path / "plan.xlsx"
    runner = CliRunner()
    exported = runner.invoke(app, ["plan", "export", "--council", "9444", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    dry = runner.invoke(app, ["plan", "import", str(out), "--council", "9444", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would import: 0 added, 0 changed, 1 unchanged" in dry.output
    assert Action.objects.get(council=council).title == "=cmd|' /C calc'!A0"
    missing = runner.invoke(app, ["plan", "import", str(out), "--council", "9999"])
    assert missing.exit_code == 2


def test_cli_import_reports_row_errors(council_factory: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from thrive.plans.excel import COLUMNS

    council = council_factory(la_number="9445")
    make_plan(council)
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["1. Help", "1.1", "x", "Ghost", "Nowhere", "1/1/2026", "nope", None, None, ""])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    result = CliRunner().invoke(app, ["plan", "import", str(path), "--council", "9445"])
    assert result.exit_code == 1
    assert "Row 2, Owner: Unknown owner 'Ghost'" in result.output
    assert "Row 2, Due: nope is not a date" in result.output
    assert not Action.objects.filter(council=council).exists()


def test_digest_emails_owners_their_due_items(
    council_factory: Any, person: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    council = council_factory(name="Northbridge")
    worker = person("practitioner", council)
    worker.email = "worker@example.test"
    worker.save()
    leaver = person("manager", council_factory())  # owns an action but is not a member
    _plan, priority, _owner = make_plan(council)
    today = timezone.localdate()
    mine = owner_get_or_create(council=council, name="W", organisation="Council", user=worker)
    theirs = owner_get_or_create(council=council, name="L", organisation="Council", user=leaver)
    make_action(
        council,
        priority,
        mine,
        title="Overdue thing",
        start_date=today - timedelta(days=40),
        due_date=today - timedelta(days=2),
    )
    make_action(
        council,
        priority,
        mine,
        title="Far away thing",
        start_date=today,
        due_date=today + timedelta(days=100),
    )
    make_action(
        council,
        priority,
        theirs,
        title="Not theirs any more",
        start_date=today,
        due_date=today + timedelta(days=3),
    )
    assert send_due_digest.enqueue().return_value == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["worker@example.test"]
    assert message.subject == "Thrive: 1 plan item due, 1 overdue"
    assert "Overdue thing" in message.body and "(OVERDUE)" in message.body
    assert "Far away thing" not in message.body
    result = CliRunner().invoke(app, ["plan", "digest"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Sent 1 digest email."
    assert len(mail.outbox) == 2
