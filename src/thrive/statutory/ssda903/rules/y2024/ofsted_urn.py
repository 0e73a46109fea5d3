"""Ofsted URN rules: the episode's URN against Ofsted's provider lists.

They need the council's copy of Ofsted's provider lists (`thrive.reference.providers`); without
it they are reported as "not checked" with the way to give it. URN XXXXXXX (provider without
a URN) and blank URNs are not looked up; a URN not on the list is rule 1008's, so the other
rules check only providers found on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from thrive.reference.providers import require_provider_list
from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import DEC, DECOM
from thrive.statutory.ssda903.geography import council_la, placements
from thrive.statutory.ssda903.registry import registry

EP = spec.EPISODES
NO_URN = "XXXXXXX"


def _rule(
    code: str, fields: Iterable[str], message: str, *, since: int = 2024
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(
        code,
        severity=Severity.ERROR,
        tables=(EP,),
        fields=tuple(fields),
        message=message,
        since=since,
    )


def _looked_up(data: ReturnData) -> pl.DataFrame:
    """Episodes with a URN to look up, with the provider's details (null when not listed)."""

    def build() -> pl.DataFrame:
        providers = require_provider_list().rename(
            {
                "PLACE_CODES": "__place_codes",
                "PROVIDER_CODES": "__provider_codes",
                "REG_END": "__reg_end",
                "POSTCODE": "__provider_postcode",
                "LA": "__provider_la",
            }
        )
        given = placements(data).filter(pl.col("URN").is_not_null() & (pl.col("URN") != NO_URN))
        joined = given.with_columns(pl.col("URN").str.strip_chars().alias("__urn")).join(
            providers.rename({"URN": "__urn"}), on="__urn", how="left", maintain_order="left"
        )
        return joined.with_columns(pl.col("__place_codes").is_not_null().alias("__listed"))

    return data.cached("903.urn_lookup", build)


def _listed(data: ReturnData) -> pl.DataFrame:
    return _looked_up(data).filter(pl.col("__listed"))


@_rule("1008", ["URN"], "Ofsted Unique Reference Number (URN) is not valid: it is not on "
       "Ofsted's provider lists (use XXXXXXX for a provider without a URN).")  # fmt: skip
def rule_1008(data: ReturnData) -> pl.DataFrame:
    return _looked_up(data).filter(~pl.col("__listed"))


@_rule("219", ["URN", "PLACE"], "The Ofsted Unique reference number (URN) provided for the "
       "child's placement does not match the placement type recorded.")  # fmt: skip
def rule_219(data: ReturnData) -> pl.DataFrame:
    return _listed(data).filter(
        ~pl.col("__place_codes").list.contains(pl.col("PLACE")).fill_null(False)
    )


# Placement types whose postcode must be the provider's (H5 went in 2024/25, K3 came).
_SAME_POSTCODE = {2024: ("H5", "K1", "K2", "R3", "S1"), 2025: ("K1", "K2", "K3", "R3", "S1")}


def _register_221(since: int) -> None:
    places = _SAME_POSTCODE[since]

    @_rule(
        "221",
        ["PL_POST"],
        "The Ofsted Unique reference number (URN) provided for the child's placement does not "
        f"match the placement postcode provided (placement types {', '.join(places)}).",
        since=since,
    )
    def rule_221(data: ReturnData) -> pl.DataFrame:
        postcode = pl.col("PL_POST").str.to_uppercase().str.replace_all(r"\s", "")
        checked = (
            pl.col("PLACE").is_in(places).fill_null(False)
            & ~pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False)
            & pl.col("PL_POST").is_not_null()
        )
        return _listed(data).filter(checked & ~postcode.eq_missing(pl.col("__provider_postcode")))


for _since in sorted(_SAME_POSTCODE):
    _register_221(_since)


@_rule("224", ["PLACE_PROVIDER"], "The Ofsted Unique reference number (URN) provided for the "
       "child's placement does not match the placement provider recorded.")  # fmt: skip
def rule_224(data: ReturnData) -> pl.DataFrame:
    return _listed(data).filter(
        ~pl.col("__provider_codes").list.contains(pl.col("PLACE_PROVIDER")).fill_null(False)
    )


@_rule("227", ["URN", "DECOM"], "Ofsted Unique reference number (URN) is not valid for the "
       "episode start date: the provider's registration ended before the episode "
       "started.")  # fmt: skip
def rule_227(data: ReturnData) -> pl.DataFrame:
    return _listed(data).filter((pl.col(DECOM) >= pl.col("__reg_end")).fill_null(False))


@_rule("228", ["URN", "DEC"], "Ofsted Unique reference number (URN) is not valid for the "
       "episode end date: the provider's registration ended before the episode ended (or "
       "before 31 March for an open episode).")  # fmt: skip
def rule_228(data: ReturnData) -> pl.DataFrame:
    end = pl.col(DEC).fill_null(pl.lit(data.period_end))
    return _listed(data).filter((end > pl.col("__reg_end")).fill_null(False))


@_rule("229", ["URN", "PLACE_PROVIDER"], "Placement provider does not match between the "
       "placing authority and the local authority code of the provider: PR1 (own provision) "
       "must be in the council's area and PR2 (another council's) outside it. [The provider's "
       "council is worked out from its postcode.]")  # fmt: skip
def rule_229(data: ReturnData) -> pl.DataFrame:
    council = pl.lit(council_la(data), dtype=pl.String)
    same = pl.col("__provider_la").eq_missing(council)
    own = (pl.col("PLACE_PROVIDER") == "PR1") & ~same
    other = (pl.col("PLACE_PROVIDER") == "PR2") & same
    return _listed(data).filter((own | other).fill_null(False))
