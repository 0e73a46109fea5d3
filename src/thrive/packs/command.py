"""`thrive report KIND --council CODE --period YYYY-MM --out FILE`: write a pack from the command
line, as the draft would show it on the last day of the month (live figures, no commentary).

Nothing is stored: issuing (which freezes figures and keeps the PDF) happens in the service.
Bad arguments stop before any work with a message saying what to change, and exit code 2.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path
from typing import Any

import typer

KINDS = ("board-pack", "dfe-update", "evidence-pack", "self-evaluation", "members-briefing")
EXTENSIONS = (".pdf", ".html")
PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(2)


def month_end(period: str) -> date:
    """The last day of `period` (YYYY-MM).

    Raises:
        ValueError: not a real month in the form YYYY-MM, with a message saying so.
    """
    match = PERIOD.match(period.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
        raise ValueError(f"--period {period!r} is not a month: write it as YYYY-MM, e.g. 2026-10.")
    year, month = int(match[1]), int(match[2])
    return date(year, month, calendar.monthrange(year, month)[1])


def _out_checked(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in EXTENSIONS:
        raise _fail(
            f"--out {out} must end in .pdf or .html (the pack is written in the format its "
            "extension names)."
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise _fail(f"the folder {folder} does not exist: create it or choose another --out.")
    if out.exists() and out.is_dir():
        raise _fail(f"--out {out} is a folder: name a file, e.g. {out / 'pack.pdf'}.")
    return suffix


def _priority(council: Any, theme: str) -> Any:
    """The plan priority `theme` names: its number, or words from its title."""
    from thrive.plans.models import Priority
    from thrive.plans.selectors import plan_active

    plan = plan_active(council=council)
    priorities = list(Priority.objects.for_council(council).filter(plan=plan)) if plan else []
    wanted = theme.strip().lower().removeprefix("priority").strip()
    found = [p for p in priorities if str(p.number) == wanted] or [
        p for p in priorities if wanted and wanted in p.title.lower()
    ]
    if len(found) == 1:
        return found[0]
    choices = "; ".join(f"{p.number} ({p.title})" for p in priorities)
    if not priorities:
        raise _fail(f"{council.name} has no improvement plan priorities, so no evidence pack.")
    if found:
        raise _fail(
            f"--theme {theme!r} matches more than one priority. Give its number: {choices}."
        )
    raise _fail(f"--theme {theme!r} is not a priority of {council.name}'s plan. Choose: {choices}.")


def report_command(
    kind: str = typer.Argument(..., help=f"Which pack: {', '.join(KINDS)}"),
    council: str = typer.Option(..., "--council", help="DfE LA number, for example 990"),
    period: str = typer.Option(
        ..., "--period", help="The month, YYYY-MM: figures as known at its end"
    ),
    out: Path = typer.Option(..., "--out", help="The file to write: .pdf (tagged) or .html"),
    theme: str | None = typer.Option(
        None, "--theme", help="evidence-pack only: the plan priority (number or title words)"
    ),
) -> None:
    """Write a pack (board, DfE, evidence, self-evaluation, members) as PDF or HTML."""
    if kind not in KINDS:
        raise _fail(f"no pack called {kind!r}. Choose one of: {', '.join(KINDS)}.")
    try:
        as_at = month_end(period)
    except ValueError as error:
        raise _fail(str(error)) from error
    suffix = _out_checked(out)
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.councils.models import Council
    from thrive.packs.kinds import pack_type_for_command
    from thrive.packs.models import Pack
    from thrive.packs.render import pack_context, pack_html, pack_pdf
    from thrive.packs.services import pack_title

    pack_kind = pack_type_for_command(kind)
    assert pack_kind is not None  # every name in KINDS is registered (tested)
    found = Council.objects.filter(la_number=council.strip()).first()
    if found is None:
        raise _fail(f"no council with LA number {council}. See `thrive council list`.")
    priority = None
    if pack_kind.themed:
        if not theme:
            raise _fail(f"{kind} needs --theme: the plan priority it is about (number or title).")
        priority = _priority(found, theme)
    elif theme:
        raise _fail(f"--theme is for evidence-pack only; {kind} covers the whole service.")
    pack = Pack(
        council=found,
        kind=pack_kind.kind,
        as_at=as_at,
        priority=priority,
        title=pack_title(kind=pack_kind.kind, as_at=as_at, priority=priority),
    )
    content = pack_kind.content(council=found, as_at=as_at, priority=priority)
    context = pack_context(pack=pack, content=content, commentary={})
    try:
        if suffix == ".pdf":
            out.write_bytes(pack_pdf(context))
        else:
            out.write_text(pack_html(context), encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write {out}: {error.strerror or error}.") from error
    typer.echo(f"Wrote {pack.title} for {found.name} to {out}")
