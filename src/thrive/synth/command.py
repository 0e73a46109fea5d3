"""`thrive generate`: the CLI shell around `thrive.synth.generate`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from thrive.synth.generate import GenerateError, GenerateOptions, check_options, generate
from thrive.synth.simulate import CouncilSpec


def generate_command(
    out: Path = typer.Option(..., "--out", help="Folder to write into (created if missing)."),
    seed: int = typer.Option(1, "--seed", help="Random seed; the same seed gives the same bytes."),
    size: str = typer.Option(
        "medium", "--size", help="Single council size: small, medium or large (under-18s)."
    ),
    years: int = typer.Option(3, "--years", help="Collection years to write."),
    councils: int = typer.Option(1, "--councils", help="Number of fictional councils."),
    inject_errors: float = typer.Option(
        0.0, "--inject-errors", help="Share of records (0-1) to break on purpose; see truth.json."
    ),
    end_year: int = typer.Option(
        2026, "--end-year", help="End year of the last collection year (2026 = 2025/26)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace a non-empty output folder."),
) -> None:
    """Generate synthetic councils: SSDA903, CIN census, Annex A and workforce files."""
    options = GenerateOptions(
        out=out,
        seed=seed,
        size=size,
        years=years,
        councils=councils,
        inject_errors=inject_errors,
        end_year=end_year,
        force=force,
    )
    try:
        check_options(options)
    except GenerateError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(code=2) from error
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as progress:
        task = progress.add_task("Generating", total=councils * years)

        def step() -> None:
            progress.advance(task)

        def council_done(spec: CouncilSpec) -> None:
            progress.update(task, description=f"Generated {spec.code} {spec.name}")

        try:
            specs = generate(options, on_council=council_done, on_step=step)
        except GenerateError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(code=2) from error
    typer.echo(f"Wrote {len(specs)} council(s) to {out}")
