"""Compare what the reference and Thrive report, per rule, on the same input.

Each side is reduced to a `SideResult`: the set of (rule, child) pairs it reports and the rule
codes it ran. Rule codes are compared case-insensitively (the reference writes `392a`,
`SW01bSTG1`; Thrive may write `392A`); Thrive's spelling is displayed when it has the rule.

Agreement of one rule is the Jaccard index of the two sets of children it is reported for:
|both| / |either| (1.0 when neither side reports anything). Over many rules:

- **pooled** (micro-averaged) agreement, the headline "overall agreement": the pairs both
  sides report divided by the pairs either reports, over every rule both sides ran. A rule
  with many findings weighs more, as it does for an analyst reading the report.
- **mean per-rule** agreement: the plain mean of the per-rule Jaccard over the rules where
  at least one side reports something (rules where both are silent would only inflate it).

Both are also given "after documented differences": pairs reported by one side only and
explained by an entry of `thrive.parity.differences` are left out of both the numerator's
complement and the denominator (they count neither for nor against).

A rule only one side has for the year is "missing" (listed, never counted as agreement); a
rule that crashed or was skipped on a side is listed separately and left out of agreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from thrive.parity.differences import Difference

Pair = tuple[str, str | None]
"""(normalised rule code, child id or None for a finding about the whole return)."""


def normalise(code: str) -> str:
    """The comparison key of a rule code: trimmed and upper-cased (392a == 392A)."""
    return code.strip().upper()


@dataclass(slots=True)
class SideResult:
    """What one validator reported on one input."""

    side: str
    """"reference" or "thrive"."""
    pairs: set[Pair]
    ran: set[str]
    """Normalised codes that ran to completion (their findings can be compared)."""
    known: set[str]
    """Normalised codes the side has for this year (ran, failed, skipped or not checked)."""
    not_run: dict[str, str] = field(default_factory=dict)
    """Normalised code -> why it did not run (crashed, skipped, no previous year...)."""
    display: dict[str, str] = field(default_factory=dict)
    """Normalised code -> the code as this side writes it."""
    rows: int = 0
    """Findings counted per row (a child can have several rows for one rule)."""
    seconds: float | None = None
    """Validation time excluding start-up (imports), when known."""
    wall_seconds: float | None = None
    """Whole-process wall time, start-up included, when measured."""
    cached: bool = False
    """True when the findings were reused from an earlier identical run."""

    @classmethod
    def build(
        cls,
        side: str,
        findings: Iterable[tuple[str, str | None]],
        ran: Iterable[str],
        known: Iterable[str] = (),
        not_run: Mapping[str, str] | None = None,
    ) -> SideResult:
        """From raw findings (code as written, child) and codes; normalises every code."""
        display: dict[str, str] = {}
        pairs: set[Pair] = set()
        rows = 0
        for code, child in findings:
            key = normalise(code)
            display.setdefault(key, code)
            pairs.add((key, child if child not in ("", None) else None))
            rows += 1
        ran_codes = set()
        for code in ran:
            display.setdefault(normalise(code), code)
            ran_codes.add(normalise(code))
        failed = {normalise(code): why for code, why in (not_run or {}).items()}
        for code in not_run or {}:
            display.setdefault(normalise(code), code)
        known_codes = {normalise(code) for code in known} | ran_codes | set(failed)
        for code in known:
            display.setdefault(normalise(code), code)
        return cls(side, pairs, ran_codes, known_codes, failed, display, rows)


@dataclass(frozen=True, slots=True)
class RuleAgreement:
    """One rule on one input (or pooled over inputs): children reported by each side."""

    code: str
    reference: int
    thrive: int
    both: int
    reference_only_explained: int = 0
    thrive_only_explained: int = 0
    documented: bool = False

    @property
    def either(self) -> int:
        return self.reference + self.thrive - self.both

    @property
    def jaccard(self) -> float:
        return 1.0 if self.either == 0 else self.both / self.either

    @property
    def either_after(self) -> int:
        return self.either - self.reference_only_explained - self.thrive_only_explained

    @property
    def jaccard_after(self) -> float:
        return 1.0 if self.either_after == 0 else self.both / self.either_after

    def __add__(self, other: RuleAgreement) -> RuleAgreement:
        return RuleAgreement(
            self.code,
            self.reference + other.reference,
            self.thrive + other.thrive,
            self.both + other.both,
            self.reference_only_explained + other.reference_only_explained,
            self.thrive_only_explained + other.thrive_only_explained,
            self.documented or other.documented,
        )


@dataclass(slots=True)
class Comparison:
    """Agreement of the two sides on one input (or pooled over several)."""

    label: str
    return_: str
    rules: dict[str, RuleAgreement]
    """Normalised code -> agreement, for every rule both sides ran."""
    only_reference: list[str]
    """Codes (as the reference writes them) the reference has and Thrive lacks."""
    only_thrive: list[str]
    """Codes Thrive has and the reference lacks."""
    not_compared: dict[str, str]
    """Display code -> why (crashed or skipped on one side): left out of agreement."""
    samples: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    """Normalised code -> (children only the reference reports, only Thrive), a few each."""
    reference: SideResult | None = None
    thrive: SideResult | None = None
    documented: set[str] = field(default_factory=set)
    """Upper-cased codes with a documented difference (a missing rule may be one)."""

    def is_documented(self, code: str) -> bool:
        return normalise(code) in self.documented

    def undocumented_missing(self) -> tuple[list[str], list[str]]:
        """Missing rules (only the reference, only Thrive) that no documented difference covers."""
        return (
            [c for c in self.only_reference if not self.is_documented(c)],
            [c for c in self.only_thrive if not self.is_documented(c)],
        )

    def totals(self) -> RuleAgreement:
        total = RuleAgreement("*", 0, 0, 0)
        for agreement in self.rules.values():
            total = total + agreement
        return total

    @property
    def pooled(self) -> float:
        """Overall agreement: pairs both report / pairs either reports (micro Jaccard)."""
        return self.totals().jaccard

    @property
    def pooled_after(self) -> float:
        return self.totals().jaccard_after

    @property
    def mean(self) -> float:
        """Mean per-rule Jaccard over the rules where at least one side reports something."""
        active = [a.jaccard for a in self.rules.values() if a.either]
        return sum(active) / len(active) if active else 1.0

    @property
    def mean_after(self) -> float:
        active = [a.jaccard_after for a in self.rules.values() if a.either_after]
        return sum(active) / len(active) if active else 1.0

    def worst(self, count: int) -> list[RuleAgreement]:
        """The rules with most disagreeing pairs (then lowest agreement), after differences."""
        disagreeing = [a for a in self.rules.values() if a.either_after > a.both]
        disagreeing.sort(key=lambda a: (-(a.either_after - a.both), a.jaccard_after, a.code))
        return disagreeing[:count]


SAMPLE_SIZE = 5


def compare(
    label: str,
    return_: str,
    reference: SideResult,
    thrive: SideResult,
    differences: Mapping[str, Sequence[Difference]] | None = None,
) -> Comparison:
    """Per-rule agreement of `thrive` with `reference` on one input.

    `differences` maps upper-cased rule codes to the documented differences that apply.
    """
    differences = differences or {}
    by_rule_ref = _children_by_rule(reference.pairs)
    by_rule_thrive = _children_by_rule(thrive.pairs)
    compared = (reference.ran & thrive.ran) - set(reference.not_run) - set(thrive.not_run)
    rules: dict[str, RuleAgreement] = {}
    samples: dict[str, tuple[list[str], list[str]]] = {}
    for key in sorted(compared):
        ref_children = by_rule_ref.get(key, set())
        thrive_children = by_rule_thrive.get(key, set())
        both = ref_children & thrive_children
        ref_only = ref_children - thrive_children
        thrive_only = thrive_children - ref_children
        entries = differences.get(key, ())
        ref_explained = len(ref_only) if any(d.covers(True) for d in entries) else 0
        thrive_explained = len(thrive_only) if any(d.covers(False) for d in entries) else 0
        display = thrive.display.get(key) or reference.display.get(key, key)
        rules[key] = RuleAgreement(
            display,
            len(ref_children),
            len(thrive_children),
            len(both),
            ref_explained,
            thrive_explained,
            bool(entries),
        )
        if ref_only or thrive_only:
            samples[key] = (_sample(ref_only), _sample(thrive_only))
    only_reference = sorted(
        (reference.display.get(k, k) for k in reference.known - thrive.known), key=_sort_key
    )
    only_thrive = sorted(
        (thrive.display.get(k, k) for k in thrive.known - reference.known), key=_sort_key
    )
    not_compared: dict[str, str] = {}
    for side in (reference, thrive):
        for key, why in side.not_run.items():
            if key in reference.known and key in thrive.known:
                display = thrive.display.get(key) or side.display.get(key, key)
                reason = f"{side.side}: {why}"
                previous = not_compared.get(display)
                not_compared[display] = f"{previous}; {reason}" if previous else reason
    # a rule both know but one side neither ran nor reported as failed (e.g. skipped silently)
    for key in (reference.known & thrive.known) - compared:
        display = thrive.display.get(key) or reference.display.get(key, key)
        if display not in not_compared:
            who = "reference" if key not in reference.ran else "thrive"
            not_compared[display] = f"{who}: did not run"
    return Comparison(
        label,
        return_,
        rules,
        only_reference,
        only_thrive,
        dict(sorted(not_compared.items(), key=lambda item: _sort_key(item[0]))),
        samples,
        reference,
        thrive,
        {normalise(code) for code in differences},
    )


def pool(label: str, return_: str, comparisons: Sequence[Comparison]) -> Comparison:
    """Add up per-rule counts over several inputs (pairs of different inputs never collide)."""
    rules: dict[str, RuleAgreement] = {}
    only_reference: set[str] = set()
    only_thrive: set[str] = set()
    not_compared: dict[str, str] = {}
    samples: dict[str, tuple[list[str], list[str]]] = {}
    documented: set[str] = set()
    for comparison in comparisons:
        documented |= comparison.documented
        for key, agreement in comparison.rules.items():
            rules[key] = rules[key] + agreement if key in rules else agreement
        only_reference.update(comparison.only_reference)
        only_thrive.update(comparison.only_thrive)
        for code, why in comparison.not_compared.items():
            not_compared.setdefault(code, f"{why} ({comparison.label})")
        for key, (ref_only, thrive_only) in comparison.samples.items():
            have = samples.setdefault(key, ([], []))
            for kept, found in zip(have, (ref_only, thrive_only), strict=True):
                kept.extend(f"{c} ({comparison.label})" for c in found[: SAMPLE_SIZE - len(kept)])
    return Comparison(
        label,
        return_,
        dict(sorted(rules.items(), key=lambda item: _sort_key(item[0]))),
        sorted(only_reference, key=_sort_key),
        sorted(only_thrive, key=_sort_key),
        dict(sorted(not_compared.items(), key=lambda item: _sort_key(item[0]))),
        samples,
        documented=documented,
    )


def _children_by_rule(pairs: Iterable[Pair]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code, child in pairs:
        # a finding about the whole return has no child: one pseudo-child stands for it
        found.setdefault(code, set()).add(child if child is not None else "(return)")
    return found


def _sample(children: set[str]) -> list[str]:
    return sorted(children)[:SAMPLE_SIZE]


def _sort_key(code: str) -> tuple[int, int, str]:
    digits = ""
    for char in code:
        if not char.isdigit():
            break
        digits += char
    return (0, int(digits), code.upper()) if digits else (1, 0, code.upper())
