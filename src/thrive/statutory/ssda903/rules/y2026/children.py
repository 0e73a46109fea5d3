"""2025/26: placement change reasons, duplicate UPNs and care leavers reported as died."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import CHILD, DEC, HEADER_DOB, birthday, episodes
from thrive.statutory.ssda903.registry import registry

EP, H, O3 = spec.EPISODES, spec.HEADER, spec.OC3
E = Severity.ERROR


@registry.rule(
    "233",
    severity=E,
    tables=(EP,),
    fields=("REASON_PLACE_CHANGE",),
    since=2026,
    message="Reason for placement change is not required when the episode has not ceased: "
    "leave REASON_PLACE_CHANGE blank on an open episode.",
)
def rule_233(data: ReturnData) -> pl.DataFrame:
    return data[EP].filter(pl.col(DEC).is_null() & pl.col("REASON_PLACE_CHANGE").is_not_null())


@registry.rule(
    "234",
    severity=E,
    tables=(EP, H),
    fields=("REASON_PLACE_CHANGE", "DOB"),
    since=2026,
    message="A child aged under 10 can not change placement due to being admitted to custody: "
    "check REASON_PLACE_CHANGE (CUSTOD) and the date of birth.",
)
def rule_234(data: ReturnData) -> dict[str, pl.DataFrame]:
    # The reason belongs to the change: the next placement starts before the 10th birthday.
    under_10 = pl.col("next_DECOM") < birthday(pl.col(HEADER_DOB), 10)
    custody = episodes(data).filter(
        (pl.col("REASON_PLACE_CHANGE") == "CUSTOD") & under_10.fill_null(False)
    )
    children = custody[CHILD].unique().implode()
    return {EP: custody, H: data[H].filter(pl.col(CHILD).is_in(children))}


@registry.rule(
    "348",
    severity=E,
    tables=(O3,),
    fields=("IN_TOUCH",),
    since=2026,
    needs_previous=True,
    message="Care leaver has previously been reported as having died: last year's IN_TOUCH "
    "was DIED, so it must be DIED this year too.",
)
def rule_348(data: ReturnData) -> pl.DataFrame:
    if data.previous is None:  # the runner never calls it without last year
        raise ValueError("last year's return is needed")
    died = data.previous[O3].filter(pl.col("IN_TOUCH") == "DIED")[CHILD].unique().implode()
    return data[O3].filter(
        pl.col(CHILD).is_in(died) & ~(pl.col("IN_TOUCH") == "DIED").fill_null(False)
    )


_SHARED_UPN = ("UN1", "UN2", "UN3", "UN4", "UN5")


@registry.rule(
    "444",
    severity=E,
    tables=(H,),
    fields=("UPN",),
    since=2026,
    message="Duplicate UPN has been reported: each child's UPN must be unique in the return "
    "(UN1-UN5 may repeat).",
)
def rule_444(data: ReturnData) -> pl.DataFrame:
    upn = pl.col("UPN")
    counted = upn.is_not_null() & ~upn.is_in(_SHARED_UPN)
    return data[H].filter(counted & upn.is_duplicated().over(counted))
