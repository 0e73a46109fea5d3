"""Run both validators over a set of inputs and compare them: the engine of `make parity`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from thrive.parity.compare import Comparison, SideResult, compare, pool
from thrive.parity.differences import documented
from thrive.parity.inputs import ParityInput
from thrive.parity.oracle import OracleError, run_reference
from thrive.parity.thrive_side import run_thrive, time_thrive_process

RETURNS = ("ssda903", "cin")


@dataclass(slots=True)
class InputResult:
    """One input: the comparison, or why it could not be compared."""

    input: ParityInput
    comparison: Comparison | None
    error: str | None = None


@dataclass(slots=True)
class ParityResult:
    results: list[InputResult]
    seconds: float
    pooled: dict[str, Comparison] = field(default_factory=dict)
    """Return -> every input of that return pooled."""
    pooled_generated: dict[str, Comparison] = field(default_factory=dict)
    """Return -> the generated councils only (the acceptance's inputs)."""


def run_one(
    item: ParityInput,
    *,
    rules: Sequence[str] | None = None,
    fresh: bool = False,
    time_process: bool = True,
    cached_only: bool = False,
) -> InputResult:
    """Run the reference and Thrive on one input and compare them."""
    try:
        reference = run_reference(
            item.return_,
            item.path,
            item.year,
            item.previous,
            rules=rules,
            fresh=fresh,
            cached_only=cached_only,
        ).side()
    except (OracleError, OSError) as error:
        return InputResult(item, None, f"reference: {error}")
    thrive = run_thrive(item.return_, item.path, item.year, item.previous)
    if time_process:
        try:
            thrive.wall_seconds, _cpu = time_thrive_process(
                item.return_, item.path, item.year, item.previous
            )
        except (RuntimeError, OSError) as error:
            return InputResult(item, None, f"thrive validate: {error}")
    if rules:
        wanted = {code.upper() for code in rules}
        _restrict(reference, wanted)
        _restrict(thrive, wanted)
    comparison = compare(
        item.label, item.return_, reference, thrive, documented(item.return_, item.year)
    )
    return InputResult(item, comparison)


def _restrict(side: SideResult, wanted: set[str]) -> None:
    side.pairs = {pair for pair in side.pairs if pair[0] in wanted}
    side.ran &= wanted
    side.known &= wanted
    side.not_run = {code: why for code, why in side.not_run.items() if code in wanted}


def run_parity(
    inputs: Sequence[ParityInput],
    *,
    rules: Sequence[str] | None = None,
    fresh: bool = False,
    time_process: bool = True,
    cached_only: bool = False,
    on_input: Callable[[InputResult], None] | None = None,
) -> ParityResult:
    """Every input through both validators; comparisons per input and pooled per return."""
    started = time.perf_counter()
    results = []
    for item in inputs:
        result = run_one(
            item, rules=rules, fresh=fresh, time_process=time_process, cached_only=cached_only
        )
        results.append(result)
        if on_input is not None:
            on_input(result)
    parity = ParityResult(results, time.perf_counter() - started)
    for return_ in RETURNS:
        done = [r for r in results if r.comparison is not None and r.input.return_ == return_]
        if done:
            parity.pooled[return_] = pool(
                "all inputs", return_, [r.comparison for r in done if r.comparison]
            )
            generated = [r.comparison for r in done if r.comparison and r.input.generated]
            if generated:
                parity.pooled_generated[return_] = pool("generated councils", return_, generated)
    return parity
