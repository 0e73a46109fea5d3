"""AA01-AA08: the Annex A checks shared with the generator's contract (domain notes 4.3).

These apply to every list, so each offending row also carries `__fields`: the columns that
failed in that row (for a runner that reports fields per row; the rule's own `fields` are the
fallback).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import polars as pl

from thrive.statutory.annexa import spec
from thrive.statutory.annexa.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW, date_col, int_col
from thrive.statutory.rules import ReturnData

E = Severity.ERROR
ALL_LISTS = spec.TABLES
FIELDS = "__fields"
Check = tuple[tuple[str, ...], pl.Expr]


def _missing_columns(data: ReturnData, table: str, names: set[str]) -> pl.DataFrame:
    structure = data[spec.STRUCTURE]
    gone = structure.filter((pl.col("table") == table) & pl.col("column").is_in(sorted(names)))
    missing = sorted(gone.get_column("column").to_list())
    return pl.DataFrame(
        {ROW: [None], FIELDS: [missing]}, schema={ROW: pl.Int64, FIELDS: pl.List(pl.String)}
    ).head(min(gone.height, 1))


def _present(data: ReturnData, table: str) -> set[str]:
    structure = data[spec.STRUCTURE].filter(pl.col("table") == table)
    missing = set(structure.get_column("column").to_list())
    return {c.name for c in spec.LIST_BY_TABLE[table].columns} - missing


def _combine(parts: dict[str, list[pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    result: dict[str, pl.DataFrame] = {}
    for table, frames in parts.items():
        child = spec.LIST_BY_TABLE[table].child_column
        keep = [ROW, FIELDS] if child is None else [ROW, child, FIELDS]
        cleaned = [f.select([c for c in keep if c in f.columns]) for f in frames if f.height]
        if cleaned:
            combined = pl.concat(cleaned, how="diagonal")
            key = [c for c in keep if c != FIELDS and c in combined.columns]
            result[table] = combined.unique(subset=key, maintain_order=True)
    return result


def _any(frame: pl.DataFrame, checks: Sequence[Check]) -> pl.DataFrame:
    """Rows failing any check, with the columns of the checks they failed (`__fields`)."""
    if not checks:
        return frame.clear()
    failed = frame.filter(pl.any_horizontal(condition for _, condition in checks))
    empty = pl.lit([], dtype=pl.List(pl.String))
    names = [
        pl.when(condition.fill_null(False))
        .then(pl.lit(list(columns), dtype=pl.List(pl.String)))
        .otherwise(empty)
        for columns, condition in checks
    ]
    return failed.with_columns(pl.concat_list(names).list.unique(maintain_order=True).alias(FIELDS))


def _identity(annex_list: spec.AnnexList) -> tuple[str, ...]:
    if annex_list.child_column is None:
        return (spec.ADOPTER_ID, spec.GENDER, spec.ETHNICITY)
    return (spec.CHILD_ID, spec.GENDER, spec.ETHNICITY, spec.DOB, spec.AGE)


@registry.rule(
    "AA01",
    severity=E,
    tables=ALL_LISTS,
    fields=(spec.CHILD_ID,),
    message="Identity missing: every list needs its identity columns (Child Unique ID, Gender, "
    "Ethnicity, Date of Birth, Age of Child; adopters: Individual Adopter Identifier) and the "
    "Child Unique ID (or adopter identifier) must never be blank.",
)
def rule_aa01(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS:
        table = annex_list.table
        identity = _identity(annex_list)
        id_column = identity[0]
        frames = [_missing_columns(data, table, set(identity))]
        if id_column in _present(data, table):
            frames.append(_any(data[table], [((id_column,), pl.col(id_column).is_null())]))
        parts[table] = frames
    return _combine(parts)


@registry.rule(
    "AA02",
    severity=E,
    tables=ALL_LISTS,
    fields=(),
    message="A column that must be filled in is blank in this row, or missing from the sheet "
    "(row blank): fill in the list's mandatory columns (identity, the list's key dates and "
    "answers, counts, allocated team and worker).",
)
def rule_aa02(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS:
        table = annex_list.table
        identity = set(_identity(annex_list))
        required = [c.name for c in annex_list.columns if c.required and c.kind != "id"]
        present = _present(data, table)
        frames = [_missing_columns(data, table, set(required) - identity)]
        checks = [((n,), pl.col(n).is_null()) for n in required if n in present]
        frames.append(_any(data[table], checks))
        parts[table] = frames
    return _combine(parts)


@registry.rule(
    "AA03",
    severity=E,
    tables=ALL_LISTS,
    fields=(),
    message="A date is not a real date (use an Excel date or dd/mm/yyyy) or a count is not a "
    "whole number of 0 or more.",
)
def rule_aa03(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS:
        checks: list[Check] = []
        for column in annex_list.columns:
            raw = pl.col(column.name).is_not_null()
            if column.kind == "date":
                checks.append(((column.name,), raw & pl.col(date_col(column.name)).is_null()))
            elif column.kind == "int":
                value = pl.col(int_col(column.name))
                checks.append(((column.name,), raw & (value.is_null() | (value < 0))))
        parts[annex_list.table] = [_any(data[annex_list.table], checks)]
    return _combine(parts)


@registry.rule(
    "AA04",
    severity=E,
    tables=ALL_LISTS,
    fields=(),
    message="A coded answer is not in the list's code set (after removing prefixes such as "
    "'a)' or 'RC1 -'): use one of Ofsted's answers for the column.",
)
def rule_aa04(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS:
        checks: list[Check] = [
            ((c.name,), pl.col(c.name).is_not_null() & pl.col(spec.code_col(c.name)).is_null())
            for c in annex_list.columns
            if c.kind == "code"
        ]
        parts[annex_list.table] = [_any(data[annex_list.table], checks)]
    return _combine(parts)


@registry.rule(
    "AA05",
    severity=E,
    tables=ALL_LISTS,
    fields=(),
    message="A date is outside the reporting window: contacts, early help, referrals, "
    "assessments and section 47 enquiries must start in the 12 months to the extract date, "
    "and no date may be after the extract date.",
)
def rule_aa05(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS:
        table = annex_list.table
        checks: list[Check] = [
            ((name,), pl.col(date_col(name)) > data.period_end)
            for name in annex_list.dates
            if name != spec.DOB
        ]
        window = spec.WINDOW_COLUMNS.get(table)
        if window is not None:
            checks.append(((window,), pl.col(date_col(window)) < data.period_start))
        parts[table] = [_any(data[table], checks)]
    return _combine(parts)


DATE_ORDER: dict[str, tuple[str, ...]] = {
    "list_4": ("Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"),
    "list_5": (
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference",
    ),
    "list_6": ("CIN Start Date", "CIN Closure Date"),
    "list_7": ("Child Protection Plan Start Date", "Child Protection Plan End Date"),
    "list_8": ("Date Started to be Looked After", "Date Ceased to be Looked After"),
    "list_10": (
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
    ),
}


@registry.rule(
    "AA06",
    severity=E,
    tables=tuple(DATE_ORDER),
    fields=(),
    message="Dates in the row are out of order: assessment start on or before authorisation; "
    "section 47 start on or before the ICPC; CIN, child protection and care start on or before "
    "their end; adoption decision, matching, placement and order in that order.",
)
def rule_aa06(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for table, chain in DATE_ORDER.items():
        checks: list[Check] = [
            ((earlier, later), pl.col(date_col(earlier)) > pl.col(date_col(later)))
            for earlier, later in itertools.combinations(chain, 2)
        ]
        parts[table] = [_any(data[table], checks)]
    return _combine(parts)


def _age_at(dob: pl.Expr, day: pl.Expr) -> pl.Expr:
    before_birthday = (day.dt.month() < dob.dt.month()) | (
        (day.dt.month() == dob.dt.month()) & (day.dt.day() < dob.dt.day())
    )
    return day.dt.year() - dob.dt.year() - before_birthday.cast(pl.Int32)


@registry.rule(
    "AA07",
    severity=E,
    tables=ALL_LISTS[:10],
    fields=(spec.DOB, spec.AGE),
    message="Age of Child does not agree with the Date of Birth at the extract date, or the "
    "Date of Birth is after another date in the row (more than 40 weeks after it for contacts, "
    "referrals, assessments, enquiries and plans about an unborn child).",
)
def rule_aa07(data: ReturnData) -> dict[str, pl.DataFrame]:
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS[:10]:
        dob = pl.col(date_col(spec.DOB))
        age = pl.col(int_col(spec.AGE))
        computed = _age_at(dob, pl.lit(data.period_end))
        checks: list[Check] = [((spec.DOB, spec.AGE), age != computed)]
        # Contacts, referrals, assessments and plans can concern an unborn child: up to 40 weeks
        # before birth is allowed there (as CIN census rule 8606); never for care or adoption.
        allowance = 280 if annex_list.number <= 7 else 0
        earliest = dob.dt.offset_by(f"-{allowance}d")
        checks += [
            ((spec.DOB, n), earliest > pl.col(date_col(n)))
            for n in annex_list.dates
            if n != spec.DOB
        ]
        parts[annex_list.table] = [_any(data[annex_list.table], checks)]
    return _combine(parts)


def _identity_rows(data: ReturnData) -> pl.DataFrame:
    frames = []
    for annex_list in spec.LISTS[:10]:
        frames.append(
            data[annex_list.table].select(
                pl.lit(annex_list.table).alias("table"),
                ROW,
                spec.CHILD_ID,
                pl.col(date_col(spec.DOB)).alias("dob"),
                pl.col(spec.code_col(spec.GENDER)).alias("gender"),
            )
        )
    return pl.concat(frames).filter(pl.col(spec.CHILD_ID).is_not_null())


def _disagreeing(rows: pl.DataFrame, value: str) -> pl.DataFrame:
    """Rows whose `value` differs from the child's most common value (all rows on a tie)."""
    known = rows.filter(pl.col(value).is_not_null())
    counts = known.group_by(spec.CHILD_ID, value).len()
    counts = counts.with_columns(
        pl.col("len").max().over(spec.CHILD_ID).alias("top"),
        (pl.col("len") == pl.col("len").max().over(spec.CHILD_ID))
        .sum()
        .over(spec.CHILD_ID)
        .alias("tops"),
        pl.len().over(spec.CHILD_ID).alias("values"),
    )
    wrong = counts.filter(
        (pl.col("values") > 1) & ((pl.col("len") < pl.col("top")) | (pl.col("tops") > 1))
    )
    return known.join(wrong.select(spec.CHILD_ID, value), on=[spec.CHILD_ID, value], how="semi")


@registry.rule(
    "AA08",
    severity=E,
    tables=ALL_LISTS,
    fields=(spec.CHILD_ID, spec.DOB, spec.GENDER, spec.FAMILY),
    message="Lists disagree: the same Child Unique ID has a different Date of Birth or Gender "
    "in another list, or a List 10 family identifier is not in List 11.",
)
def rule_aa08(data: ReturnData) -> dict[str, pl.DataFrame]:
    rows = _identity_rows(data)
    wrong = pl.concat(
        [
            _disagreeing(rows, "dob").select("table", ROW, pl.lit("dob").alias("what")),
            _disagreeing(rows, "gender").select("table", ROW, pl.lit("gender").alias("what")),
        ]
    )
    parts: dict[str, list[pl.DataFrame]] = {}
    for annex_list in spec.LISTS[:10]:
        table = annex_list.table
        dob_rows = wrong.filter((pl.col("table") == table) & (pl.col("what") == "dob"))
        gender_rows = wrong.filter((pl.col("table") == table) & (pl.col("what") == "gender"))
        checks: list[Check] = [
            ((spec.CHILD_ID, spec.DOB), pl.col(ROW).is_in(dob_rows.get_column(ROW).implode())),
            (
                (spec.CHILD_ID, spec.GENDER),
                pl.col(ROW).is_in(gender_rows.get_column(ROW).implode()),
            ),
        ]
        parts[table] = [_any(data[table], checks)]
    families = data["list_11"].get_column(spec.FAMILY).drop_nulls().unique().implode()
    unmatched = pl.col(spec.FAMILY).is_not_null() & ~pl.col(spec.FAMILY).is_in(families)
    parts["list_10"].append(_any(data["list_10"], [((spec.FAMILY,), unmatched)]))
    return _combine(parts)
