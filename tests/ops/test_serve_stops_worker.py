"""`thrive serve` and `thrive demo` stop their background worker when they are terminated."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from thrive import ops_cli


def _env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "THRIVE_TESTING", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(THRIVE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", COLUMNS="200", DEBUG="1")
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A finished child not yet reaped by anyone still answers; treat a zombie as gone.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text(encoding="utf-8"))


def _wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_sigterm_to_serve_stops_its_worker(tmp_path: Path) -> None:
    env = _env(tmp_path)
    migrate = subprocess.run(
        [sys.executable, "-m", "thrive.cli", "migrate"], env=env, capture_output=True, check=False
    )
    assert migrate.returncode == 0, migrate.stderr
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "thrive.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker_pid = 0
    try:
        assert serve.stdout is not None
        seen = []
        for line in serve.stdout:
            seen.append(line)
            found = re.search(r"background worker \(process (\d+)\)", line)
            if found:
                worker_pid = int(found.group(1))
                break
        assert worker_pid, "serve did not start a worker: " + "".join(seen)
        assert _wait_for(lambda: _listening(port), 60), "the server did not start listening"
        assert _alive(worker_pid)
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        assert _wait_for(lambda: not _alive(worker_pid), 15), "the worker outlived serve"
        output = serve.stdout.read()
        assert "Stopped the background worker." in output
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        if serve.stdout is not None:
            serve.stdout.close()
        if worker_pid and _alive(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)


class _StubbornWorker:
    """Stands in for a worker that ignores SIGTERM until killed."""

    pid = 4242

    def __init__(self) -> None:
        self.calls: list[str] = []

    def poll(self) -> int | None:
        return -9 if "kill" in self.calls else None

    def terminate(self) -> None:
        self.calls.append("terminate")

    def kill(self) -> None:
        self.calls.append("kill")

    def wait(self, timeout: float | None = None) -> int:
        if timeout is not None and "kill" not in self.calls:
            raise subprocess.TimeoutExpired("db_worker", timeout)
        return -9


def test_a_worker_that_ignores_sigterm_is_killed() -> None:
    worker = _StubbornWorker()
    ops_cli._worker_stop(worker, grace_seconds=0.01)  # type: ignore[arg-type]
    assert worker.calls == ["terminate", "kill"]


def test_demo_serves_through_the_same_worker_lifecycle(monkeypatch: pytest.MonkeyPatch) -> None:
    # `thrive demo` starts the same server-and-worker pair as `thrive serve`, so the SIGTERM
    # handling tested above covers both; this keeps them from drifting apart.
    import inspect

    assert "_serve_with_worker(port)" in inspect.getsource(ops_cli.demo)
    assert "_serve_with_worker(port)" in inspect.getsource(ops_cli.serve)
