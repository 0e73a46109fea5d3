"""Pseudonymisation of identifiers before any table is stored (no Django).

Identifiers (child, pupil, staff, family and adopter ids, worker names) become a keyed hash:
HMAC-SHA256 with a per-council secret key, shown as 16 hex characters. The same child keeps
the same pseudonym across returns and years, so measures can follow them, but the original id
cannot be recovered without the key. Postcodes are cut to their outward code (e.g. "NB1").
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl

KEY_BYTES = 32
PSEUDONYM_LENGTH = 16

IDENTIFIER_COLUMNS = frozenset(
    {
        "CHILD",
        "UPN",
        "SW_ID",
        "LAchildID",
        "FormerUPN",
        "StaffID",
        "SWENumber",
        "Child Unique ID",
        "Allocated Worker",
        "Family Identifier",
        "Individual Adopter Identifier",
    }
)
POSTCODE_COLUMNS = frozenset({"HOME_POST", "PL_POST", "Placement Postcode"})
PSEUDONYM_PATTERN = re.compile(rf"[0-9a-f]{{{PSEUDONYM_LENGTH}}}")


class PseudonymKeyError(RuntimeError):
    """The council's pseudonymisation key is missing, unreadable or the wrong size."""


def council_key(key_path: Path) -> bytes:
    """Read the council's key, creating it (readable by the owner only) on first use."""
    if not key_path.exists():
        key_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
    key = key_path.read_bytes()
    if len(key) != KEY_BYTES:
        raise PseudonymKeyError(
            f"The pseudonymisation key at {key_path} is damaged. Restore it from backup: "
            "without it, new data cannot be linked to the children already loaded."
        )
    return key


def pseudonym(key: bytes, value: str) -> str:
    digest = hmac.new(key, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def is_pseudonym(value: str) -> bool:
    """Whether `value` has the form of a pseudonym (16 lower-case hex characters)."""
    return PSEUDONYM_PATTERN.fullmatch(value) is not None


def pseudonymise_ids(pseudonymiser: Callable[[str], str], values: Iterable[str]) -> list[str]:
    """Identifiers as the access log keeps them: a pseudonym stays, anything else is hashed.

    Pages hand over the pseudonyms the stored versions hold; an identifier typed by a person
    (an audit's child, a search) is the raw one and is hashed here, so none is stored raw.
    """
    return [
        value if is_pseudonym(value) else pseudonymiser(value)
        for value in (str(item).strip() for item in values)
        if value
    ]


def pseudonymise_frame(
    frame: pl.DataFrame, key: bytes, extra: set[str] | None = None
) -> pl.DataFrame:
    """Replace identifier columns by pseudonyms and cut postcodes; blanks stay blank."""
    identifiers = IDENTIFIER_COLUMNS | (extra or set())
    replacements = []
    for name in frame.columns:
        if frame.schema[name] != pl.String:
            continue
        if name in identifiers:
            # Hash each distinct value once; blanks stay blank.
            values = frame[name].drop_nulls().unique().to_list()
            mapping = {value: (pseudonym(key, value) if value.strip() else "") for value in values}
            replacements.append(
                pl.col(name).replace_strict(mapping, default=None, return_dtype=pl.String)
            )
        elif name in POSTCODE_COLUMNS:
            replacements.append(
                pl.col(name)
                .str.strip_chars()
                .str.to_uppercase()
                .str.split(" ")
                .list.first()
                .alias(name)
            )
    return frame.with_columns(replacements) if replacements else frame
