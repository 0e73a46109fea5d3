"""`thrive bench`: run registered benchmark suites and append results to docs/benchmarks.md."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from thrive import bench

# Modules that register suites with `thrive.bench.register`.
BENCH_MODULES = (
    "thrive.synth.bench",
    "thrive.statutory.bench",
    "thrive.statutory.cin.bench",
    "thrive.metrics.bench",
    "thrive.web.bench",
    "thrive.web.loadbench",
    "thrive.parity.bench",
    "thrive.packs.bench",
)

console = Console(soft_wrap=True)


def _load_suites() -> dict[str, bench.BenchSuite]:
    for name in BENCH_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the module
                raise
    return bench.suites()


def bench_command(
    suite: str = typer.Argument("all", help="A suite (validate, generate, measures, web…) or all"),
    out: Path = typer.Option(Path("docs/benchmarks.md"), help="Where to append the results"),
    duration: int | None = typer.Option(
        None, min=5, help="Seconds of load for timed suites (web: default 60)"
    ),
) -> None:
    """Run benchmarks and append the results, with machine and date, to docs/benchmarks.md."""
    if duration is not None:
        os.environ["THRIVE_BENCH_DURATION"] = str(duration)
    suites = _load_suites()
    if suite != "all" and suite not in suites:
        console.print(
            f"[red]Error:[/red] no benchmark suite {suite!r}. Choose one of: "
            f"{', '.join(sorted(suites))} or all."
        )
        raise typer.Exit(2)
    chosen = sorted(suites) if suite == "all" else [suite]
    results: list[bench.BenchResult] = []
    for name in chosen:
        console.print(f"Running {name} …")
        results.extend(suites[name]())
    table = Table("suite", "scenario", "seconds", "target", "met")
    for result in results:
        table.add_row(
            result.suite,
            result.scenario,
            f"{result.seconds:.3f}",
            "" if result.target_seconds is None else f"{result.target_seconds:g}",
            {True: "yes", False: "NO", None: ""}[result.met],
        )
    console.print(table)
    bench.write_results(results, out)
    console.print(f"Appended to {out}")
