"""A worker killed in the middle of an ingest leaves the previous version current.

An ingest runs as `thrive ingest` in its own process, against a database file and data folder
shared with the test. It is stopped with SIGKILL (no clean-up code runs) at the worst moment:
inside the database transaction, after the new version's folder has been renamed into place.
The database must still show the previous version as the only current one, and the next
ingest must succeed as if the killed one had never started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# `thrive ingest`, made to stop for good once the version folder is in place (inside the
# transaction), after telling the test so through a marker file.
HANGING_INGEST = """
import sys, time
from pathlib import Path
import django
django.setup()
import thrive.returns.services as services

marker = Path(sys.argv.pop(1))

def hang(*args, **kwargs):
    marker.write_text("in the transaction", encoding="utf-8")
    time.sleep(600)

services._store_findings = hang
from thrive.cli import main
sys.argv[0] = "thrive"
main()
"""

VERSIONS = """
import json
import django
django.setup()
from thrive.returns.models import Submission
rows = Submission.objects.filter(council__la_number="990", return_type="ssda903")
print(json.dumps(sorted([s.version, s.is_current, s.storage_dir] for s in rows)))
"""


def _env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "THRIVE_TESTING", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(THRIVE_DATA_DIR=str(data_dir), DEBUG="1", THRIVE_LOG_LEVEL="WARNING")
    env["DJANGO_SETTINGS_MODULE"] = "thrive.settings"
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )


def _thrive(args: list[str], env: dict[str, str]) -> None:
    done = _run(["-m", "thrive.cli", *args], env)
    if args[0] == "ingest":  # exit code 1 means loaded with validation errors (the second set)
        assert "Loaded SSDA903" in done.stdout, done.stdout + done.stderr
    else:
        assert done.returncode == 0, done.stdout + done.stderr


def _ingest_args(folder: Path) -> list[str]:
    return ["ingest", str(folder), "--council", "990", "--return", "ssda903"]


def _versions(env: dict[str, str]) -> list[list[object]]:
    done = _run(["-c", VERSIONS], env)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_the_previous_version_current(tmp_path: Path) -> None:
    env = _env(tmp_path / "data")
    generated = tmp_path / "generated"
    _thrive(["generate", "--out", str(generated), "--size", "small", "--years", "1"], env)
    first = next((generated / "ssda903").iterdir())
    second = tmp_path / "second"
    second.mkdir()
    for path in first.iterdir():  # the same return with one file changed: a new version
        text = path.read_text(encoding="utf-8")
        if path.name.lower().startswith("header"):
            text = text.rstrip("\n").rsplit("\n", 1)[0] + "\n"
        (second / path.name).write_text(text, encoding="utf-8")
    _thrive(["migrate"], env)
    _thrive(["council", "add", "990", "Northbridge"], env)
    _thrive(_ingest_args(first), env)
    assert [row[:2] for row in _versions(env)] == [[1, True]]

    marker = tmp_path / "in-transaction"
    errors_file = (tmp_path / "ingest.err").open("w", encoding="utf-8")
    ingest = subprocess.Popen(
        [sys.executable, "-c", HANGING_INGEST, str(marker), *_ingest_args(second)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors_file,
    )
    try:
        deadline = time.monotonic() + 300
        while not marker.exists() and ingest.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        errors = (tmp_path / "ingest.err").read_text(encoding="utf-8")
        assert marker.exists(), f"the ingest never reached its transaction: {errors}"
        ingest.send_signal(signal.SIGKILL)
        ingest.wait(timeout=30)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
        errors_file.close()

    # The killed transaction never committed: version 1 is still the only, current version.
    assert [row[:2] for row in _versions(env)] == [[1, True]]

    # The next ingest is not blocked by what the killed one left on disk.
    _thrive(_ingest_args(second), env)
    versions = _versions(env)
    assert [row[:2] for row in versions] == [[1, False], [2, True]]
    current = tmp_path / "data" / str(versions[1][2])
    assert any(current.rglob("*.parquet")), "the new current version has no tables"
