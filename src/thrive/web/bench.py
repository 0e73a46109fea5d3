"""`thrive bench web-pages`: page response times for one signed-in analyst on a demo council.

Runs in a child process with its own throwaway SQLite database and data folder, production
settings (DEBUG off), and the synthetic Northbridge returns loaded, so it measures what a
council would see on one machine. Reports the median and 95th percentile per page.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from thrive.bench import BenchResult, register

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
    with tempfile.TemporaryDirectory(prefix="thrive-bench-web-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            "THRIVE_DATA_DIR": folder,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "thrive.settings",
            "THRIVE_SSL_REDIRECT": "0",
            "DEBUG": "0",
        }
        env.pop("THRIVE_TESTING", None)
        # Our own module under this interpreter, no shell, nothing from outside.
        completed = subprocess.run(  # nosec B603
            [sys.executable, "-m", "thrive.web.bench_runner"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    timings = json.loads(completed.stdout.strip().splitlines()[-1])
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
