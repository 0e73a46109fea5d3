"""Documented, accepted disagreements between Thrive and the national reference validators.

The only accepted disagreement is one where the reference contradicts the DfE rule wording:
Thrive follows the DfE and the difference is written down here, with its reason. The parity
report shows agreement both raw and "after documented differences": every (rule, child) pair
reported by one side only, on a side an entry below `explains`, is left out of the second figure.

To add one, append a `Difference` to `DIFFERENCES` (keep them sorted by return, then rule)::

    Difference(
        return_="ssda903",
        rule="634",
        explains=Explains.REFERENCE_ONLY,
        reference="compares DATE_PERM with the start of the collection year",
        dfe="'... the date of the previous permanence order must be on or after 1 April 2016'",
        reason="the reference flags orders made before this year; the DfE cut-off is 2016",
    ),

`rule` is the code as Thrive writes it (compared case-insensitively). `explains` says which
pairs the difference accounts for: those only the reference reports, those only Thrive
reports, or both (e.g. a rule whose scope differs in both directions). An entry for a rule one
side does not implement at all marks that missing rule as documented.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Explains(StrEnum):
    """Which one-sided findings of a rule a documented difference accounts for."""

    REFERENCE_ONLY = "reference only"
    THRIVE_ONLY = "Thrive only"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Difference:
    """One accepted disagreement: what the reference does, what the DfE says, and why."""

    return_: str
    """"ssda903" or "cin"."""
    rule: str
    """The rule code as Thrive writes it."""
    explains: Explains
    reference: str
    """What the reference validator does."""
    dfe: str
    """The DfE rule wording (or the part of the guidance) Thrive follows."""
    reason: str
    """Why the reference is wrong by that wording, in a sentence or two."""
    years: tuple[int, ...] = ()
    """Collection years (end year) it applies to; empty: every year."""

    def applies(self, return_: str, year: int) -> bool:
        return self.return_ == return_ and (not self.years or year in self.years)

    def covers(self, reference_only: bool) -> bool:
        """Whether a pair reported by the reference only (True) or Thrive only is explained."""
        if self.explains is Explains.BOTH:
            return True
        return (self.explains is Explains.REFERENCE_ONLY) == reference_only


DIFFERENCES: list[Difference] = [
    Difference(
        return_="ssda903",
        rule="634",
        explains=Explains.REFERENCE_ONLY,
        reference=(
            "compares the previous permanence date (DATE_PERM) with the start of the "
            "collection year"
        ),
        dfe=(
            "634: 'There are entries for previous permanence options, but child has not "
            "started to be looked after from 1 April 2016 onwards'"
        ),
        reason=(
            "the DfE rule's cut-off is 1 April 2016 (when the previous permanence items were "
            "introduced), not the start of the current year; the reference's own upstream "
            "fault list names it"
        ),
    ),
]


def documented(return_: str, year: int) -> dict[str, list[Difference]]:
    """The differences that apply to one return and year, keyed by the upper-cased rule code."""
    found: dict[str, list[Difference]] = {}
    for difference in DIFFERENCES:
        if difference.applies(return_, year):
            found.setdefault(difference.rule.upper(), []).append(difference)
    return found
