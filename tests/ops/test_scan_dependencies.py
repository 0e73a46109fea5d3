"""tools/audit_dependencies.py: what fails the build and what only warns (issue 15 item 10)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "audit_dependencies.py"


@pytest.fixture
def audit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Run the tool's main() with pip-audit answering `stdout`/`stderr`; (exit code, lock)."""
    spec = importlib.util.spec_from_file_location("audit_dependencies", TOOL)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lock = tmp_path / "requirements.lock"
    lock.write_text("django==5.2 \\\n    --hash=sha256:00\n")
    monkeypatch.delenv("THRIVE_AUDIT_STRICT", raising=False)

    def run(stdout: str, stderr: str = "", code: int = 0, strict: bool = False) -> int:
        if strict:
            monkeypatch.setenv("THRIVE_AUDIT_STRICT", "1")
        answer = subprocess.CompletedProcess([], code, stdout=stdout, stderr=stderr)
        monkeypatch.setattr(module.subprocess, "run", lambda *a, **k: answer)
        return int(module.main([str(lock)]))

    return run


def _report(*dependencies: dict[str, Any]) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails(audit: Any, capsys: pytest.CaptureFixture[str]) -> None:
    vulnerable = {
        "name": "django",
        "version": "5.2",
        "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["5.2.1"]}],
    }
    assert audit(_report(vulnerable, {"name": "rich", "version": "13", "vulns": []}), code=1) == 1
    assert "VULNERABLE django 5.2: PYSEC-0000-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_everything_checked_and_clean_passes(audit: Any) -> None:
    assert audit(_report({"name": "django", "version": "5.2", "vulns": []})) == 0


def test_an_incomplete_audit_warns_and_fails_only_when_strict(
    audit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    skipped = {"name": "django", "version": "5.2", "skip_reason": "Dependency not found on PyPI"}
    assert audit(_report(skipped)) == 0
    assert "AUDIT INCOMPLETE" in capsys.readouterr().err
    assert audit(_report(skipped), strict=True) == 1


def test_an_unreachable_service_warns_and_other_failures_fail(
    audit: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    traceback = "Traceback ...\nsocket.gaierror: [Errno -2] Name or service not known\n"
    assert audit("", stderr=traceback, code=1) == 0
    assert "could not be reached" in capsys.readouterr().err
    assert audit("", stderr=traceback, code=1, strict=True) == 1
    assert audit("", stderr="error: invalid requirement", code=1) == 2
