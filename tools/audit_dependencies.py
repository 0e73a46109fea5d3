"""Check every locked dependency against the public vulnerability database (`make scan`).

Runs pip-audit on `requirements.lock` (hashes required, pip not used to resolve anything) and
reads its JSON report:

- a known vulnerability in any locked package fails the run (exit 1), naming the package, the
  advisory and the versions that fix it;
- a vulnerability service that cannot be reached, or that could not look up some packages, is
  reported loudly but does not fail the run (exit 0): the scan then proved nothing, and says so.
  CI has registry access, so the check normally runs; a network outage should not block a
  release on its own. Set `THRIVE_AUDIT_STRICT=1` (e.g. in a release pipeline) to make an
  incomplete audit fail too;
- anything else going wrong (pip-audit missing, the lock file unreadable) fails (exit 2).

    .venv/bin/python tools/audit_dependencies.py [requirements.lock]

The decision is recorded in docs/security.md ("Scanners").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Words in pip-audit's error output that mean the vulnerability service was not reachable.
UNREACHABLE = (
    "ConnectionError",
    "gaierror",
    "Max retries exceeded",
    "Name or service not known",
    "Temporary failure in name resolution",
    "timed out",
    "Connection refused",
    "Network is unreachable",
)


# Advisories that cannot affect Thrive, each with the reason (passed as --ignore-vuln).
IGNORED: dict[str, str] = {}


def _strict() -> bool:
    return os.environ.get("THRIVE_AUDIT_STRICT", "").strip().lower() in {"1", "true", "yes", "on"}


def _incomplete(message: str) -> int:
    print(f"pip-audit: AUDIT INCOMPLETE. {message}", file=sys.stderr)
    print(
        "pip-audit: this run did NOT show that the dependencies are free of known "
        "vulnerabilities. Re-run `make scan` where the service is reachable.",
        file=sys.stderr,
    )
    if _strict():
        print("pip-audit: THRIVE_AUDIT_STRICT is set, so this fails the build.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    lock = Path(argv[0] if argv else "requirements.lock")
    if not lock.is_file():
        print(f"pip-audit: {lock} not found (run from the repository root).", file=sys.stderr)
        return 2
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(lock), "--require-hashes",
        "--disable-pip", "--format", "json", "--progress-spinner", "off", "--timeout", "30",
    ]  # fmt: skip
    for advisory in IGNORED:
        command += ["--ignore-vuln", advisory]
    # Our own fixed command under this interpreter: nothing from outside reaches it.
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        if any(word in done.stderr for word in UNREACHABLE):
            last = done.stderr.strip().splitlines()[-1:] or ["(no message)"]
            return _incomplete(f"The vulnerability service could not be reached: {last[0]}")
        print(f"pip-audit failed (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
        return 2
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} "
                f"(fixed in {fixes})"
            )
    checked = len(dependencies) - len(skipped)
    print(
        f"pip-audit: {checked} of {len(dependencies)} locked packages checked, "
        f"{len(vulnerable)} with known vulnerabilities."
    )
    if vulnerable:
        print(
            "pip-audit: upgrade them in pyproject.toml and run `make lock`, or, if an advisory "
            "cannot affect Thrive, add it with the reason to IGNORED in this script.",
            file=sys.stderr,
        )
        return 1
    if skipped:
        reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
        return _incomplete(
            f"{len(skipped)} of {len(dependencies)} packages could not be looked up "
            f"({'; '.join(reasons)}): the vulnerability service did not answer for them."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
