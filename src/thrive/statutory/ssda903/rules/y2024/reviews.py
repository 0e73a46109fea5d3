"""Review rules: review dates, participation codes and the child's age at review."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DOB,
    birthday,
    blank_or_bad_date,
    blank_or_not_in,
    episodes,
    is_in,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
RV = spec.REVIEWS
REVIEW = date_col("REVIEW")


@registry.rule(
    "166",
    severity=E,
    tables=(RV,),
    fields=("REVIEW",),
    message="Date of review is blank or not a valid date: use dd/mm/yyyy.",
)
def rule_166(data: ReturnData) -> pl.DataFrame:
    return data[RV].filter(blank_or_bad_date("REVIEW"))


@registry.rule(
    "167",
    severity=E,
    tables=(RV,),
    fields=("REVIEW_CODE",),
    message="Participation code is blank or not valid for a review (use PN0 to PN7), or is "
    "given without a review date.",
)
def rule_167(data: ReturnData) -> pl.DataFrame:
    review = pl.col("REVIEW").is_not_null()
    code = pl.col("REVIEW_CODE").is_not_null()
    return data[RV].filter(
        (review & blank_or_not_in("REVIEW_CODE", spec.REVIEW_CODE)) | (~review & code)
    )


def _fourth_birthday() -> pl.Expr:
    # The review row's own DOB, as DfE reads it (a header mismatch is INT17's concern).
    return birthday(pl.col(DOB), 4)


@registry.rule(
    "440",
    severity=E,
    tables=(RV,),
    fields=("REVIEW_CODE", "REVIEW", "DOB"),
    message="Participation code PN0 (child under 4) is used but the child was 4 or over at the "
    "review: choose the code for how the child took part.",
)
def rule_440(data: ReturnData) -> pl.DataFrame:
    frame = data[RV]
    return frame.filter((pl.col("REVIEW_CODE") == "PN0") & (pl.col(REVIEW) >= _fourth_birthday()))


@registry.rule(
    "441",
    severity=E,
    tables=(RV,),
    fields=("REVIEW_CODE", "REVIEW", "DOB"),
    message="Participation code PN1-PN7 is used but the child was under 4 at the review: use PN0.",
)
def rule_441(data: ReturnData) -> pl.DataFrame:
    frame = data[RV]
    older_codes = sorted(spec.REVIEW_CODE - {"PN0"})
    return frame.filter(is_in("REVIEW_CODE", older_codes) & (pl.col(REVIEW) < _fourth_birthday()))


@registry.rule(
    "399",
    severity=E,
    tables=(RV,),
    fields=("LS", "REVIEW", "REVIEW_CODE"),
    message="Reviews are recorded for a child looked after only under short-break legal "
    "status V3/V4: short breaks have no statutory review in this return.",
)
def rule_399(data: ReturnData) -> pl.DataFrame:
    frame = episodes(data)
    respite_only = (
        frame.group_by(CHILD)
        .agg(pl.col("LS").is_in(sorted(spec.RESPITE_LS)).fill_null(False).all().alias("__only"))
        .filter(pl.col("__only"))
        .select(CHILD)
    )
    return data[RV].join(respite_only, on=CHILD, how="semi")
