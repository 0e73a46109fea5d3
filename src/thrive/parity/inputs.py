"""The inputs both validators run on: generated councils and hand-written edge cases.

Generated councils (`thrive.synth`) are written under `var/parity/inputs/` and reused while
the generator's code is unchanged (a hash of `thrive/synth/*.py` is stamped beside each), so a
second `make parity` only re-runs the validators. Each council gives the latest collection
year's SSDA903 folder (with last year's folder as the previous year) and CIN census XML.

Edge cases live in `tests/fixtures/parity/`: `ssda903/<case>/` is a folder of CSVs with the
real SSDA903 headers (or `<case>/current/` and `<case>/previous/` when a case needs last
year's return), `cin/<case>.xml` one CIN
census file; each is small and named after the rule family it exercises.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from thrive.parity.oracle import repo_root

END_YEAR = 2026
SEEDS = (1, 2, 3)
SIZES = ("small", "medium")
RATES = (0.0, 0.02)


@dataclass(frozen=True, slots=True)
class ParityInput:
    """One input of one return: an SSDA903 folder or a CIN XML file, for one year."""

    label: str
    return_: str
    path: Path
    year: int
    previous: Path | None = None
    generated: bool = True


def inputs_dir() -> Path:
    return repo_root() / "var" / "parity" / "inputs"


def fixtures_dir() -> Path:
    return repo_root() / "tests" / "fixtures" / "parity"


def generator_fingerprint() -> str:
    """A hash of the generator's code: cached councils are rebuilt when it changes."""
    synth = repo_root() / "src" / "thrive" / "synth"
    digest = hashlib.sha256()
    for file in sorted(synth.rglob("*.py")):
        digest.update(file.relative_to(synth).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def council_label(seed: int, size: str, rate: float) -> str:
    return f"{size}-s{seed}-{'clean' if rate == 0 else f'e{rate:g}'}"


def ensure_council(
    seed: int, size: str, rate: float, root: Path | None = None, *, keep: bool = False
) -> Path:
    """A generated council's folder (two collection years), generated unless cached.

    A cached council is regenerated when the generator's code changed, unless `keep` (then
    any earlier generation is reused: faster, but it may not be today's generator's output).
    """
    from thrive.synth.generate import GenerateOptions, generate

    folder = (root or inputs_dir()) / council_label(seed, size, rate)
    stamp = folder / ".generator"
    fingerprint = generator_fingerprint()
    if stamp.exists() and (keep or stamp.read_text(encoding="utf-8").strip() == fingerprint):
        return folder
    options = GenerateOptions(
        out=folder,
        seed=seed,
        size=size,
        years=2,
        inject_errors=rate,
        end_year=END_YEAR,
        force=True,
        workers=1,
    )
    generate(options)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    return folder


def council_inputs(folder: Path, label: str, returns: Sequence[str]) -> list[ParityInput]:
    """The latest year's SSDA903 (with last year as previous) and CIN of a generated council."""
    found: list[ParityInput] = []
    if "ssda903" in returns:
        found.append(
            ParityInput(
                label,
                "ssda903",
                folder / "ssda903" / str(END_YEAR),
                END_YEAR,
                folder / "ssda903" / str(END_YEAR - 1),
            )
        )
    if "cin" in returns:
        found.append(
            ParityInput(label, "cin", folder / "cin" / str(END_YEAR) / "cin_census.xml", END_YEAR)
        )
    return found


def edge_cases(returns: Sequence[str], root: Path | None = None) -> list[ParityInput]:
    """Every hand-written edge case under tests/fixtures/parity, for the returns asked for."""
    base = root or fixtures_dir()
    found: list[ParityInput] = []
    if "ssda903" in returns and (base / "ssda903").is_dir():
        for case in sorted(p for p in (base / "ssda903").iterdir() if p.is_dir()):
            current, previous = case / "current", case / "previous"
            found.append(
                ParityInput(
                    f"edge:{case.name}",
                    "ssda903",
                    current if current.is_dir() else case,
                    END_YEAR,
                    previous if previous.is_dir() else None,
                    generated=False,
                )
            )
    if "cin" in returns and (base / "cin").is_dir():
        for file in sorted((base / "cin").glob("*.xml")):
            found.append(ParityInput(f"edge:{file.stem}", "cin", file, END_YEAR, generated=False))
    return found
