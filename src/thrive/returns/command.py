"""`thrive ingest`: check files and load them as new versions for a council."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _files_under(paths: list[Path]) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_dir():
            for item in sorted(p for p in path.rglob("*") if p.is_file()):
                if not item.name.startswith("."):
                    found.append((str(item.relative_to(path)), item))
        elif path.is_file():
            found.append((path.name, path))
        else:
            errors.print(f"[red]Error:[/red] {path} does not exist. Check the path and try again.")
            raise typer.Exit(2)
    return found


def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Return files or folders to load"),
    council: str = typer.Option(..., "--council", help="The council's DfE LA number"),
) -> None:
    """Check statutory return files and load them for a council as new versions."""
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.councils.models import Council
    from thrive.returns.models import Upload
    from thrive.returns.services import (
        ALLOWED_SUFFIXES,
        IncomingFile,
        UploadError,
        upload_create,
        upload_process,
    )

    target = Council.objects.filter(la_number=council).first()
    if target is None:
        errors.print(
            f"[red]Error:[/red] there is no council with LA number {council}. "
            "Add it first with `thrive council add CODE NAME`."
        )
        raise typer.Exit(2)
    files = [
        (name, path)
        for name, path in _files_under(paths)
        if name.lower().endswith(ALLOWED_SUFFIXES)
    ]
    handles = [path.open("rb") for _name, path in files]
    try:
        incoming = [
            IncomingFile(name=name, stream=handle, size=path.stat().st_size)
            for (name, path), handle in zip(files, handles, strict=True)
        ]
        try:
            upload = upload_create(council=target, user=None, files=incoming)
        except UploadError as exc:
            errors.print(f"[red]Error:[/red] {exc}")
            raise typer.Exit(2) from exc
    finally:
        for handle in handles:
            handle.close()

    show_bar = console.is_terminal
    with Progress(
        TextColumn("{task.description}"), BarColumn(), console=console, disable=not show_bar
    ) as bar:
        task = bar.add_task("Checking", total=100)
        upload = upload_process(
            upload=upload,
            on_progress=lambda percent, detail: bar.update(
                task, completed=percent, description=detail[:60]
            ),
        )
    for submission in upload.submissions.order_by("return_type", "collection_year"):
        console.print(
            f"Loaded {submission}: {submission.rows} rows, {submission.error_count} errors, "
            f"{submission.warning_count} warnings, {submission.query_count} queries."
        )
    if upload.status == Upload.Status.UNCHANGED:
        console.print("These files are identical to the current versions: nothing new was loaded.")
    if upload.status == Upload.Status.REJECTED:
        for finding in upload.findings.filter(unreadable=True):
            errors.print(f"[red]Not loaded:[/red] {finding.message}")
        errors.print("Nothing was loaded: fix the files above and run the command again.")
        raise typer.Exit(2)
    if upload.status == Upload.Status.FAILED:
        errors.print(f"[red]Error:[/red] {upload.failure_message}")
        raise typer.Exit(2)
    if upload.error_count:
        console.print(
            f"{upload.error_count} validation errors: see them with "
            f"`thrive validate` or on the upload's page in Thrive."
        )
        raise typer.Exit(1)
