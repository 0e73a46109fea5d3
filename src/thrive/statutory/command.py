"""`thrive validate` and `thrive rules`: the offline validator's command line.

Works fully offline: nothing leaves the analyst's machine. This module is imported to build
`thrive validate --help`, so it imports only the standard library, Typer and `issues` at the
top; Polars, the readers and the rules are imported when a command runs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from thrive.statutory.issues import Issue, Severity

if TYPE_CHECKING:
    from thrive.statutory.validate import Progress, ValidationReport

DEFAULT_MAX_SIZE_MB = 200
"""`reading.DEFAULT_SIZE_LIMIT` in MB (kept here so --help does not import the readers)."""

KNOWN_RETURNS = ("ssda903", "cin", "annexa", "workforce")
"""`rules.KNOWN_RETURNS` (tested equal)."""

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2

VALIDATE_FORMATS = ("text", "json", "csv")
RULES_FORMATS = ("text", "json", "csv", "markdown")
ISSUE_COLUMNS = ("rule", "severity", "return", "file", "sheet", "table", "row", "columns", "child",
                 "fields", "message")  # fmt: skip
CATALOGUE_COLUMNS = ("rule", "return", "year", "severity", "tables", "fields", "message")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(EXIT_UNREADABLE)


def _check_return(return_: str | None) -> None:
    if return_ is None:
        return
    if return_ not in KNOWN_RETURNS:
        raise _fail(f"unknown return {return_!r}; use one of {', '.join(KNOWN_RETURNS)}")
    from thrive.statutory.rules import load_returns

    if return_ not in load_returns():
        raise _fail(f"the {return_} validator is not available in this version of Thrive")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[Progress], None] | None]:
    """A Rich progress bar on stderr, only when stdout is a terminal."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as RichProgress

    with RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(progress: Progress) -> None:
            label = "Reading files" if progress.stage == "read" else f"Checking {progress.detail}"
            key = f"{progress.stage}:{progress.detail if progress.stage != 'read' else ''}"
            if key not in tasks:
                tasks[key] = bar.add_task(label, total=progress.total)
            bar.update(tasks[key], completed=progress.done, total=progress.total)

        yield update


def _where(issue: Issue) -> str:
    parts = [f"sheet {issue.sheet!r}"] if issue.sheet else []
    if issue.row is not None:
        parts.append(f"row {issue.row}")
    if issue.fields:
        columns = [
            f"{field} ({letter})"
            for field, letter in zip(issue.fields, issue.columns, strict=False)
        ]
        columns += list(issue.fields[len(issue.columns) :])
        parts.append(", ".join(columns))
    if issue.child is not None:
        parts.append(f"child {issue.child}")
    return ", ".join(parts)


def render_text(report: ValidationReport) -> str:
    """Issues grouped by file, with row, column and child, then a summary."""
    lines: list[str] = []
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file or "(no file)", []).append(issue)
    for file, issues in by_file.items():
        lines.append(file)
        for issue in issues:
            where = _where(issue)
            prefix = f"  {where}: " if where else "  "
            lines.append(f"{prefix}[{issue.severity} {issue.rule}] {issue.message}")
        lines.append("")
    counts = dict.fromkeys(Severity, 0)
    for issue in report.issues:
        counts[issue.severity] += 1
    for run in report.runs:
        label = str(run.year)
        if run.period is not None:
            start, end = run.period
            label = f"{run.year} ({start:%d/%m/%Y} to {end:%d/%m/%Y})"
        lines.append(
            f"{run.return_id} {label}: {len(run.files)} file(s), {run.rows_checked} rows, "
            f"{len(run.checked)} rules checked"
        )
        lines.extend(f"  note: {note}" for note in run.notes)
        if run.not_checked:
            codes = ", ".join(n.rule for n in run.not_checked)
            lines.append(f"  not checked ({run.not_checked[0].reason}): {codes}")
    by_rule: dict[str, int] = {}
    for issue in report.issues:
        by_rule[issue.rule] = by_rule.get(issue.rule, 0) + 1
    if by_rule:
        top = sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))[:10]
        lines.append("Most frequent: " + ", ".join(f"{rule} ({count})" for rule, count in top))
    lines.append(
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.QUERY]} query(ies) in {len(report.files)} file(s); "
        f"{report.rows_checked} rows checked in {report.seconds:.2f} s"
    )
    return "\n".join(lines) + "\n"


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    from thrive.statutory.reading import neutralise_formula

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, list):
                value = ";".join(str(v) for v in value)
            text = "" if value is None else str(value)
            values.append(neutralise_formula(text))
        writer.writerow(values)
    return buffer.getvalue()


def render(report: ValidationReport, format_: str) -> str:
    if format_ == "json":
        return json.dumps(report.to_dict(), indent=2) + "\n"
    if format_ == "csv":
        return _csv([issue.to_dict() for issue in report.issues], ISSUE_COLUMNS)
    return render_text(report)


def parse_extract_date(text: str | None) -> dt.date | None:
    """`--extract-date` as a date. Raises: typer.Exit(2) with a message saying what to give."""
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _fail(
            f"--extract-date {text!r} is not a date; give it as YYYY-MM-DD, e.g. 2026-10-14"
        ) from None
    if day > dt.date.today():
        raise _fail(f"--extract-date {day.isoformat()} is in the future; give the day it was run")
    return day


def validate_command(
    paths: list[Path] = typer.Argument(
        ..., help="Files or folders to check (folders are searched for return files)."
    ),
    return_: str | None = typer.Option(
        None, "--return", help="Only this return: ssda903, cin, annexa or workforce."
    ),
    year: int | None = typer.Option(
        None, "--year", help="Collection year by its end year (2025 = 2024/25)."
    ),
    previous: list[Path] | None = typer.Option(
        None, "--previous", help="Last year's files, for rules that compare years."
    ),
    extract_date: str | None = typer.Option(
        None,
        "--extract-date",
        help="Annex A: the day the data was extracted, YYYY-MM-DD (else the workbook's).",
    ),
    format_: str = typer.Option("text", "--format", help="text, json or csv."),
    max_size_mb: int = typer.Option(
        DEFAULT_MAX_SIZE_MB, "--max-size-mb", help="Largest file accepted."
    ),
) -> None:
    """Check statutory return files and report every error by file, row, column and child.

    Exit code 0: no errors; 1: validation errors; 2: unreadable input or bad arguments.
    """
    if format_ not in VALIDATE_FORMATS:
        raise _fail(f"unknown format {format_!r}; use one of {', '.join(VALIDATE_FORMATS)}")
    _check_return(return_)
    if max_size_mb <= 0:
        raise _fail("--max-size-mb must be positive")
    extracted = parse_extract_date(extract_date)
    from thrive.statutory.validate import validate_paths

    with _progress(sys.stdout.isatty()) as on_progress:
        report = validate_paths(
            paths,
            return_=return_,
            year=year,
            previous=previous or None,
            on_progress=on_progress,
            size_limit=max_size_mb * 1024 * 1024,
            extract_date=extracted,
        )
    typer.echo(render(report, format_), nl=False)
    raise typer.Exit(report.exit_code)


def rules_command(
    return_: str | None = typer.Option(
        None, "--return", help="Only this return: ssda903, cin, annexa or workforce."
    ),
    year: int | None = typer.Option(None, "--year", help="Only this collection year (end year)."),
    format_: str = typer.Option("text", "--format", help="text, json, csv or markdown."),
) -> None:
    """List the validation rules (the catalogue docs/rules.md is generated from)."""
    if format_ not in RULES_FORMATS:
        raise _fail(f"unknown format {format_!r}; use one of {', '.join(RULES_FORMATS)}")
    _check_return(return_)
    from thrive.statutory.catalogue import catalogue, markdown

    if format_ == "markdown":
        typer.echo(markdown(), nl=False)
        return
    rows = catalogue(return_, year)
    if year is not None and not rows:
        raise _fail(f"no rules for collection year {year}")
    if format_ == "json":
        typer.echo(json.dumps(rows, indent=2))
    elif format_ == "csv":
        typer.echo(_csv(rows, CATALOGUE_COLUMNS), nl=False)
    else:
        for row in rows:
            typer.echo(
                f"{row['return']} {row['year']} {row['rule']} [{row['severity']}] "
                f"{', '.join(row['tables'])}: {row['message']}"
            )
        typer.echo(f"{len(rows)} rule(s)")
