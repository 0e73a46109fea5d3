"""Impact RAG: is an action changing children's experience? Evidence comes from providers.

CONTRACT FOR OTHER APPS (audits, voice, ...)
--------------------------------------------
An *impact provider* is a function `fn(action) -> list[ImpactEvidence]` where `action` is a
`thrive.plans.models.Action`. Register it once, typically from your AppConfig.ready()::

    from thrive.plans.impact import ImpactEvidence, register_impact_provider

    def audit_grades(action):
        return [ImpactEvidence(rag="amber", reason="6 of 10 audits good or better",
                               source="Case audits", source_url="")]

    register_impact_provider(audit_grades)

- `rag` is "red", "amber" or "green" (anything else is ignored as "not yet known").
- `reason` is one plain-English sentence a board member understands.
- `source` is a short label ("Measure cla_rate", "Case audits", "Feedback").
- A provider must only read the action's own council's data and must not raise; an exception
  is logged and that provider is skipped, so one broken provider never breaks the plan page.
Registration is idempotent (the same function twice counts once).
A provider may wrap a read that is the same for many actions (a measure's latest value, a
theme's audit grades) in `impact_cached(key, read)`: within `impact_batch()` (the plan pages
rate all their actions in one) it is read once per page, not once per action.

Combination (`impact_rag`): no evidence → "not yet known"; any red → red; all green → green;
otherwise amber. A manual override on the action wins, shown with its mandatory reason.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from thrive.plans.models import Action

logger = logging.getLogger(__name__)

RAGS = ("red", "amber", "green")


@dataclass(frozen=True)
class ImpactEvidence:
    rag: str
    reason: str
    source: str
    source_url: str = ""


@dataclass(frozen=True)
class ImpactResult:
    rag: str  # "red" | "amber" | "green" | "" (not yet known)
    reason: str
    evidence: tuple[ImpactEvidence, ...]
    overridden: bool = False


ImpactProvider = Callable[["Action"], list[ImpactEvidence]]
_PROVIDERS: list[ImpactProvider] = []


def register_impact_provider(fn: ImpactProvider) -> ImpactProvider:
    """Add a provider (usable as a decorator). Registering the same function again is a no-op."""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def impact_providers() -> tuple[ImpactProvider, ...]:
    return tuple(_PROVIDERS)


T = TypeVar("T")
_BATCH: ContextVar[dict[Hashable, Any] | None] = ContextVar("impact_batch", default=None)


@contextmanager
def impact_batch() -> Iterator[None]:
    """Share `impact_cached` reads between the actions rated inside the block (one page)."""
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def impact_cached(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, once per `key` inside `impact_batch()`; outside one, every time."""
    cache = _BATCH.get()
    if cache is None:
        return read()
    if key not in cache:
        cache[key] = read()
    result: T = cache[key]
    return result


def impact_evidence(action: Action) -> list[ImpactEvidence]:
    evidence: list[ImpactEvidence] = []
    for provider in _PROVIDERS:
        try:
            evidence.extend(provider(action))
        except Exception:  # a broken provider must not break the plan; it is logged
            logger.exception("impact provider %r failed for action %s", provider, action.pk)
    return evidence


def combine_impact(evidence: list[ImpactEvidence]) -> tuple[str, str]:
    """Pure: the impact RAG and its reason from a list of evidence."""
    known = [item for item in evidence if item.rag in RAGS]
    if not known:
        return "", "Not yet known: no linked measure or audit has a result yet."
    reds = [item for item in known if item.rag == "red"]
    if reds:
        return "red", "Red because " + "; ".join(f"{i.source}: {i.reason}" for i in reds)
    if all(item.rag == "green" for item in known):
        return "green", "Green because " + "; ".join(f"{i.source}: {i.reason}" for i in known)
    ambers = [item for item in known if item.rag == "amber"]
    return "amber", "Amber because " + "; ".join(f"{i.source}: {i.reason}" for i in ambers)


def impact_rag(action: Action) -> ImpactResult:
    evidence = impact_evidence(action)
    if action.impact_override:
        return ImpactResult(
            rag=action.impact_override,
            reason=f"Set by hand: {action.impact_override_reason}",
            evidence=tuple(evidence),
            overridden=True,
        )
    rag, reason = combine_impact(evidence)
    return ImpactResult(rag=rag, reason=reason, evidence=tuple(evidence))


# --- The plans app's own provider: linked measures ---------------------------------------------

SPC_WORDS = {
    "improving": "a real improvement (special cause)",
    "concern": "a real deterioration (special cause)",
    "common": "no significant change",
}


def measure_evidence(*, measure_id: str, rag: str, spc_signal: str, period: str) -> ImpactEvidence:
    """Pure: one linked measure's latest RAG and SPC signal → evidence.

    The SPC signal adjusts the target RAG: a real deterioration makes green amber and amber red;
    a real improvement lifts red to amber (moving the right way, not there yet).
    """
    adjusted = rag
    if spc_signal == "concern":
        adjusted = {"green": "amber", "amber": "red"}.get(rag, rag or "amber")
    elif spc_signal == "improving":
        adjusted = {"red": "amber"}.get(rag, rag or "amber")
    target = {"red": "off target", "amber": "near target", "green": "on target"}.get(
        rag, "no target set"
    )
    spc = SPC_WORDS.get(spc_signal, "not enough data for a trend")
    return ImpactEvidence(
        rag=adjusted,
        reason=f"{period}: {target}; {spc}",
        source=f"Measure {measure_id}",
    )


def measures_provider(action: Action) -> list[ImpactEvidence]:
    from thrive.measures.selectors import measure_latest_signal

    evidence = []
    for measure_id in action.measure_ids or []:
        signal = impact_cached(
            ("measure", action.council_id, measure_id),
            functools.partial(measure_latest_signal, council=action.council, measure_id=measure_id),
        )
        if signal is None:
            continue
        evidence.append(
            measure_evidence(
                measure_id=measure_id,
                rag=signal.rag,
                spc_signal=signal.spc_signal,
                period=signal.period,
            )
        )
    return evidence


register_impact_provider(measures_provider)
