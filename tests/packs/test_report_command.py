"""`thrive report`: every pack to a file, and clear errors (exit code 2) for bad arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.packs.builders import rich_council
from tests.packs.pdf_text import pdf_text
from thrive.cli import app
from thrive.packs.command import KINDS
from thrive.packs.kinds import pack_type_for_command
from thrive.packs.models import Pack

pytestmark = pytest.mark.django_db


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["report", *args])


def test_every_kind_has_a_pack_type() -> None:
    assert all(pack_type_for_command(kind) is not None for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_report_writes_each_pack(
    kind: str, council_factory: Any, person: Any, tmp_path: Path
) -> None:
    council = council_factory(la_number="9471", name="Reportshire")
    rich_council(council, person("qa_lead", council))
    theme = ["--theme", "children in care"] if kind == "evidence-pack" else []
    out = tmp_path / f"{kind}.pdf"
    result = _run(kind, "--council", "9471", "--period", "2026-10", "--out", str(out), *theme)
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    title = {
        "board-pack": "Improvement Board pack: October 2026",
        "dfe-update": "DfE progress update: October 2026",
        "evidence-pack": "Monitoring-visit evidence pack on Children in care: October 2026",
        "self-evaluation": "Self-evaluation draft: October 2026",
        "members-briefing": "Members' briefing: October 2026",
    }[kind]
    assert text.startswith(title) and "Reportshire" in text
    assert "31 October 2026" in text  # figures as known at the end of the month
    assert not Pack.objects.exists()  # the command stores nothing


def test_report_writes_html(council_factory: Any, tmp_path: Path) -> None:
    council_factory(la_number="9472")
    out = tmp_path / "brief.HTML"
    result = _run("members-briefing", "--council", "9472", "--period", "2026-03", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = out.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in document and "Members&#x27; briefing: March 2026" in document


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["board", "--period", "2026-10"], "no pack called 'board'"),
        (["board-pack", "--council", "0000"], "no council with LA number 0000"),
        (["board-pack", "--period", "2026-13"], "is not a month: write it as YYYY-MM"),
        (["board-pack", "--period", "Oct 2026"], "is not a month"),
        (["board-pack", "--out", "pack.docx"], "must end in .pdf or .html"),
        (["board-pack", "--out", "no/such/folder/pack.pdf"], "does not exist"),
        (["evidence-pack"], "evidence-pack needs --theme"),
        (["evidence-pack", "--theme", "9"], "is not a priority of Errorshire's plan"),
        (["evidence-pack", "--theme", "e"], "matches more than one priority"),
        (["board-pack", "--theme", "1"], "--theme is for evidence-pack only"),
    ],
)
def test_report_refuses_bad_arguments(
    args: list[str], message: str, council_factory: Any, person: Any, tmp_path: Path
) -> None:
    council = council_factory(la_number="9473", name="Errorshire")
    rich_council(council, person("qa_lead", council))
    kind, rest = args[0], args[1:]
    options = {"--council": "9473", "--period": "2026-10", "--out": str(tmp_path / "pack.pdf")}
    for flag, value in zip(rest[::2], rest[1::2], strict=True):
        options[flag] = str(tmp_path / value) if flag == "--out" else value
    result = CliRunner().invoke(
        app, ["report", kind, *[part for pair in options.items() for part in pair]]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "pack.pdf").exists()
