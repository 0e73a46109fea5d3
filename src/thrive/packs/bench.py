"""`thrive bench report`: the monthly board pack as a PDF for a medium council.

Runs in a child process with its own throwaway SQLite database and data folder (as
`thrive bench web` does): generates a medium synthetic council, ingests its returns through
the returns service, adds the demo's plan and targets, computes the measures, then times the
board pack from the database to the PDF's bytes (content, template, WeasyPrint). Reported:
importing WeasyPrint, which a process pays once at its first PDF (no target: a web worker pays
it once in its life); the first pack in the process with and without that import (cold
templates, fonts and queries); the median of the next ones (warm). Target: under 5 s.
"""

from __future__ import annotations

from thrive.bench import BenchResult, register, run_in_throwaway_service

TARGET_SECONDS = 5.0
WARM_RUNS = 3


@register("report")
def report_suite() -> list[BenchResult]:
    found = run_in_throwaway_service("thrive.packs.bench_runner")
    details = {
        "population 0-17": str(found["population"]),
        "measure values": str(found["values"]),
        "pages": str(found["pages"]),
        "PDF": f"{found['bytes'] / 1024:.0f} KiB",
        "set-up": f"{found['setup']:.0f} s",
    }
    return [
        BenchResult(
            suite="report",
            scenario="import WeasyPrint (once per process)",
            seconds=found["import"],
            details=details,
        ),
        BenchResult(
            suite="report",
            scenario="board pack PDF, medium council, first in the process with the import",
            seconds=found["import"] + found["cold"],
            target_seconds=TARGET_SECONDS,
        ),
        BenchResult(
            suite="report",
            scenario="board pack PDF, medium council, first in the process after the import",
            seconds=found["cold"],
            target_seconds=TARGET_SECONDS,
            details={"content only": f"{found['cold_content']:.3f} s"},
        ),
        BenchResult(
            suite="report",
            scenario=f"board pack PDF, medium council, median of {WARM_RUNS} more",
            seconds=found["warm"],
            target_seconds=TARGET_SECONDS,
            details={"content only": f"{found['content']:.3f} s"},
        ),
    ]
