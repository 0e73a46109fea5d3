"""Reading survey exports (CSV) into feedback rows, with an error for every bad row.

Headers are matched loosely (case, spaces and common survey-tool wordings), so an export from a
questionnaire tool can be imported after at most renaming a column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from thrive.voice.models import Channel, Sentiment, SourceType

MAX_ROWS = 20_000
ERROR_NOT_UTF8 = "The file must be a CSV file saved as UTF-8"
ERROR_EMPTY = "The file has no rows of feedback in it"
ERROR_COLUMNS = "The file must have columns for the date, who gave the feedback and what they said"
ERROR_TOO_MANY = f"The file has more than {MAX_ROWS} rows: split it into smaller files"
ERROR_BINARY = (
    "The file contains binary data (is it a spreadsheet saved with a .csv name?): save it as "
    "CSV (UTF-8) and try again"
)
ERROR_BROKEN = (
    "The file is not a readable CSV file ({detail}): save it as CSV (UTF-8) and try again"
)

ALIASES: dict[str, tuple[str, ...]] = {
    "received_on": ("date", "received_on", "received", "response_date", "timestamp", "submitted"),
    "source_type": ("source_type", "source", "who", "respondent", "respondent_type", "group"),
    "channel": ("channel", "method", "how"),
    "summary": ("summary", "feedback", "what_they_said", "what_did_you_tell_us", "response"),
    "quote": ("quote", "comment", "comments", "in_their_words", "verbatim"),
    "attributed_role": ("attributed_role", "role", "attributed_to", "quote_attributed_to"),
    "consent_to_quote": ("consent_to_quote", "consent", "can_we_quote_you", "quote_consent"),
    "sentiment": ("sentiment", "feeling", "overall"),
    "themes": ("themes", "theme", "topics"),
    "reference": ("reference", "id", "response_id", "respondent_id", "ref"),
}

SOURCE_WORDS: dict[str, str] = {
    "child": SourceType.CHILD,
    "children": SourceType.CHILD,
    "young person": SourceType.YOUNG_PERSON,
    "young people": SourceType.YOUNG_PERSON,
    "care leaver": SourceType.CARE_LEAVER,
    "parent": SourceType.PARENT_CARER,
    "carer": SourceType.PARENT_CARER,
    "parent or carer": SourceType.PARENT_CARER,
    "parent/carer": SourceType.PARENT_CARER,
    "foster carer": SourceType.PARENT_CARER,
    "staff": SourceType.STAFF,
    "social worker": SourceType.STAFF,
    "partner": SourceType.PARTNER,
    "partner agency": SourceType.PARTNER,
}
YES = {"yes", "y", "true", "1", "agreed", "consent given"}
NO = {"no", "n", "false", "0", "", "not agreed"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class FeedbackRow:
    row: int
    received_on: date
    source_type: str
    channel: str
    summary: str
    quote: str
    attributed_role: str
    consent_to_quote: bool
    sentiment: str
    theme_names: list[str] = field(default_factory=list)
    reference: str = ""


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


def _key(header: str) -> str:
    return "_".join(header.strip().lower().replace("?", "").replace("-", " ").split())


def _choice(value: str, choices: type, words: dict[str, str] | None = None) -> str | None:
    cleaned = value.strip().lower()
    if words and cleaned in words:
        return words[cleaned]
    for member in choices:  # type: ignore[attr-defined]
        if cleaned in {member.value, str(member.label).lower()}:
            return str(member.value)
    return None


def _date(value: str) -> date | None:
    value = value.strip()
    for pattern in (
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def read_feedback_csv(
    data: bytes, *, theme_names: set[str], known_references: set[str], today: date
) -> tuple[list[FeedbackRow], list[RowError]]:
    """Parse a survey export. Returns good rows and every row error (row 1 is the header)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(ERROR_NOT_UTF8) from exc
    if "\x00" in text:
        raise ImportFileError(ERROR_BINARY)
    try:
        # Universal newlines: files saved with old Mac line endings (CR only) read too.
        records = list(csv.reader(io.StringIO(text, newline=None)))
    except csv.Error as exc:  # e.g. a value longer than the csv module's field limit
        raise ImportFileError(ERROR_BROKEN.format(detail=str(exc).split(" - ")[0])) from exc
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(ERROR_EMPTY)
    if len(records) - 1 > MAX_ROWS:
        raise ImportFileError(ERROR_TOO_MANY)
    headers = [_key(cell) for cell in records[0]]
    columns: dict[str, int] = {}
    for field_name, aliases in ALIASES.items():
        for index, header in enumerate(headers):
            if header in aliases and field_name not in columns:
                columns[field_name] = index
    if not {"received_on", "source_type", "summary"} <= set(columns):
        raise ImportFileError(ERROR_COLUMNS)
    lower_themes = {name.lower(): name for name in theme_names}
    rows: list[FeedbackRow] = []
    errors: list[RowError] = []
    seen_references: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(headers):
            errors.append(
                RowError(number, "row", f"has {len(record)} values, expected {len(headers)}")
            )
            continue

        def cell(name: str, record: list[str] = record) -> str:
            index = columns.get(name)
            return record[index].strip() if index is not None else ""

        row_errors: list[RowError] = []
        received = _date(cell("received_on"))
        if received is None:
            row_errors.append(RowError(number, "date", f"“{cell('received_on')}” is not a date"))
        elif received > today:
            row_errors.append(RowError(number, "date", "is in the future"))
        source = _choice(cell("source_type"), SourceType, SOURCE_WORDS)
        if source is None:
            row_errors.append(
                RowError(number, "source", f"“{cell('source_type')}” is not a known source")
            )
        channel = _choice(cell("channel") or "survey", Channel)
        if channel is None:
            row_errors.append(
                RowError(number, "channel", f"“{cell('channel')}” is not a known channel")
            )
        sentiment = _choice(cell("sentiment") or "neutral", Sentiment)
        if sentiment is None:
            row_errors.append(
                RowError(number, "sentiment", f"“{cell('sentiment')}” is not a known sentiment")
            )
        summary = cell("summary")
        if not summary:
            row_errors.append(RowError(number, "summary", "is blank"))
        consent_text = cell("consent_to_quote").lower()
        if consent_text not in YES | NO:
            row_errors.append(
                RowError(number, "consent", f"“{cell('consent_to_quote')}” must be yes or no")
            )
        consent = consent_text in YES
        quote, role = cell("quote"), cell("attributed_role")
        if consent and quote and not role:
            row_errors.append(
                RowError(number, "role", "a quote to share needs a role to attribute it to")
            )
        if len(role) > 40:
            row_errors.append(
                RowError(number, "role", "must be 40 characters or fewer (a role, not a name)")
            )
        themes = [
            name.strip() for name in cell("themes").replace(",", ";").split(";") if name.strip()
        ]
        unknown = [name for name in themes if name.lower() not in lower_themes]
        if unknown:
            row_errors.append(RowError(number, "themes", f"unknown theme {', '.join(unknown)}"))
        reference = cell("reference")
        if reference and reference in known_references:
            row_errors.append(RowError(number, "reference", f"{reference} was imported before"))
        elif reference and reference in seen_references:
            row_errors.append(
                RowError(number, "reference", f"repeats row {seen_references[reference]}")
            )
        elif reference:
            seen_references[reference] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        assert received is not None and source and channel and sentiment
        rows.append(
            FeedbackRow(
                row=number,
                received_on=received,
                source_type=source,
                channel=channel,
                summary=summary,
                quote=quote,
                attributed_role=role,
                consent_to_quote=consent,
                sentiment=sentiment,
                theme_names=[lower_themes[name.lower()] for name in themes],
                reference=reference,
            )
        )
    if not rows and not errors:
        raise ImportFileError(ERROR_EMPTY)
    return rows, errors
