"""Normalising Annex A answers and dates as councils type them into the workbook.

Coded answers arrive with list prefixes ("a) Male", "RC1 - Adopted", "E11: Adopted - ...") or
as words ("Neglect", "Former relevant child"); dates arrive as Excel date cells, text
(dd/mm/yyyy) or bare serial numbers. Each distinct raw value is normalised once.
"""

from __future__ import annotations

import re
from typing import Final

import polars as pl

from thrive.statutory.annexa.spec import CODE_SETS

_LETTER_PREFIX: Final = re.compile(r"^\s*\(?([a-z]{1,2})\)\s*", re.IGNORECASE)
_TOKEN: Final = re.compile(r"[A-Za-z0-9]+")


def _letter_and_text(value: str) -> tuple[str | None, str]:
    match = _LETTER_PREFIX.match(value)
    if match is None:
        return None, value.strip()
    return match.group(1).lower(), value[match.end() :].strip()


def _by_letter(letter: str | None, options: tuple[str, ...]) -> str | None:
    if letter is None or len(letter) != 1:
        return None
    index = ord(letter) - ord("a")
    return options[index] if 0 <= index < len(options) else None


def _first_match(text: str, patterns: tuple[tuple[str, str], ...]) -> str | None:
    lowered = text.lower()
    for pattern, code in patterns:
        if re.search(pattern, lowered):
            return code
    return None


def _token(text: str) -> str | None:
    match = _TOKEN.match(text)
    return match.group(0).upper() if match else None


def _gender(letter: str | None, text: str) -> str | None:
    options = ("Male", "Female", "Not stated/recorded", "Neither")
    low = text.lower()
    if low in {"m", "male"} or low.startswith("male"):
        return "Male"
    if low in {"f", "female"} or low.startswith("female"):
        return "Female"
    if low.startswith(("not stated", "not recorded", "unknown", "indeterminate")) or low == "u":
        return "Not stated/recorded"
    if low.startswith("neither"):
        return "Neither"
    return _by_letter(letter, options)


def _yes_no(letter: str | None, text: str, unknown: bool) -> str | None:
    low = text.lower()
    if low in {"y", "yes", "true", "1"}:
        return "Yes"
    if low in {"n", "no", "false", "0"}:
        return "No"
    if unknown and low in {"u", "unknown", "not known", "dk"}:
        return "Unknown"
    options = ("Yes", "No", "Unknown") if unknown else ("Yes", "No")
    return _by_letter(letter, options)


_WORDS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "abuse": (
        (r"neglect", "NEG"),
        (r"physical", "PHY"),
        (r"sexual", "SAB"),
        (r"emotional", "EMO"),
        (r"multiple|not recommended", "MUL"),
    ),
    "case_status": (
        (r"closed", "Closed episode"),
        (r"looked|in care|\blac\b|\bcla\b", "Looked after"),
        (r"protection|^cp\b|cp plan", "CP plan"),
        (r"assess", "Open assessment"),
        (r"need|^cin\b|cin plan", "CIN plan"),
    ),
    "permanence": (
        (r"return", "Return to family"),
        (r"sgo|cao|guardianship|arrangements", "SGO/CAO"),
        (r"supported living", "Supported living"),
        (r"residential", "Long-term residential"),
        (r"foster", "Long-term fostering"),
        (r"adopt", "Adoption"),
        (r"other", "Other"),
    ),
    "eligibility": (
        (r"former", "Former relevant"),
        (r"qualif", "Qualifying"),
        (r"eligible", "Eligible"),
        (r"rel[ae]vant", "Relevant"),
    ),
    "suitability": ((r"unsuitable|not suitable", "Unsuitable"), (r"suitable", "Suitable")),
    "location": ((r"^in\b", "In"), (r"^out\b", "Out")),
    "in_touch": ((r"^died|death", "DIED"), (r"^refu", "REFU")),
}
_LETTER_OPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "abuse": ("NEG", "PHY", "SAB", "EMO", "MUL"),
    "case_status": ("Looked after", "CP plan", "CIN plan", "Open assessment", "Closed episode"),
    "permanence": (
        "Return to family",
        "Adoption",
        "SGO/CAO",
        "Supported living",
        "Long-term residential",
        "Long-term fostering",
        "Other",
    ),
    "eligibility": ("Relevant", "Former relevant", "Qualifying", "Eligible"),
    "suitability": ("Suitable", "Unsuitable"),
    "location": ("In", "Out"),
    "in_touch": ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"),
}


def normalise(value: str | None, key: str) -> str | None:
    """The code-set value a raw answer stands for, or None when it matches nothing."""
    if value is None or not value.strip():
        return None
    letter, text = _letter_and_text(value)
    codes = CODE_SETS[key]
    if key == "gender":
        return _gender(letter, text)
    if key in {"yes_no", "yes_no_unknown"}:
        return _yes_no(letter, text, key == "yes_no_unknown")
    token = _token(text)
    if key == "accommodation" and token and token[0] in codes and token[1:] in {"", "1", "2"}:
        return token[0]
    if key == "adopter_left" and token and token[0] in codes:
        return token[0]
    if key == "la_of_placement" and token and (token in codes or re.fullmatch(r"\d{3,4}", token)):
        return token
    if token in codes:
        return token
    words = _WORDS.get(key)
    if words:
        found = _first_match(text, words)
        if found is not None:
            return found
    if key in _LETTER_OPTIONS and letter:
        return _by_letter(letter, _LETTER_OPTIONS[key])
    return None


def normalised_column(frame: pl.DataFrame, name: str, key: str, alias: str) -> pl.Series:
    """`name` normalised to code set `key` (each distinct raw value is looked at once)."""
    raw = frame.get_column(name)
    distinct = [v for v in raw.unique().to_list() if v is not None]
    mapping = {value: normalise(value, key) for value in distinct}
    return raw.replace_strict(
        list(mapping), list(mapping.values()), default=None, return_dtype=pl.String
    ).alias(alias)


_EXCEL_EPOCH: Final = pl.date(1899, 12, 30)


def date_expr(name: str, alias: str) -> pl.Expr:
    """A date from an Excel date cell (ISO text), dd/mm/yyyy text or a serial day number."""
    raw = pl.col(name).str.strip_chars()
    iso = raw.str.contains(r"^\d{4}-\d{2}-\d{2}( 00:00:00(\.0+)?)?$")
    uk = raw.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$")
    serial = raw.str.contains(r"^\d{4,5}(\.0+)?$")
    uk_text = raw.str.replace(r"^(\d)/", "0$1/").str.replace(r"/(\d)/", "/0$1/")
    serial_days = raw.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
    return (
        pl.when(iso)
        .then(raw.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False))
        .when(uk)
        .then(uk_text.str.strptime(pl.Date, "%d/%m/%Y", strict=False))
        .when(serial)
        .then(_EXCEL_EPOCH + pl.duration(days=serial_days))
        .otherwise(None)
        .alias(alias)
    )


def int_expr(name: str, alias: str) -> pl.Expr:
    """A whole number from "7" or "7.0" (Excel number cells); anything else is null."""
    raw = pl.col(name).str.strip_chars()
    whole = raw.str.replace(r"^([+-]?\d+)\.0+$", "$1")
    return (
        pl.when(whole.str.contains(r"^[+-]?\d{1,9}$"))
        .then(whole.cast(pl.Int64, strict=False))
        .otherwise(None)
        .alias(alias)
    )
