"""Adoption rules: AD1 (children adopted), decisions to place for adoption, and episodes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DEC,
    DECOM,
    HEADER_DOB,
    all_filled,
    bad_date,
    blank_or_bad_date,
    episodes,
    filled,
    is_in,
    not_in,
    with_dob,
)
from thrive.statutory.ssda903.registry import registry

Decorator = Callable[[RuleFunction], RuleFunction]
E = Severity.ERROR
W = Severity.WARNING
AD1 = spec.AD1
PA = spec.PLACED_FOR_ADOPTION
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
DATE_INT = date_col("DATE_INT")
DATE_MATCH = date_col("DATE_MATCH")
DATE_PLACED = date_col("DATE_PLACED")
DATE_PLACED_CEASED = date_col("DATE_PLACED_CEASED")


def _ad1(code: str, fields: Iterable[str], message: str, severity: Severity = E) -> Decorator:
    return registry.rule(
        code, severity=severity, tables=(AD1,), fields=tuple(fields), message=message
    )


def _pa(code: str, fields: Iterable[str], message: str, severity: Severity = E) -> Decorator:
    return registry.rule(
        code, severity=severity, tables=(PA,), fields=tuple(fields), message=message
    )


# --- AD1 ----------------------------------------------------------------------------------


@_ad1(
    "112",
    ["DATE_INT"],
    "Date the LA decided adoption is in the child's best interest is not a "
    "valid date: use dd/mm/yyyy.",
)
def rule_112(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(bad_date("DATE_INT"))


@_ad1(
    "113",
    ["DATE_MATCH"],
    "Date the child was matched with adopter(s) is not a valid date: use dd/mm/yyyy.",
)
def rule_113(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(bad_date("DATE_MATCH"))


@_ad1("114", ["FOSTER_CARE"], "Adopted by former foster carer(s) must be 0 (no) or 1 (yes).")
def rule_114(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(not_in("FOSTER_CARE", {"0", "1"}))


@_ad1("175", ["NB_ADOPTR"], "Number of adopters is not valid: use 1 or 2.")
def rule_175(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(not_in("NB_ADOPTR", {"1", "2"}))


@_ad1("176", ["SEX_ADOPTR"], "Sex of adopter(s) is not a valid code: use M1, F1, MM, FF or MF.")
def rule_176(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(not_in("SEX_ADOPTR", spec.SEX_ADOPTR))


@_ad1(
    "177",
    ["LS_ADOPTR"],
    "Legal status of adopter(s) is not a valid code: use L0, L11, L12, L2, L3 or L4.",
)
def rule_177(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(not_in("LS_ADOPTR", spec.LS_ADOPTR))


@_ad1(
    "151",
    AD1_FIELDS,
    "All adoption items must be completed, or all left blank: fill in the missing AD1 items.",
)
def rule_151(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(filled(AD1_FIELDS) & ~all_filled(AD1_FIELDS))


@_ad1(
    "333",
    ["DATE_INT", "DATE_MATCH"],
    "Date adoption was decided to be in the child's best "
    "interest must be on or before the date of matching with adopter(s).",
)
def rule_333(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter(pl.col(DATE_INT) > pl.col(DATE_MATCH))


@_ad1(
    "511",
    ["NB_ADOPTR", "SEX_ADOPTR"],
    "Two adopters are recorded so the sex of adopters must be a couple code: MM, FF or MF.",
)
def rule_511(data: ReturnData) -> pl.DataFrame:
    return data[AD1].filter((pl.col("NB_ADOPTR") == "2") & ~is_in("SEX_ADOPTR", {"MM", "FF", "MF"}))


@_ad1(
    "514",
    ["LS_ADOPTR", "NB_ADOPTR", "SEX_ADOPTR"],
    "Legal status of adopters is L0 (single) but the number or sex of adopters shows a couple.",
)
def rule_514(data: ReturnData) -> pl.DataFrame:
    couple = (pl.col("NB_ADOPTR") == "2").fill_null(False) | is_in("SEX_ADOPTR", {"MM", "FF", "MF"})
    return data[AD1].filter((pl.col("LS_ADOPTR") == "L0") & couple)


def _adopter_pair_rule(code: str, status: str, allowed: set[str], what: str) -> None:
    @_ad1(
        code,
        ["LS_ADOPTR", "SEX_ADOPTR"],
        f"Legal status of adopters is {status} ({what}) so "
        f"the sex of adopters should be {' or '.join(sorted(allowed))}.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        return data[AD1].filter((pl.col("LS_ADOPTR") == status) & ~is_in("SEX_ADOPTR", allowed))


_adopter_pair_rule("517", "L3", {"MF"}, "unmarried different-sex couple")
_adopter_pair_rule("518", "L4", {"MM", "FF"}, "unmarried same-sex couple")
_adopter_pair_rule("519", "L2", {"MM", "FF", "MF"}, "civil partners")
_adopter_pair_rule("520", "L11", {"MF"}, "married different-sex couple")
_adopter_pair_rule("524", "L12", {"MM", "FF"}, "married same-sex couple")


def _adoptions(data: ReturnData) -> pl.DataFrame:
    """Episodes ending in adoption (E11/E12) during the year."""
    frame = episodes(data)
    return frame.filter(is_in("REC", spec.ADOPTED_REC) & (pl.col(DEC) >= data.period_start))


@registry.rule(
    "601",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("REC", *AD1_FIELDS),
    message="The child was adopted this year (REC E11/E12) but the adoption (AD1) items are "
    "missing: add the child's AD1 row.",
)
def rule_601(data: ReturnData) -> pl.DataFrame:
    complete = data[AD1].filter(all_filled(AD1_FIELDS)).select(CHILD)
    return _adoptions(data).join(complete, on=CHILD, how="anti")


@_ad1(
    "602",
    ["CHILD"],
    "AD1 adoption details are given but the episodes do not show the child "
    "was adopted this year: check REC or remove the AD1 row.",
)
def rule_602(data: ReturnData) -> pl.DataFrame:
    adopted = _adoptions(data).select(CHILD)
    return data[AD1].filter(filled(AD1_FIELDS)).join(adopted, on=CHILD, how="anti")


@_ad1(
    "582",
    ["DATE_MATCH", "DEC"],
    "The child was adopted on the same date they were matched "
    "with adopters: usually matching comes first; check the dates.",
    W,
)
def rule_582(data: ReturnData) -> pl.DataFrame:
    adopted = _adoptions(data).select(CHILD, pl.col(DEC).alias("__adopted"))
    return (
        data[AD1]
        .join(adopted, on=CHILD, how="inner")
        .filter(pl.col(DATE_MATCH) == pl.col("__adopted"))
    )


def _first_adoption_placement(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data).filter(is_in("PLACE", spec.ADOPTION_PLACE))
    return frame.group_by(CHILD).agg(pl.col(DECOM).min().alias("__placed"))


@_ad1(
    "521",
    ["DATE_INT", "DECOM", "PLACE"],
    "Date adoption was decided to be in the child's best "
    "interest must be on or before the date the child was placed for adoption.",
)
def rule_521(data: ReturnData) -> pl.DataFrame:
    joined = data[AD1].join(_first_adoption_placement(data), on=CHILD, how="inner")
    return joined.filter(pl.col(DATE_INT) > pl.col("__placed"))


# --- decisions to place for adoption ------------------------------------------------------


@_pa(
    "115",
    ["DATE_PLACED"],
    "Date of the decision that the child should be placed for adoption "
    "is blank or not a valid date: use dd/mm/yyyy.",
)
def rule_115(data: ReturnData) -> pl.DataFrame:
    return data[PA].filter(blank_or_bad_date("DATE_PLACED"))


@_pa(
    "116",
    ["DATE_PLACED_CEASED"],
    "Date of the decision that the child should no longer be "
    "placed for adoption is not a valid date: use dd/mm/yyyy or leave it blank.",
)
def rule_116(data: ReturnData) -> pl.DataFrame:
    return data[PA].filter(bad_date("DATE_PLACED_CEASED"))


@_pa(
    "120",
    ["REASON_PLACED_CEASED"],
    "Reason the child should no longer be placed for adoption "
    "is not valid: use RD1, RD2, RD3 or RD4.",
)
def rule_120(data: ReturnData) -> pl.DataFrame:
    return data[PA].filter(not_in("REASON_PLACED_CEASED", spec.REASON_PLACED_CEASED))


@_pa(
    "119",
    ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "When the decision to place for "
    "adoption is reversed, give both the date and the reason (or neither).",
)
def rule_119(data: ReturnData) -> pl.DataFrame:
    return data[PA].filter(
        pl.col("DATE_PLACED_CEASED").is_null() != pl.col("REASON_PLACED_CEASED").is_null()
    )


@_pa(
    "522",
    ["DATE_PLACED", "DATE_PLACED_CEASED"],
    "Date of the decision to place for adoption "
    "must be on or before the date that decision was reversed.",
)
def rule_522(data: ReturnData) -> pl.DataFrame:
    return data[PA].filter(pl.col(DATE_PLACED) > pl.col(DATE_PLACED_CEASED))


@_pa(
    "563",
    ["DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "The decision to place "
    "for adoption was reversed but the date of the original decision is blank: add it.",
)
def rule_563(data: ReturnData) -> pl.DataFrame:
    reversed_ = filled(("DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
    return data[PA].filter(reversed_ & pl.col("DATE_PLACED").is_null())


@_pa(
    "579",
    ["DATE_PLACED", "DATE_PLACED_CEASED"],
    "A new decision to place for adoption starts "
    "while the previous decision is still open, or the decisions overlap.",
)
def rule_579(data: ReturnData) -> pl.DataFrame:
    frame = data[PA].filter(pl.col(DATE_PLACED).is_not_null()).sort([CHILD, DATE_PLACED, ROW])
    previous_end = pl.col(DATE_PLACED_CEASED).shift(1).over(CHILD)
    has_previous = pl.int_range(pl.len()).over(CHILD) > 0
    return frame.filter(
        has_previous & (previous_end.is_null() | (pl.col(DATE_PLACED) < previous_end))
    )


@_pa(
    "184",
    ["DATE_PLACED", "DOB"],
    "Date of the decision to place for adoption is before the child was born: check the dates.",
)
def rule_184(data: ReturnData) -> pl.DataFrame:
    return with_dob(data[PA], data).filter(pl.col(DATE_PLACED) < pl.col(HEADER_DOB))


@_pa(
    "117",
    ["DATE_PLACED", "DATE_PLACED_CEASED"],
    "A decision date about placing for adoption "
    "is after the end of the collection year: check the dates.",
)
def rule_117(data: ReturnData) -> pl.DataFrame:
    end = data.period_end
    return data[PA].filter((pl.col(DATE_PLACED) > end) | (pl.col(DATE_PLACED_CEASED) > end))


def _without_decision_date(data: ReturnData) -> pl.DataFrame:
    """Children with no placed-for-adoption row, or one without DATE_PLACED."""
    children = episodes(data).select(CHILD).unique()
    blank = data[PA].filter(pl.col(DATE_PLACED).is_null()).select(CHILD)
    no_row = children.join(data[PA].select(CHILD), on=CHILD, how="anti")
    return pl.concat([no_row, blank.join(children, on=CHILD, how="semi")]).unique()


@registry.rule(
    "551",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("PLACE", "DATE_PLACED"),
    message="The child was placed for adoption (A3-A6) but there is no date of the decision "
    "that they should be placed for adoption: add the placed-for-adoption row.",
)
def rule_551(data: ReturnData) -> pl.DataFrame:
    # Any adoption placement in the return, whenever it started (DfE sets no date limit).
    placed = episodes(data).filter(is_in("PLACE", spec.ADOPTION_PLACE))
    return placed.join(_without_decision_date(data), on=CHILD, how="semi")


@registry.rule(
    "553",
    severity=E,
    tables=(spec.EPISODES, PA),
    fields=("LS", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    message="A placement order (E1) has been granted but there is no date of the decision that "
    "the child should be placed for adoption, or the order is still in force but the decision "
    "is recorded as ceased: add the placed-for-adoption row or correct it.",
)
def rule_553(data: ReturnData) -> dict[str, pl.DataFrame]:
    frame = episodes(data)
    ordered = frame.filter(pl.col("LS") == "E1")
    open_order = frame.filter((pl.col("LS") == "E1") & pl.col(DEC).is_null()).select(CHILD)
    ceased = (
        pl.col("DATE_PLACED_CEASED").is_not_null() | pl.col("REASON_PLACED_CEASED").is_not_null()
    )
    return {
        spec.EPISODES: ordered.join(_without_decision_date(data), on=CHILD, how="semi"),
        PA: data[PA].filter(ceased).join(open_order.unique(), on=CHILD, how="semi"),
    }


@_pa(
    "552",
    ["DATE_PLACED", "DECOM"],
    "The decision to place for adoption must be on or before "
    "the date the child was first placed for adoption.",
)
def rule_552(data: ReturnData) -> pl.DataFrame:
    first = data[PA].filter(pl.col(DATE_PLACED) == pl.col(DATE_PLACED).min().over(CHILD))
    joined = first.join(_first_adoption_placement(data), on=CHILD, how="inner")
    return joined.filter(pl.col(DATE_PLACED) > pl.col("__placed"))


@_pa(
    "558",
    ["DATE_PLACED_CEASED", "REC"],
    "The child was adopted so the decision to place for "
    "adoption was not reversed: leave the reversal date and reason blank.",
)
def rule_558(data: ReturnData) -> pl.DataFrame:
    adopted = _adoptions(data).select(CHILD).unique()
    latest = pl.col(DATE_PLACED) == pl.col(DATE_PLACED).max().over(CHILD)
    return (
        data[PA]
        .join(adopted, on=CHILD, how="semi")
        .filter(latest & pl.col("DATE_PLACED_CEASED").is_not_null())
    )
