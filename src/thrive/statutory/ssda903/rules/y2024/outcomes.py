"""OC2 (looked after 12 months at 31 March) and OC3 (care leavers) rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import int_col
from thrive.statutory.rules import ReturnData, RuleFunction
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DOB,
    all_filled,
    birthday,
    blank_or_not_in,
    episodes,
    filled,
    is_in,
    last_episodes,
    not_in,
    oc2_cohort,
    with_dob,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
O2 = spec.OC2
O3 = spec.OC3
FLAGS = spec.OC2_FLAGS
HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
SDQ = ("SDQ_SCORE", "SDQ_REASON")
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def _oc2(code: str, fields: Iterable[str], message: str) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(code, severity=E, tables=(O2,), fields=tuple(fields), message=message)


def _oc3(code: str, fields: Iterable[str], message: str) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(code, severity=E, tables=(O3,), fields=tuple(fields), message=message)


def _dob() -> pl.Expr:
    # DfE's OC2/OC3 age rules read the DOB on the row they check; a DOB differing from the
    # header's is reported by INT14/INT15, not turned into an age error here.
    return pl.col(DOB)


def _reached(age: int, day: dt.date) -> pl.Expr:
    """The child had reached `age` on `day`."""
    return birthday(_dob(), age) <= day


# --- OC2 values ---------------------------------------------------------------------------


@_oc2(
    "180",
    ["SDQ_SCORE"],
    "SDQ score is not valid: give a whole number from 0 to 40, or leave "
    "it blank and give a reason.",
)
def rule_180(data: ReturnData) -> pl.DataFrame:
    score = pl.col(int_col("SDQ_SCORE"))
    return data[O2].filter(
        pl.col("SDQ_SCORE").is_not_null() & (score.is_null() | (score < 0) | (score > 40))
    )


@_oc2("196", ["SDQ_REASON"], "Reason for no SDQ score is not a valid code: use SDQ1 to SDQ5.")
def rule_196(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(not_in("SDQ_REASON", spec.SDQ_REASON))


@_oc2("181", FLAGS, "Items for children looked after for 12 months must be 0 or 1.")
def rule_181(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(pl.any_horizontal(not_in(flag, {"0", "1"}) for flag in FLAGS))


@_oc2(
    "197a",
    SDQ,
    "A reason for no SDQ score is not needed when an SDQ score is given: remove one of them.",
)
def rule_197a(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(all_filled(SDQ))


@_oc2(
    "158",
    ["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "The child received an "
    "intervention for substance misuse, so 'intervention offered' should be left blank.",
)
def rule_158(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(
        (pl.col("INTERVENTION_RECEIVED") == "1") & pl.col("INTERVENTION_OFFERED").is_not_null()
    )


@_oc2(
    "159",
    ["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "The child did not receive a substance misuse intervention, so say whether one was offered.",
)
def rule_159(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(
        (pl.col("SUBSTANCE_MISUSE") == "1")
        & (pl.col("INTERVENTION_RECEIVED") == "0")
        & pl.col("INTERVENTION_OFFERED").is_null()
    )


@_oc2(
    "192",
    ["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
    "The child has a substance misuse problem but 'intervention received' is blank: fill it in.",
)
def rule_192(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(
        (pl.col("SUBSTANCE_MISUSE") == "1") & pl.col("INTERVENTION_RECEIVED").is_null()
    )


@_oc2(
    "193",
    ["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "The child has no substance misuse problem, so leave the intervention items blank.",
)
def rule_193(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(
        (pl.col("SUBSTANCE_MISUSE") == "0")
        & filled(("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
    )


@_oc2(
    "547",
    ["HEALTH_CHECK", *HEALTH],
    "Health promotion information is given, so immunisations, "
    "teeth check, health assessment and substance misuse must be filled in too.",
)
def rule_547(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(pl.col("HEALTH_CHECK").is_not_null() & ~all_filled(HEALTH))


@_oc2(
    "544",
    ["CONVICTED", *HEALTH],
    "The child was convicted during the year (CONVICTED 1), so immunisations, teeth "
    "check, health assessment and substance misuse must be filled in too.",
)
def rule_544(data: ReturnData) -> pl.DataFrame:
    # DfE's condition is CONVICTED = 1 (its message says "conviction information completed").
    return data[O2].filter((pl.col("CONVICTED") == "1").fill_null(False) & ~all_filled(HEALTH))


@_oc2(
    "182",
    FLAGS,
    "Immunisations, teeth check, health assessment and substance misuse must all "
    "be filled in, or all OC2 items left blank.",
)
def rule_182(data: ReturnData) -> pl.DataFrame:
    return data[O2].filter(filled(FLAGS) & ~all_filled(HEALTH))


# --- OC2 ages -----------------------------------------------------------------------------


@_oc2(
    "188",
    ["DOB", *SDQ],
    "The child is under 4 at the end of the year so no SDQ score or "
    "reason is needed: leave both blank.",
)
def rule_188(data: ReturnData) -> pl.DataFrame:
    frame = with_dob(data[O2], data)
    return frame.filter(filled(SDQ) & ~_reached(4, data.period_end))


@_oc2(
    "189",
    ["DOB", *SDQ],
    "The child was 17 or over at the start of the year so no SDQ score "
    "or reason is needed: leave both blank.",
)
def rule_189(data: ReturnData) -> pl.DataFrame:
    frame = with_dob(data[O2], data)
    return frame.filter(filled(SDQ) & _reached(17, data.period_start))


@_oc2(
    "542",
    ["CONVICTED", "DOB"],
    "The child is under 10 at 31 March so conviction information should be left blank.",
)
def rule_542(data: ReturnData) -> pl.DataFrame:
    frame = with_dob(data[O2], data)
    return frame.filter(pl.col("CONVICTED").is_not_null() & ~_reached(10, data.period_end))


@_oc2(
    "546",
    ["HEALTH_CHECK", "DOB"],
    "The child was looked after for 12 months and is 5 or over at 31 March, so health "
    "promotion information should be left blank.",
)
def rule_546(data: ReturnData) -> pl.DataFrame:
    frame = _inside_cohort(data)
    return frame.filter(pl.col("HEALTH_CHECK").is_not_null() & _reached(5, data.period_end))


# --- the OC2 cohort -----------------------------------------------------------------------


def _outside_cohort(data: ReturnData) -> pl.DataFrame:
    if data[O2].height == 0:
        return data[O2]
    return data[O2].join(oc2_cohort(data), on=CHILD, how="anti")


def _inside_cohort(data: ReturnData) -> pl.DataFrame:
    return with_dob(data[O2].join(oc2_cohort(data), on=CHILD, how="semi"), data)


@_oc2(
    "190",
    FLAGS,
    "The child was not looked after continuously for 12 months at 31 March, so "
    "the OC2 items should be left blank.",
)
def rule_190(data: ReturnData) -> pl.DataFrame:
    return _outside_cohort(data).filter(filled(FLAGS))


@_oc2(
    "185",
    ["SDQ_SCORE"],
    "The child was not looked after continuously for 12 months at 31 "
    "March, so no SDQ score should be given.",
)
def rule_185(data: ReturnData) -> pl.DataFrame:
    return _outside_cohort(data).filter(pl.col("SDQ_SCORE").is_not_null())


@_oc2(
    "198",
    ["SDQ_REASON"],
    "The child was not looked after continuously for 12 months at 31 "
    "March, so no reason for a missing SDQ score should be given.",
)
def rule_198(data: ReturnData) -> pl.DataFrame:
    return _outside_cohort(data).filter(pl.col("SDQ_REASON").is_not_null())


@registry.rule(
    "191",
    severity=E,
    tables=(O2, spec.EPISODES),
    fields=HEALTH,
    message="The child was looked after continuously for 12 months at 31 March, so "
    "immunisations, teeth check, health assessment and substance misuse must be filled in "
    "(add the child's OC2 row if it is missing).",
)
def rule_191(data: ReturnData) -> dict[str, pl.DataFrame]:
    # A child in the cohort with no OC2 row at all is reported on their first episode.
    first = episodes(data).filter(pl.col("is_first"))
    no_row = first.join(oc2_cohort(data), on=CHILD, how="semi").join(
        data[O2].select(CHILD), on=CHILD, how="anti"
    )
    return {O2: _inside_cohort(data).filter(~all_filled(HEALTH)), spec.EPISODES: no_row}


@_oc2(
    "186",
    ["SDQ_SCORE", "DOB"],
    "The child was looked after for 12 months and aged 4-16 this "
    "year, so give an SDQ score (or a reason for no score).",
)
def rule_186(data: ReturnData) -> pl.DataFrame:
    frame = _inside_cohort(data)
    aged = _reached(4, data.period_start) & ~_reached(17, data.period_end)
    return frame.filter(aged & pl.col("SDQ_SCORE").is_null() & pl.col("SDQ_REASON").is_null())


@_oc2(
    "543",
    ["CONVICTED", "DOB"],
    "The child was looked after for 12 months and is 10 or over "
    "at 31 March, so conviction information must be given.",
)
def rule_543(data: ReturnData) -> pl.DataFrame:
    frame = _inside_cohort(data)
    return frame.filter(_reached(10, data.period_end) & pl.col("CONVICTED").is_null())


@_oc2(
    "545",
    ["HEALTH_CHECK", "DOB"],
    "The child was looked after for 12 months and is under 5 "
    "at 31 March, so health promotion information must be given.",
)
def rule_545(data: ReturnData) -> pl.DataFrame:
    frame = _inside_cohort(data)
    return frame.filter(~_reached(5, data.period_end) & pl.col("HEALTH_CHECK").is_null())


# --- OC3 ----------------------------------------------------------------------------------


@_oc3(
    "131",
    ["IN_TOUCH"],
    "Whether the LA is in touch with the care leaver is blank or not valid: use "
    "YES, NO, DIED, REFU, NREQ or RHOM.",
)
def rule_131(data: ReturnData) -> pl.DataFrame:
    return data[O3].filter(blank_or_not_in("IN_TOUCH", spec.IN_TOUCH))


@_oc3(
    "132",
    ["ACTIV"],
    "Care leaver's activity is blank or not a valid code (e.g. F1, P2, G4, or 0 when not "
    "reported).",
)
def rule_132(data: ReturnData) -> pl.DataFrame:
    return data[O3].filter(blank_or_not_in("ACTIV", spec.ACTIV))


@_oc3(
    "133",
    ["ACCOM"],
    "Care leaver's accommodation is blank or not a valid code: a letter and 1 "
    "(suitable) or 2 (unsuitable), e.g. B1, or 0 when not reported.",
)
def rule_133(data: ReturnData) -> pl.DataFrame:
    return data[O3].filter(blank_or_not_in("ACCOM", spec.ACCOM))


@_oc3(
    "153",
    OC3_FIELDS,
    "In touch, activity and accommodation must all be filled in, or all left blank.",
)
def rule_153(data: ReturnData) -> pl.DataFrame:
    return data[O3].filter(filled(OC3_FIELDS) & ~all_filled(OC3_FIELDS))


@_oc3(
    "344",
    OC3_FIELDS,
    "The young person has died or returned home for 6 months or more, so "
    "activity and accommodation should be 0 (not reported).",
)
def rule_344(data: ReturnData) -> pl.DataFrame:
    # Both must be 0: a blank is not 0 either.
    reported = pl.any_horizontal(~pl.col(c).eq_missing(pl.lit("0")) for c in ("ACTIV", "ACCOM"))
    return data[O3].filter(is_in("IN_TOUCH", {"DIED", "RHOM"}) & reported)


@_oc3(
    "345",
    OC3_FIELDS,
    "The LA is in touch with the young person, so activity and "
    "accommodation should be reported, not 0.",
)
def rule_345(data: ReturnData) -> pl.DataFrame:
    zero = (pl.col("ACTIV") == "0").fill_null(False) | (pl.col("ACCOM") == "0").fill_null(False)
    return data[O3].filter((pl.col("IN_TOUCH") == "YES") & zero)


@_oc3(
    "391",
    ["DOB", *OC3_FIELDS],
    "The young person was not 17 to 21 during the year, so no "
    "care leaver information should be returned.",
)
def rule_391(data: ReturnData) -> pl.DataFrame:
    frame = with_dob(data[O3], data)
    return frame.filter(~_reached(17, data.period_end) | _reached(22, data.period_start))


def _final_rec_rule(code: str, rec: str, message: str) -> None:
    @_oc3(code, OC3_FIELDS, message)
    def check(data: ReturnData) -> pl.DataFrame:
        final = last_episodes(data).filter(pl.col("REC") == rec).select(CHILD)
        return data[O3].join(final, on=CHILD, how="semi").filter(filled(OC3_FIELDS))


_final_rec_rule(
    "1000", "E2", "The child died in care, so care leaver information should not be completed."
)
_final_rec_rule(
    "1011",
    "E3",
    "Care was transferred to another local authority in the final "
    "episode, so care leaver information should not be completed.",
)


@registry.rule(
    "134",
    severity=E,
    tables=(spec.AD1,),
    fields=AD1_FIELDS,
    message="Adoption (AD1) data should not be given for a young person in the care leaver "
    "(OC3) cohort: check which return the child belongs to.",
)
def rule_134(data: ReturnData) -> pl.DataFrame:
    leavers = data[O3].filter(filled(OC3_FIELDS)).select(CHILD)
    return data[spec.AD1].filter(filled(AD1_FIELDS)).join(leavers, on=CHILD, how="semi")


@registry.rule(
    "187",
    severity=E,
    tables=(O3, spec.AD1),
    fields=("IN_TOUCH", "ACTIV", "ACCOM", *AD1_FIELDS),
    message="A child looked after continuously for 12 months at 31 March cannot also have "
    "adoption or care leaver data: remove it or check the episodes.",
)
def rule_187(data: ReturnData) -> dict[str, pl.DataFrame]:
    cohort = oc2_cohort(data)
    return {
        O3: data[O3].filter(filled(OC3_FIELDS)).join(cohort, on=CHILD, how="semi"),
        spec.AD1: data[spec.AD1].filter(filled(AD1_FIELDS)).join(cohort, on=CHILD, how="semi"),
    }


@_oc2("215", FLAGS, "The child has care leaver information, so the OC2 items should be left blank.")
def rule_215(data: ReturnData) -> pl.DataFrame:
    leavers = data[O3].filter(filled(OC3_FIELDS)).select(CHILD)
    return data[O2].filter(filled(FLAGS)).join(leavers, on=CHILD, how="semi")


@_oc2(
    "157",
    ["SDQ_REASON", "DOB"],
    "Reason SDQ1 (no form: age out of range) is used for a child looked after for 12 months "
    "who was in the SDQ age range (4 or over at the start of the year, 16 or under at its "
    "end): give a score or another reason.",
)
def rule_157(data: ReturnData) -> pl.DataFrame:
    # "16 or under at the end of the year" = not yet 17 on 31 March, as in rule 186.
    in_range = _reached(4, data.period_start) & ~_reached(17, data.period_end)
    no_score = pl.col("SDQ_SCORE").is_null()
    return _inside_cohort(data).filter((pl.col("SDQ_REASON") == "SDQ1") & in_range & no_score)
