"""Header and UASC rules (child's sex, birth, ethnicity, UPN, motherhood, UASC status).

Codes and meanings follow the DfE SSDA903 validation rules (2023/24 onwards).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DOB,
    bad_date,
    birthday,
    blank_or_bad_date,
    blank_or_not_in,
    ceased_children,
    not_in,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
H = spec.HEADER
MC_DOB = date_col("MC_DOB")


@registry.rule(
    "101",
    severity=E,
    tables=(H,),
    fields=("SEX",),
    message="Sex code is not valid: use 1 (male) or 2 (female) for 2023/24.",
)
def rule_101(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(blank_or_not_in("SEX", spec.sex_codes(data.year)))


@registry.rule(
    "102",
    severity=E,
    tables=(H,),
    fields=("DOB",),
    message="Date of birth is blank or not a valid date: enter it as dd/mm/yyyy.",
)
def rule_102(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(blank_or_bad_date("DOB"))


@registry.rule(
    "103",
    severity=E,
    tables=(H,),
    fields=("ETHNIC",),
    message="Ethnicity is blank or not a valid code: use one of the DfE ethnic codes "
    "(e.g. WBRI, MWBC, BAFR, REFU, NOBT).",
)
def rule_103(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(blank_or_not_in("ETHNIC", spec.ETHNIC))


@registry.rule(
    "105",
    severity=E,
    tables=(H,),
    fields=("UASC",),
    message="UASC status is not valid or has not been completed: in the XML export give "
    "<UASC> for every child, 1 (unaccompanied asylum-seeking child) or 0 (not).",
)
def rule_105(data: ReturnData) -> pl.DataFrame:
    # DfE 105: "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is
    # invalid or has not been completed." The XML HEADER states it; for CSVs the reader derives
    # it from the UASC table (1 with a row, else 0), so a CSV return always passes.
    return data[H].filter(blank_or_not_in("UASC", ("0", "1")))


@registry.rule(
    "168",
    severity=E,
    tables=(H,),
    fields=("UPN",),
    message="UPN is not valid: give the 13-character Unique Pupil Number, or UN1-UN5 if it "
    "is not known.",
)
def rule_168(data: ReturnData) -> pl.DataFrame:
    upn = pl.col("UPN")
    valid = upn.str.contains(spec.UPN_PATTERN) | upn.is_in(sorted(spec.UPN_UNKNOWN))
    return data[H].filter(upn.is_not_null() & ~valid)


@registry.rule(
    "165",
    severity=E,
    tables=(H,),
    fields=("MOTHER",),
    message="Mother status is not valid: use 1 if the child is a mother, 0 if not.",
)
def rule_165(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(not_in("MOTHER", {"0", "1"}))


@registry.rule(
    "171",
    severity=E,
    tables=(H,),
    fields=("MC_DOB",),
    message="Date of birth of the mother's child is not a valid date: use dd/mm/yyyy.",
)
def rule_171(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(bad_date("MC_DOB"))


@registry.rule(
    "174",
    severity=E,
    tables=(H,),
    fields=("MC_DOB", "SEX"),
    message="The mother's child's date of birth is recorded but the child's sex is male: "
    "correct the sex or remove the date.",
)
def rule_174(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(
        pl.col("MC_DOB").is_not_null() & (pl.col("SEX") == spec.male_code(data.year))
    )


@registry.rule(
    "209",
    severity=E,
    tables=(H,),
    fields=("UPN", "DOB"),
    message="The child is of school age so should not have UPN code UN1 (not yet of school "
    "age): give the UPN or another UN code.",
)
def rule_209(data: ReturnData) -> pl.DataFrame:
    # From the collection period, not `data.year`: a 2019/20 return checked with a later
    # rule set keeps its own school year.
    school_age_from = dt.date(data.period_start.year, 8, 31)
    return data[H].filter((pl.col("UPN") == "UN1") & (birthday(pl.col(DOB), 5) <= school_age_from))


@registry.rule(
    "301",
    severity=E,
    tables=(H,),
    fields=("DOB",),
    message="Date of birth is after the end of the collection year: check the date.",
)
def rule_301(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(pl.col(DOB) > data.period_end)


@registry.rule(
    "351",
    severity=E,
    tables=(H,),
    fields=("DOB",),
    message="The child was over 25 at the start of the collection year: check the date of "
    "birth, or remove the child if no longer looked after or a care leaver.",
)
def rule_351(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(birthday(pl.col(DOB), 26) <= data.period_start)


@registry.rule(
    "611",
    severity=E,
    tables=(H,),
    fields=("MOTHER", "MC_DOB"),
    message="The child is recorded as a mother but the date of birth of her first child is "
    "blank: add the date.",
)
def rule_611(data: ReturnData) -> pl.DataFrame:
    return data[H].filter((pl.col("MOTHER") == "1") & pl.col("MC_DOB").is_null())


@registry.rule(
    "612",
    severity=E,
    tables=(H,),
    fields=("MOTHER", "MC_DOB"),
    message="A date of birth of the mother's child is given but MOTHER says the child is not "
    "a mother: correct one of them.",
)
def rule_612(data: ReturnData) -> pl.DataFrame:
    return data[H].filter((pl.col("MOTHER") == "0") & pl.col("MC_DOB").is_not_null())


@registry.rule(
    "620",
    severity=E,
    tables=(H,),
    fields=("MOTHER", "DOB"),
    message="The child is recorded as a mother but was under 11 at the start of the year: "
    "check MOTHER and the date of birth.",
)
def rule_620(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(
        (pl.col("MOTHER") == "1") & (birthday(pl.col(DOB), 11) > data.period_start)
    )


@registry.rule(
    "621",
    severity=E,
    tables=(H,),
    fields=("DOB", "MC_DOB"),
    message="The mother's child's date of birth is on or before the mother's own date of "
    "birth: check both dates.",
)
def rule_621(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(pl.col(MC_DOB) <= pl.col(DOB))


@registry.rule(
    "625",
    severity=E,
    tables=(H, spec.EPISODES),
    fields=("MC_DOB", "DEC"),
    message="The mother's child's date of birth is after the end of the year or after the "
    "mother left care: check the date.",
)
def rule_625(data: ReturnData) -> pl.DataFrame:
    header = data[H].join(ceased_children(data), on=CHILD, how="left")
    late = (pl.col(MC_DOB) > data.period_end) | (pl.col(MC_DOB) > pl.col("__ceased")).fill_null(
        False
    )
    return header.filter(late)


# --- UASC ---------------------------------------------------------------------------------


@registry.rule(
    "104",
    severity=E,
    tables=(spec.UASC,),
    fields=("DUC",),
    message="Date UASC status ceased is not a valid date, or is before the start of the "
    "collection year: use dd/mm/yyyy, and only include children who were UASC during the year.",
)
def rule_104(data: ReturnData) -> pl.DataFrame:
    before_year = (pl.col(date_col("DUC")) < data.period_start).fill_null(False)
    return data[spec.UASC].filter(bad_date("DUC") | before_year)


@registry.rule(
    "304",
    severity=E,
    tables=(spec.UASC,),
    fields=("DUC", "DOB"),
    message="Date UASC status ceased is after the child's 18th birthday: UASC status ends at "
    "18 at the latest.",
)
def rule_304(data: ReturnData) -> pl.DataFrame:
    # The UASC row's own DOB, as DfE reads it (a header mismatch is INT18's concern).
    return data[spec.UASC].filter(pl.col(date_col("DUC")) > birthday(pl.col(DOB), 18))


# --- internal consistency between tables (INT checks) -------------------------------------

_IN_HEADER = {
    "INT01": spec.AD1,
    "INT02": spec.PLACED_FOR_ADOPTION,
    "INT03": spec.EPISODES,
    "INT04": spec.MISSING,
    "INT05": spec.OC2,
    "INT06": spec.OC3,
    "INT07": spec.PREVIOUS_PERMANENCE,
    "INT08": spec.REVIEWS,
    "INT09": spec.UASC,
}
_SAME_DOB = {
    "INT11": spec.AD1,
    "INT12": spec.PLACED_FOR_ADOPTION,
    "INT13": spec.MISSING,
    "INT14": spec.OC2,
    "INT15": spec.OC3,
    "INT16": spec.PREVIOUS_PERMANENCE,
    "INT17": spec.REVIEWS,
    "INT18": spec.UASC,
}
_ONCE = {
    "INT31": spec.AD1,
    "INT32": spec.HEADER,
    "INT33": spec.OC2,
    "INT34": spec.OC3,
    "INT35": spec.PREVIOUS_PERMANENCE,
    "INT36": spec.UASC,
}


def _differs_from_header(data: ReturnData, table: str, column: str) -> pl.DataFrame:
    """Rows whose `column` differs from the value on any header row of the same child.

    Only two real values can differ: a blank or malformed one is reported by other rules. A
    child with two header rows (INT32) is compared with both.
    """
    header = data[H].select(CHILD, pl.col(column).alias("__header")).drop_nulls().unique()
    joined = data[table].join(header, on=CHILD, how="inner")
    differs = joined.filter((pl.col(column) != pl.col("__header")).fill_null(False))
    return differs.unique(ROW, keep="first", maintain_order=True)


def _register_in_header(code: str, table: str) -> None:
    @registry.rule(
        code,
        severity=E,
        tables=(table,),
        fields=("CHILD",),
        message=f"The child in {table} is not in the header table: add the child to the header "
        "file or correct the CHILD id.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        return data[table].join(data[H].select(CHILD).drop_nulls(), on=CHILD, how="anti")


def _register_same_dob(code: str, table: str) -> None:
    @registry.rule(
        code,
        severity=E,
        tables=(table,),
        fields=("DOB",),
        message=f"DOB in {table} is different from DOB in the header table: make them the same.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        return _differs_from_header(data, table, DOB)


def _register_once(code: str, table: str) -> None:
    @registry.rule(
        code,
        severity=E,
        tables=(table,),
        fields=("CHILD",),
        message=f"The child appears more than once in {table}: keep one row per child.",
    )
    def check(data: ReturnData) -> pl.DataFrame:
        frame = data[table]
        return frame.filter(pl.col(CHILD).is_not_null() & pl.col(CHILD).is_duplicated())


for _code, _table in _IN_HEADER.items():
    _register_in_header(_code, _table)
for _code, _table in _SAME_DOB.items():
    _register_same_dob(_code, _table)
for _code, _table in _ONCE.items():
    _register_once(_code, _table)


@registry.rule(
    "INT21",
    severity=E,
    tables=(spec.UASC,),
    fields=("SEX",),
    message="SEX in the UASC table is different from SEX in the header table: make them the same.",
)
def rule_int21(data: ReturnData) -> pl.DataFrame:
    return _differs_from_header(data, spec.UASC, "SEX")
