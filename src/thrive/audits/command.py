"""`thrive audits sample`: draw (or re-draw, to check a recorded sample) an audit sample offline.

    thrive audits sample cases.csv --size 10 --seed 2026 --method stratified

Prints one line per drawn case (child id, team, worker) in draw order, then the strata. The same
file, method, size, seed, rule and as-at date always print the same cases as the web page drew.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

audits_app = typer.Typer(help="Quality-assurance case audits.", no_args_is_help=True)


class Method(StrEnum):
    random = "random"
    stratified = "stratified"
    rule = "rule"


def _as_of(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD") from exc


@audits_app.command("sample")
def sample_command(
    case_list: Path = typer.Argument(..., help="CSV case list (the columns the web page takes)"),
    size: int = typer.Option(..., "--size", min=1, help="How many cases to draw"),
    seed: int = typer.Option(..., "--seed", help="The seed the sample was drawn with"),
    method: Method = typer.Option(Method.random, "--method", help="How to draw"),
    rule: str = typer.Option("", "--rule", help="Sampling rule, with --method rule"),
    rule_parameter: int | None = typer.Option(None, "--rule-parameter", help="The rule's number"),
    as_of: str | None = typer.Option(None, "--as-of", help="As-at date, YYYY-MM-DD"),
) -> None:
    """Draw an audit sample from a CSV case list (the same seed always draws the same cases)."""
    from thrive.audits.sampling import RULES, SamplingError, draw_sample, read_case_list

    if rule and rule not in RULES:
        raise typer.BadParameter(f"unknown rule {rule!r}; use one of {', '.join(sorted(RULES))}")
    if not case_list.is_file() or case_list.is_symlink():
        typer.echo(f"Error: no such file: {case_list}", err=True)
        raise typer.Exit(2)
    when = _as_of(as_of)
    try:
        cases, errors = read_case_list(case_list.read_bytes())
        if errors:
            for error in errors:
                typer.echo(str(error), err=True)
            typer.echo(f"Error: {len(errors)} problem(s) in {case_list}: nothing drawn", err=True)
            raise typer.Exit(2)
        sample = draw_sample(
            cases,
            size=size,
            seed=seed,
            method=method.value,
            rule=rule,
            rule_parameter=rule_parameter,
            as_of=when,
        )
    except SamplingError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for row in sample.cases.iter_rows(named=True):
        typer.echo(f"{row['child_id']}\t{row['team']}\t{row['worker']}")
    strata = ", ".join(f"{team}: {count}" for team, count in sample.strata.items())
    typer.echo(
        f"{sample.size} of {sample.eligible_count} eligible ({sample.candidate_count} listed), "
        f"seed {sample.seed}; per team: {strata}"
    )
