"""How many of the generator's injected errors each validator finds (the issue wants ≥ 95 %).

A council generated with `--inject-errors RATE` lists every error it broke on purpose in
`truth.json` (`rule`, `return`, `file`, `child`, ...). For each generated input with injected
errors, the errors injected into that input's own file (the latest year's SSDA903 folder or CIN
census) are matched with what each side reported on it: an injected error is *detected* when
the side reports its rule for its child -- the same (rule, child) pairs the agreement is
measured on (an error with no child, such as a return-level count, when the side reports the
rule at all). Errors whose rule a side did not run (it lacks it, it crashed, or last year's
return was needed) are counted apart, never as detected; an error the reference misses where
a documented difference says its rule cannot find what Thrive finds is counted as explained
(the detection figure *after documented differences*, as for agreement).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from thrive.parity.compare import SideResult, normalise
from thrive.parity.differences import documented
from thrive.parity.run import InputResult


@dataclass(slots=True)
class Detection:
    """Injected errors of some inputs and how many each side found."""

    label: str
    return_: str
    injected: int = 0
    reference: int = 0
    thrive: int = 0
    reference_not_run: int = 0
    """Injected errors whose rule the reference did not run on that input."""
    explained: int = 0
    """Injected errors the reference ran the rule for and missed, as a documented difference
    of the rule (one explaining findings Thrive alone reports) says it does."""
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    """(input, rule, child) of errors the reference ran the rule for and did not report."""

    @property
    def reference_share(self) -> float:
        return self.reference / self.injected if self.injected else 1.0

    @property
    def reference_share_after(self) -> float:
        """Detected or explained by a documented difference of the reference's rule."""
        return (self.reference + self.explained) / self.injected if self.injected else 1.0

    @property
    def thrive_share(self) -> float:
        return self.thrive / self.injected if self.injected else 1.0

    def add(self, other: Detection) -> None:
        self.injected += other.injected
        self.reference += other.reference
        self.thrive += other.thrive
        self.reference_not_run += other.reference_not_run
        self.explained += other.explained
        self.missed += other.missed


def council_folder(result: InputResult) -> Path | None:
    """The generated council's folder (holding truth.json) of an input, if it has one."""
    path = result.input.path
    depth = 1 if result.input.return_ == "ssda903" else 2  # <council>/cin/<year>/<file>.xml
    return path.parents[depth] if len(path.parents) > depth else None


def injected_errors(result: InputResult) -> list[tuple[str, str | None]]:
    """(rule, child) of every error injected into this input's own file, from truth.json."""
    folder = council_folder(result)
    truth = folder / "truth.json" if folder is not None else None
    if truth is None or not truth.is_file():
        return []
    errors = json.loads(truth.read_text(encoding="utf-8")).get("errors", [])
    prefix = f"{result.input.return_}/{result.input.year}/"
    return [
        (normalise(str(e["rule"])), e.get("child") or None)
        for e in errors
        if e.get("return") == result.input.return_ and str(e.get("file", "")).startswith(prefix)
    ]


def _found(side: SideResult, rule: str, child: str | None) -> bool:
    if child is None:
        return any(code == rule for code, _ in side.pairs)
    return (rule, child) in side.pairs


def detect(result: InputResult) -> Detection | None:
    """Injected errors of one generated input found by each side; None if it has none."""
    comparison = result.comparison
    if not result.input.generated or comparison is None or comparison.reference is None:
        return None
    injected = injected_errors(result)
    if not injected:
        return None
    reference, thrive = comparison.reference, comparison.thrive
    differences = documented(result.input.return_, result.input.year)
    found = Detection(result.input.label, result.input.return_, injected=len(injected))
    for rule, child in injected:
        if thrive is not None and _found(thrive, rule, child):
            found.thrive += 1
        if _found(reference, rule, child):
            found.reference += 1
        elif rule not in reference.ran:
            found.reference_not_run += 1
        elif any(d.covers(reference_only=False) for d in differences.get(rule, [])):
            found.explained += 1
        else:
            found.missed.append((result.input.label, rule, child or ""))
    return found


def detections(results: Iterable[InputResult]) -> tuple[list[Detection], dict[str, Detection]]:
    """Per input, and pooled per return."""
    per_input = [found for found in map(detect, results) if found is not None]
    pooled: dict[str, Detection] = {}
    for found in per_input:
        pooled.setdefault(found.return_, Detection("pooled", found.return_)).add(found)
    return per_input, pooled
