"""Run the national reference validators as subprocesses, in their own virtualenvs.

Where they are (both overridable, so CI and other checkouts can point elsewhere):

- the oracles folder (run_reference.py and the copies of the validators): `../shared/oracles`
  beside the checkout, or `$THRIVE_ORACLES_DIR`;
- the virtualenvs `venv-903` and `venv-cin`: `var/oracles/` in the checkout, or
  `$THRIVE_ORACLE_VENVS` (`make oracles` creates them as the oracles README says).

The SSDA903 reference has a known fault: its rule 365 writes 31 March into the end date of
open episodes on a copy of the data that later rules share, so in a whole run the rules
after it that look at DEC (388, 376, 387, 575, 602, 577, 359 ...) see altered episodes.
`run_903` therefore runs every rule in one process (fast) and then re-runs the rules of
`CONTAMINATED_903` in a second process without rule 365 (`--rules 376,387,...`) and keeps
those results: one extra process per input, where
one process per rule would take minutes (running them together was checked to give the same
findings as running each alone).

Results are cached under `var/parity/cache/`, keyed by a hash of the input files, the
arguments and the reference's own code, because the reference is slow (a medium CIN census
takes minutes) and never changes between runs; `fresh=True` forces a new run (timing).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thrive.parity.compare import SideResult
from thrive.parity.reference_driver import MARKER

CONTAMINATED_903 = (
    "376", "387", "388", "575", "577", "602",
    # Every other rule that runs after 365 in the reference's order (v0.1.14, 2025/26) and
    # asks whether an episode is open (DEC blank): a whole run reports none of rule 359's
    # children, for example, while 359 run alone finds them.
    "147", "218", "228", "359", "363", "364", "367", "433", "502", "553", "581", "607",
    "1010", "SW05STG1", "SW07STG2", "SW08STG2", "SW12STG2", "SW17STG2",
)  # fmt: skip
"""Rules a whole SSDA903 reference run gets wrong because rule 365 changes shared data."""

VENVS = {"ssda903": "venv-903", "cin": "venv-cin"}
PEERS = {"ssda903": "903", "cin": "cin"}
PEER_FOLDERS = {"ssda903": "csc-validator-be-903", "cin": "csc-validator-be-cin"}


class OracleError(RuntimeError):
    """The reference could not be found or did not produce a result."""


def repo_root() -> Path:
    """The checkout this package runs from (src/thrive/parity -> repo)."""
    return Path(__file__).resolve().parents[3]


def oracles_dir() -> Path:
    given = os.environ.get("THRIVE_ORACLES_DIR")
    return Path(given).resolve() if given else repo_root().parent / "shared" / "oracles"


def venvs_dir() -> Path:
    given = os.environ.get("THRIVE_ORACLE_VENVS")
    return Path(given).resolve() if given else repo_root() / "var" / "oracles"


def oracle_python(return_: str) -> Path:
    return venvs_dir() / VENVS[return_] / "bin" / "python"


def missing_setup() -> list[str]:
    """What is missing to run the references (empty when both can run)."""
    problems = []
    script = oracles_dir() / "run_reference.py"
    if not script.is_file():
        problems.append(f"no {script} (set THRIVE_ORACLES_DIR)")
    for return_ in VENVS:
        python = oracle_python(return_)
        if not python.exists():
            problems.append(f"no {python} (run `make oracles` or set THRIVE_ORACLE_VENVS)")
    return problems


@dataclass(frozen=True, slots=True)
class ReferenceRun:
    """The reference's JSON for one input (several runs merged for SSDA903) and its timing."""

    data: dict[str, Any]
    wall_seconds: float
    """Whole-process wall time of the main run (all rules), start-up included."""
    cached: bool = False

    def side(self) -> SideResult:
        findings = [(str(e["rule"]), _child(e.get("child"))) for e in self.data["errors"]]
        findings += [(str(e["rule"]), None) for e in self.data.get("return_level", [])]
        failed = {str(code): "the reference crashed" for code in self.data["rules_failed"]}
        for code, count in self.data.get("unlocated", {}).items():
            failed[str(code)] = (
                f"the reference gave {count} finding(s) no row (its report would crash: "
                "upstream fault), so its findings are incomplete"
            )
        skipped = {
            str(code): "the reference skipped it (a table it needs is absent)"
            for code in self.data.get("rules_skipped", [])
        }
        result = SideResult.build(
            "reference",
            findings,
            ran=[str(code) for code in self.data["rule_codes"]],
            not_run={**skipped, **failed},
        )
        result.seconds = float(self.data["elapsed_s"])
        result.wall_seconds = self.wall_seconds
        result.cached = self.cached
        return result


def _child(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _command(
    return_: str,
    path: Path,
    year: int,
    previous: Path | None = None,
    rules: Sequence[str] | None = None,
) -> list[str]:
    command = [
        str(oracle_python(return_)),
        str(Path(__file__).with_name("reference_driver.py")),
        str(oracles_dir() / "run_reference.py"),
        PEERS[return_],
        str(path),
        "--year",
        str(year),
    ]
    if previous is not None and return_ == "ssda903":
        command += ["--prev", str(previous)]
    if rules:
        command += ["--rules", ",".join(rules)]
    return command


def timed_run(
    command: list[str], timeout: float
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run a command; its output, wall seconds and CPU seconds (user + system, children).

    CPU time is given beside wall time because the shared machines are often loaded: a
    single-threaded process's CPU time barely moves with load while its wall time can triple.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own fixed command, no shell)  # nosec B603
        command, capture_output=True, text=True, timeout=timeout, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, wall, cpu


def _invoke(command: list[str], timeout: float) -> tuple[dict[str, Any], float]:
    done, wall, cpu = timed_run(command, timeout)
    if done.returncode != 0 or not done.stdout.strip():
        tail = "\n".join(done.stderr.strip().splitlines()[-8:])
        raise OracleError(f"reference failed (exit {done.returncode}): {' '.join(command)}\n{tail}")
    try:
        data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except json.JSONDecodeError as error:
        raise OracleError(f"reference printed no JSON: {error}") from error
    unlocated: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if line.startswith(MARKER):
            _marker, code, count = line.split()
            unlocated[code] = unlocated.get(code, 0) + int(count)
    data["unlocated"] = unlocated
    data["cpu_s"] = round(cpu, 3)
    return data, wall


def _hash_inputs(paths: Sequence[Path | None], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        if path is None:
            digest.update(b"-")
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:24]


def _reference_fingerprint(return_: str) -> str:
    digest = hashlib.sha256()
    script = oracles_dir() / "run_reference.py"
    digest.update(script.read_bytes() if script.exists() else b"")
    digest.update(Path(__file__).with_name("reference_driver.py").read_bytes())
    peer = oracles_dir() / PEER_FOLDERS[return_]
    if peer.is_dir():
        for file in sorted(peer.rglob("*.py")):
            stat = file.stat()
            digest.update(f"{file.relative_to(peer)}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    return repo_root() / "var" / "parity" / "cache"


def run_reference(
    return_: str,
    path: Path,
    year: int,
    previous: Path | None = None,
    *,
    rules: Sequence[str] | None = None,
    fresh: bool = False,
    alone: bool = True,
    cached_only: bool = False,
    timeout: float = 1800,
) -> ReferenceRun:
    """Run the reference on one input (SSDA903 folder or CIN XML file) and parse its JSON.

    `rules` restricts the run to those codes (as the reference writes them). SSDA903 rules of
    `CONTAMINATED_903` are re-run without rule 365 unless `alone` is False (timing only).
    `cached_only` never runs the reference (OracleError when no earlier result is cached).
    Raises OracleError when the reference is missing or fails.
    """
    problems = missing_setup()
    if problems:
        raise OracleError("; ".join(problems))
    key = _hash_inputs(
        [path, previous],
        f"{return_}|{year}|{','.join(rules or [])}|{alone}|{_reference_fingerprint(return_)}",
    )
    cached_file = cache_dir() / f"{return_}-{key}.json"
    if not fresh and cached_file.exists():
        stored = json.loads(cached_file.read_text(encoding="utf-8"))
        data = stored["data"]
        if return_ == "ssda903" and alone and not cached_only:
            # A rule added to CONTAMINATED_903 since this result was cached is re-run alone now.
            before = list(data.get("rerun_without_365", []))
            data = _rerun_contaminated(data, path, year, previous, rules, timeout)
            if data.get("rerun_without_365", []) != before:
                cached_file.write_text(json.dumps(stored), encoding="utf-8")
        return ReferenceRun(data, float(stored["wall_seconds"]), cached=True)
    if cached_only:
        raise OracleError("no cached reference result for this input (run without --cached-only)")
    data, wall = _invoke(_command(return_, path, year, previous, rules), timeout)
    if return_ == "ssda903" and alone:
        data = _rerun_contaminated(data, path, year, previous, rules, timeout)
    cached_file.parent.mkdir(parents=True, exist_ok=True)
    cached_file.write_text(json.dumps({"data": data, "wall_seconds": wall}), encoding="utf-8")
    return ReferenceRun(data, wall)


def _rerun_contaminated(
    data: dict[str, Any],
    path: Path,
    year: int,
    previous: Path | None,
    rules: Sequence[str] | None,
    timeout: float,
) -> dict[str, Any]:
    """Replace the findings of `CONTAMINATED_903` rules (not yet re-run) by a run without 365."""
    wanted = {r.upper() for r in rules} if rules else None
    done = {str(code).upper() for code in data.get("rerun_without_365", [])}
    codes = {str(c).upper(): str(c) for c in data["rule_codes"]}
    again = [
        codes[code]
        for code in CONTAMINATED_903
        if code in codes and code not in done and (wanted is None or code in wanted)
    ]
    if not again:
        return data
    # one more process running only these rules: rule 365 is not among them
    rerun, _wall = _invoke(_command("ssda903", path, year, previous, again), timeout)
    keys = {code.upper() for code in again}
    data["errors"] = [e for e in data["errors"] if str(e["rule"]).upper() not in keys]
    data["errors"] += rerun["errors"]
    data["unlocated"].update(rerun["unlocated"])
    data["rules_failed"] = sorted({*data["rules_failed"], *rerun["rules_failed"]})
    data["rerun_without_365"] = [*data.get("rerun_without_365", []), *again]
    return data
