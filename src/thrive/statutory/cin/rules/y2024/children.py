"""Child identifiers and characteristics: ids, UPNs, sex, dates of birth and death, ethnicity,
disability (DfE CIN census validation rules 2024/25)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import (
    CHILD_KEY,
    by_child,
    child_day,
    children_with,
    day,
    flag,
    la_level,
    not_in,
    outside,
    present,
    with_child,
)
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col
from thrive.statutory.rules import ReturnData

E, Q = Severity.ERROR, Severity.QUERY
CHILDREN, HEADER, DISABILITIES = spec.CHILDREN, spec.HEADER, spec.DISABILITIES


@registry.rule(
    "100",
    severity=E,
    tables=(HEADER,),
    fields=("ReferenceDate", "Year"),
    message="Reference date is incorrect: the ReferenceDate in the header must be 31 March of "
    "the collection Year. Correct the header of the file your system produced.",
)
def rule_100(data: ReturnData) -> pl.DataFrame:
    header = data[HEADER]
    year = pl.col("Year").cast(pl.Int64, strict=False)
    expected = pl.date(year, 3, 31)
    return header.filter(
        day("ReferenceDate").is_null() | year.is_null() | (day("ReferenceDate") != expected)
    )


@registry.rule(
    "8500",
    severity=E,
    tables=(CHILDREN,),
    fields=("LAchildID",),
    message="LA Child ID missing: every child needs the LA's own child identifier (LAchildID).",
)
def rule_8500(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(pl.col("LAchildID").is_null())


@registry.rule(
    "8510",
    severity=E,
    tables=(CHILDREN,),
    fields=("LAchildID",),
    message="More than one child record with the same LA Child ID: merge the records if they "
    "are the same child, or give each child their own id.",
)
def rule_8510(data: ReturnData) -> pl.DataFrame:
    # Every record sharing the id is reported: either could be the wrong one.
    children = data[CHILDREN].filter(pl.col("LAchildID").is_not_null())
    return children.filter(pl.col("LAchildID").is_duplicated())


def _upn_parts() -> dict[str, pl.Expr]:
    upn = pl.col("UPN")
    return {
        "first": upn.str.slice(0, 1),
        "la": upn.str.slice(1, 3),
        "serial": upn.str.slice(4, 8),
        "last": upn.str.slice(12, 1),
    }


def _expected_check_letter() -> pl.Expr:
    """DfE's UPN check letter: weights 2..13 on characters 2..13, remainder mod 23."""
    upn = pl.col("UPN")
    total = pl.lit(0, dtype=pl.Int64)
    letters = spec.UPN_CHECK_LETTERS
    for position in range(1, 13):
        char = upn.str.slice(position, 1)
        if position == 12:
            # A temporary UPN ends in a letter, valued by its place in the check-letter list.
            value = (
                pl.when(char.str.contains(r"^\d$"))
                .then(char.cast(pl.Int64, strict=False))
                .otherwise(char.replace_strict(list(letters), list(range(23)), default=None))
            )
        else:
            value = char.cast(pl.Int64, strict=False)
        total = total + value * (position + 1)
    return (total % 23).replace_strict(list(range(23)), list(letters), default=None)


def _well_formed_upn() -> pl.Expr:
    upn = pl.col("UPN")
    return upn.str.contains(rf"^[A-Za-z]\d{{11}}[0-9{spec.UPN_CHECK_LETTERS}]$")


@registry.rule(
    "1510",
    severity=E,
    tables=(CHILDREN,),
    fields=("UPN",),
    message="UPN invalid (wrong check letter at character 1): check the UPN against school "
    "records and correct it.",
)
def rule_1510(data: ReturnData) -> pl.DataFrame:
    parts = _upn_parts()
    return data[CHILDREN].filter(_well_formed_upn() & (parts["first"] != _expected_check_letter()))


@registry.rule(
    "1520",
    severity=E,
    tables=(CHILDREN,),
    fields=("UPN",),
    message="More than one child record has the same UPN: check which child the UPN belongs "
    "to and correct the others.",
)
def rule_1520(data: ReturnData) -> pl.DataFrame:
    # DfE: "More than one record with the same UPN". Every record sharing it is reported:
    # nothing says which of them holds the right one.
    children = data[CHILDREN].filter(pl.col("UPN").is_not_null())
    return children.filter(pl.col("UPN").is_duplicated())


@registry.rule(
    "1530",
    severity=E,
    tables=(CHILDREN,),
    fields=("UPN",),
    message="UPN invalid (characters 2-4 not a recognised LA code): correct the UPN.",
)
def rule_1530(data: ReturnData) -> pl.DataFrame:
    la = _upn_parts()["la"]
    return data[CHILDREN].filter(present("UPN") & ~la.is_in(sorted(spec.UPN_LA_CODES)))


@registry.rule(
    "1540",
    severity=E,
    tables=(CHILDREN,),
    fields=("UPN",),
    message="UPN invalid (characters 5-12 not all numeric): correct the UPN.",
)
def rule_1540(data: ReturnData) -> pl.DataFrame:
    serial = _upn_parts()["serial"]
    return data[CHILDREN].filter(present("UPN") & ~serial.str.contains(r"^\d{8}$"))


@registry.rule(
    "1550",
    severity=E,
    tables=(CHILDREN,),
    fields=("UPN",),
    message="UPN invalid (character 13 not a recognised value): a UPN is 13 characters and "
    "ends in a digit or a check letter (not I, O or S).",
)
def rule_1550(data: ReturnData) -> pl.DataFrame:
    last = _upn_parts()["last"]
    valid_last = last.str.contains(rf"^[0-9{spec.UPN_CHECK_LETTERS}]$")
    return data[CHILDREN].filter(
        present("UPN") & ((pl.col("UPN").str.len_chars() != 13) | ~valid_last)
    )


@registry.rule(
    "1560Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("FormerUPN",),
    message="Please check: Former UPN wrongly formatted (it should be a letter followed by 12 "
    "digits, or 11 digits and a letter).",
)
def rule_1560q(data: ReturnData) -> pl.DataFrame:
    former = pl.col("FormerUPN")
    return data[CHILDREN].filter(
        former.is_not_null() & ~former.str.contains(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")
    )


@registry.rule(
    "8525Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("PersonBirthDate", "ExpectedPersonBirthDate"),
    message="Please check: either Date of Birth or Expected Date of Birth must be provided "
    "(but not both).",
)
def rule_8525q(data: ReturnData) -> pl.DataFrame:
    born, expected = present("PersonBirthDate"), present("ExpectedPersonBirthDate")
    return data[CHILDREN].filter(born == expected)


@registry.rule(
    "8520",
    severity=E,
    tables=(CHILDREN,),
    fields=("PersonBirthDate",),
    message="Date of Birth is after data collection period (must be on or before the end of "
    "the census period).",
)
def rule_8520(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(day("PersonBirthDate") > data.period_end)


@registry.rule(
    "8530Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("ExpectedPersonBirthDate",),
    message="Please check: Expected Date of Birth is outside the expected range for this "
    "census (March to December of the Census Year end).",
)
def rule_8530q(data: ReturnData) -> pl.DataFrame:
    expected = day("ExpectedPersonBirthDate")
    earliest = pl.lit(data.period_end).dt.offset_by("-30d")
    latest = pl.lit(data.period_end).dt.offset_by("9mo")
    return data[CHILDREN].filter((expected <= earliest) | (expected >= latest))


@registry.rule(
    "8535Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("PersonDeathDate", "PersonBirthDate"),
    message="Please check: Child's date of death should not be prior to the date of birth.",
)
def rule_8535q(data: ReturnData) -> pl.DataFrame:
    death, born = day("PersonDeathDate"), day("PersonBirthDate")
    expected_after = (day("ExpectedPersonBirthDate") > death).fill_null(False)
    return data[CHILDREN].filter(
        death.is_not_null() & ~expected_after & (born.is_null() | (born > death))
    )


@registry.rule(
    "8545Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("PersonDeathDate",),
    message="Please check: Child's date of death should be within the census year.",
)
def rule_8545q(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(outside(day("PersonDeathDate"), data))


@registry.rule(
    "8775Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("PersonBirthDate",),
    message="Please check: Child is over 25 years old at the reference date; check the date of "
    "birth.",
)
def rule_8775q(data: ReturnData) -> pl.DataFrame:
    limit = pl.lit(data.period_end).dt.offset_by("-25y")
    return data[CHILDREN].filter(day("PersonBirthDate") < limit)


@registry.rule(
    "8770Q",
    severity=Q,
    tables=(CHILDREN,),
    fields=("UPN", "UPNunknown", "PersonBirthDate"),
    message="Please check and either amend data or provide a reason: UPN is missing or reason "
    "UPN is missing or is UN1 for a child who is of school age.",
)
def rule_8770q(data: ReturnData) -> pl.DataFrame:
    # School age: five or older at the reference date (UN1 "not of school age" then no longer
    # applies). DfE's 2024/25 rule tests the birth date against the reference date.
    school_age = day("PersonBirthDate") <= pl.lit(data.period_end).dt.offset_by("-5y")
    further = data[spec.CIN_DETAILS].filter(flag("ReferralNFA") == False)  # noqa: E712
    reasons = ["UN2", "UN3", "UN4", "UN5", "UN6", "UN7"]
    no_reason = ~pl.col("UPNunknown").str.to_uppercase().is_in(reasons).fill_null(False)
    return data[CHILDREN].filter(school_age & children_with(further) & ~present("UPN") & no_reason)


@registry.rule(
    "8772",
    severity=E,
    tables=(CHILDREN,),
    fields=("UPNunknown", "ReferralNFA"),
    message="UPN unknown reason is UN7 (referral with no further action) but at least one CIN "
    "episode is a referral going on to further action: give the UPN or another reason.",
)
def rule_8772(data: ReturnData) -> pl.DataFrame:
    further = data[spec.CIN_DETAILS].filter(flag("ReferralNFA") == False)  # noqa: E712
    return data[CHILDREN].filter((pl.col("UPNunknown") == "UN7") & children_with(further))


@registry.rule(
    "4220",
    severity=E,
    tables=(CHILDREN,),
    fields=("Ethnicity",),
    message="Ethnicity is missing or invalid: use one of the 20 DfE ethnicity codes (e.g. WBRI, "
    "REFU for refused, NOBT for not obtained).",
)
def rule_4220(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(not_in("Ethnicity", spec.code_lists(data.year).ethnicity))


@registry.rule(
    "8540",
    severity=E,
    tables=(DISABILITIES, CHILDREN),
    fields=("Disability", "PersonBirthDate", "ReferralNFA"),
    message="Child's disability is missing or invalid: a born child with at least one referral "
    "that went on to further action needs NONE or one or more DfE disability codes (MOB, "
    "HAND, PC, INC, COMM, LD, HEAR, VIS, BEH, CON, AUT, DDA).",
)
def rule_8540(data: ReturnData) -> dict[str, pl.DataFrame]:
    # DfE: if PersonBirthDate is present and at least one ReferralNFA is false or 0, then one
    # or more Disability must be present and all must be valid codes. Unborn children and
    # children whose every referral was NFA are not asked for a disability.
    codes = spec.code_lists(data.year).disability
    further = data[spec.CIN_DETAILS].filter(flag("ReferralNFA") == False)  # noqa: E712
    born = data[CHILDREN].filter(present("PersonBirthDate") & children_with(further))
    return {
        DISABILITIES: data[DISABILITIES].filter(children_with(born) & not_in("Disability", codes)),
        CHILDREN: born.filter(~children_with(data[DISABILITIES])),
    }


@registry.rule(
    "8790",
    severity=E,
    tables=(DISABILITIES,),
    fields=("Disability",),
    message="Disability information includes both None and other values: remove NONE or the "
    "other codes.",
)
def rule_8790(data: ReturnData) -> pl.DataFrame:
    table = data[DISABILITIES]
    none = table.filter(pl.col("Disability").str.to_uppercase() == "NONE")
    return table.filter(children_with(none) & (pl.col("Disability").str.to_uppercase() != "NONE"))


@registry.rule(
    "8794",
    severity=E,
    tables=(DISABILITIES,),
    fields=("Disability",),
    message="Child has two or more disabilities with the same code: record each code once.",
)
def rule_8794(data: ReturnData) -> pl.DataFrame:
    table = by_child(data[DISABILITIES].filter(pl.col("Disability").is_not_null()))
    return table.filter(pl.struct(CHILD_KEY, "Disability").is_duplicated())


@registry.rule(
    "2888Q",
    severity=Q,
    tables=(DISABILITIES,),
    fields=("Disability",),
    message="Please check: Only one disability code is recorded per child and multiple "
    "disabilities should be recorded where possible.",
)
def rule_2888q(data: ReturnData) -> pl.DataFrame:
    table = data[DISABILITIES].filter(
        pl.col("Disability").is_not_null() & (pl.col("Disability").str.to_uppercase() != "NONE")
    )
    counts = by_child(table).group_by(CHILD_KEY).len()
    failed = counts.height > 0 and int(counts.get_column("len").max() or 0) <= 1  # type: ignore[arg-type]
    return la_level(table, failed)


@registry.rule(
    "8590",
    severity=E,
    tables=(CHILDREN,),
    fields=("LAchildID",),
    message="Child does not have a recorded CIN episode: every child needs at least one "
    "CINdetails group.",
)
def rule_8590(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(~children_with(data[spec.CIN_DETAILS]))


@registry.rule(
    "8555Q",
    severity=Q,
    tables=(spec.CIN_DETAILS,),
    fields=("CINreferralDate", "PersonDeathDate"),
    message="Please check: child cannot be referred after its recorded date of death.",
)
def rule_8555q(data: ReturnData) -> pl.DataFrame:
    episodes = with_child(data, spec.CIN_DETAILS, date_col("PersonDeathDate"))
    return episodes.filter(day("CINreferralDate") > child_day("PersonDeathDate"))


@registry.rule(
    "2887Q",
    severity=Q,
    tables=(DISABILITIES,),
    fields=("Disability",),
    message="Please check and either amend or provide a reason: fewer than 8 different "
    "disability codes have been used in your return.",
)
def rule_2887q(data: ReturnData) -> pl.DataFrame:
    # DfE: excluding NONE, the number of different disability codes used by the LA should be
    # more than 7; raised once for the return. Only valid codes count (8540 reports others).
    codes = sorted(spec.code_lists(data.year).disability - {"NONE"})
    table = data[DISABILITIES]
    used = table.filter(pl.col("Disability").is_in(codes)).get_column("Disability").n_unique()
    return la_level(table, used <= 7)
