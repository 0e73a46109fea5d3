"""`thrive plan export|import|digest`: the improvement plan as Excel, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

plan_app = typer.Typer(
    help="The improvement plan: Excel export and import, digest.", no_args_is_help=True
)


def _council_and_plan(code: str) -> tuple[Any, Any]:
    from thrive.councils.models import Council
    from thrive.plans.selectors import plan_active

    council = Council.objects.filter(la_number=code).first()
    if council is None:
        typer.echo(f"Error: no council with LA number {code}. See `thrive council list`.", err=True)
        raise typer.Exit(2)
    plan = plan_active(council=council)
    if plan is None:
        typer.echo(f"Error: {council.name} has no improvement plan yet.", err=True)
        raise typer.Exit(2)
    return council, plan


@plan_app.command("export")
def export_command(
    council: str = typer.Option(..., "--council", help="DfE LA number, for example 990"),
    out: Path = typer.Option(..., "--out", help="The .xlsx file to write"),
) -> None:
    """Write the council's plan to an Excel file: one row per action."""
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.plans.excel import plan_export_xlsx

    the_council, plan = _council_and_plan(council)
    out.write_bytes(plan_export_xlsx(council=the_council, plan=plan))
    typer.echo(f"Wrote {plan.title} for {the_council.name} to {out}")


@plan_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="The .xlsx file, in the export's layout"),
    council: str = typer.Option(..., "--council", help="DfE LA number, for example 990"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the file; change nothing"),
) -> None:
    """Import the plan from Excel: every row valid, or nothing changes."""
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.plans.excel import ImportFileError, plan_import_xlsx

    if not file.is_file():
        typer.echo(f"Error: {file} does not exist.", err=True)
        raise typer.Exit(2)
    if file.is_symlink():
        typer.echo(f"Error: {file} is a link; give the workbook itself.", err=True)
        raise typer.Exit(2)
    the_council, plan = _council_and_plan(council)
    try:
        with file.open("rb") as handle:  # read row by row after the size and zip checks
            result = plan_import_xlsx(council=the_council, plan=plan, data=handle, dry_run=dry_run)
    except ImportFileError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if result.errors:
        typer.echo("The plan has not been changed. Fix these rows and try again:", err=True)
        for error in result.errors:
            typer.echo(f"  {error}", err=True)
        raise typer.Exit(1)
    verb = "Would import" if dry_run else "Imported"
    typer.echo(
        f"{verb}: {len(result.created)} added, {len(result.updated)} changed, "
        f"{len(result.unchanged)} unchanged, {len(result.updates_added)} progress updates."
    )


@plan_app.command("digest")
def digest_command(
    base_url: str = typer.Option("", "--base-url", help="Site address for links in the email"),
) -> None:
    """Email each owner their due and overdue plan items (run daily)."""
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.plans.notifications import digest_send

    sent = digest_send(base_url=base_url)
    typer.echo(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
