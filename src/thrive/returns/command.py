"""`thrive ingest`: check files and load them as new versions for a council."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer

RETURNS = ("ssda903", "cin", "annexa", "workforce")
RETURN_SUFFIXES = (".csv", ".xml", ".xlsx", ".xlsm", ".xls")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(2)


def _files_under(paths: list[Path]) -> list[tuple[str, Path]]:
    """Every file to upload, named as the analyst sees it. Links are never followed: a link
    (or a folder in place of a file) stops the command with its name, before anything is read.
    """
    found: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_symlink():
            raise _fail(
                f"{path} is a link (shortcut); links are never followed. "
                "Give the file or folder itself."
            )
        if path.is_dir():
            for folder, dirs, names in os.walk(path, followlinks=False):
                here = Path(folder)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in [*dirs, *sorted(names)]:
                    item = here / name
                    if name.startswith("."):
                        continue
                    if item.is_dir() and not item.is_symlink():
                        if name.lower().endswith(RETURN_SUFFIXES):
                            raise _fail(
                                f"{item} is a folder, not a file, so nothing was loaded. "
                                "Put the return's file there instead."
                            )
                        continue
                    if not (item.is_symlink() or item.is_file()):
                        continue
                    if item.is_symlink():
                        raise _fail(
                            f"{item} is a link (shortcut); links are never followed, so "
                            "nothing was loaded. Copy the file itself into the folder."
                        )
                    found.append((str(item.relative_to(path)), item))
        elif path.is_file():
            found.append((path.name, path))
        else:
            raise _fail(f"{path} does not exist. Check the path and try again.")
    return found


def _check_year_and_extract_date(
    return_: str, year: int | None, extract_date: str | None
) -> dt.date | None:
    """Refuse a year the return does not accept, or a malformed extract date, before any work."""
    from thrive.statutory.command import parse_extract_date

    extracted = parse_extract_date(extract_date)
    if extracted is not None and return_ != "annexa":
        raise _fail("--extract-date is only for Ofsted Annex A (--return annexa)")
    if year is not None:
        from thrive.statutory.rules import load_returns, year_label

        accepted = load_returns()[return_].accepted_years
        if year not in accepted:
            raise _fail(
                f"{return_} returns can be loaded for the collection years "
                f"{year_label(accepted[0])} to {year_label(accepted[-1])} "
                f"(--year {accepted[0]} to {accepted[-1]}); {year} is not one of them"
            )
    return extracted


def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Return files or folders to load"),
    council: str = typer.Option(..., "--council", help="The council's DfE LA number"),
    return_: str = typer.Option(
        ...,
        "--return",
        help="The return these files are: ssda903, cin, annexa or workforce.",
    ),
    year: int | None = typer.Option(
        None,
        "--year",
        help="Collection year by its end year (2020 = 2019/20); else taken from the files.",
    ),
    extract_date: str | None = typer.Option(
        None,
        "--extract-date",
        help="Annex A: the day the data was extracted, YYYY-MM-DD (else the workbook's).",
    ),
) -> None:
    """Check statutory return files and load them for a council as new versions.

    Every file is read as part of the return given with --return; a version is loaded only
    when every file belongs to it and every table of the return is there.
    """
    if return_ not in RETURNS:
        raise _fail(f"unknown return {return_!r}; use one of {', '.join(RETURNS)}")
    extracted = _check_year_and_extract_date(return_, year, extract_date)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    from thrive.ops_cli import django_setup

    console = Console(soft_wrap=True)
    errors = Console(stderr=True, soft_wrap=True)

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
    everything = _files_under(paths)
    files = [(name, path) for name, path in everything if name.lower().endswith(ALLOWED_SUFFIXES)]
    left_out = [name for name, _path in everything if (name, _path) not in files]
    if left_out:
        console.print(f"Not return files, so not uploaded: {', '.join(left_out[:20])}")
    # O_NOFOLLOW: a file swapped for a link after the walk is refused, not followed.
    nofollow = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    handles = []
    try:
        for _name, path in files:
            handles.append(os.fdopen(os.open(path, nofollow), "rb"))
    except OSError as error:
        for handle in handles:
            handle.close()
        raise _fail(
            f"{error.filename} could not be opened ({error.strerror}), so nothing was loaded. "
            "Check it is the file itself, not a link, and that you can read it."
        ) from error
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
            return_type=return_,
            year=year,
            extract_date=extracted,
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
