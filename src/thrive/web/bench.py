"""`thrive bench web-pages`: page response times for one signed-in analyst on a demo council.

Runs in a child process with its own throwaway SQLite database and data folder, production
settings (DEBUG off), and the synthetic Northbridge returns loaded, so it measures what a
council would see on one machine. Reports the median and 95th percentile per page.
"""

from __future__ import annotations

from thrive.bench import BenchResult, register, run_in_throwaway_service

REQUESTS_PER_PAGE = 40
TARGET_P95_SECONDS = 0.3
PAGES = (
    ("council overview", "/c/990/"),
    ("returns", "/c/990/returns/"),
    ("upload findings (first page)", "/c/990/returns/uploads/1/"),
    ("access log", "/c/990/access-log/"),
)


@register("web-pages")
def web_suite() -> list[BenchResult]:
    timings = run_in_throwaway_service("thrive.web.bench_runner")
    return [
        BenchResult(
            suite="web-pages",
            scenario=f"{name}: p95 of {REQUESTS_PER_PAGE} requests",
            seconds=values["p95"],
            target_seconds=TARGET_P95_SECONDS,
            details={"median": f"{values['median']:.3f} s", "status": str(values["status"])},
        )
        for name, values in timings.items()
    ]
