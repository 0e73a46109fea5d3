"""Read a CIN census XML file safely and flatten it into typed Polars tables.

The bytes are first gated by defusedxml (entities, external references and DTDs are refused),
then parsed by lxml with entity resolution, network access, DTD loading and huge trees all
switched off. Elements are matched on local names, so a namespace added by an LA's software is
tolerated. Every flattened row keeps the 1-based position of its <Child> element (`row`), the
child's LAchildID (`child`) and a stable element id, so an issue points back to the element.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.parsers import expat

import polars as pl
from lxml import etree

from thrive.statutory.cin import spec
from thrive.statutory.reading import date_col, int_col

# Reader problem codes match thrive.statutory.issues FILE.. codes.
UNREADABLE: Final = "FILE01"
EMPTY: Final = "FILE03"
HOSTILE: Final = "FILE04"
UNRECOGNISED: Final = "FILE10"


class CinReadError(Exception):
    """The file cannot be read as a CIN census; `code` is the file-problem code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class CinReturn:
    """A CIN census read into tables; `year` is the collection end year if it could be read."""

    tables: dict[str, pl.DataFrame]
    year: int | None
    reference_date: dt.date | None
    local_authority: str | None
    namespaces: tuple[str, ...] = field(default=())

    def table(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    @property
    def child_count(self) -> int:
        return self.tables[spec.CHILDREN].height


_PARSER: Final = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def _refuse_dtd(*_args: object) -> None:
    raise CinReadError(HOSTILE, "it contains a DTD (<!DOCTYPE ...>), which is refused")


def _refuse_entities(*_args: object) -> None:
    raise CinReadError(HOSTILE, "it declares XML entities, which are refused")


def _refuse_external(*_args: object) -> int:
    # expat's external-entity handler returns a status; this one always refuses instead.
    raise CinReadError(HOSTILE, "unsafe XML construct refused: an external reference")


def _gate(data: bytes) -> None:
    """Refuse DTDs, entity declarations and external references before lxml sees the bytes.

    The guards defusedxml installs (forbid_dtd, forbid_entities, forbid_external), set on a
    bare expat parser with no other handler, so the whole document is checked at C speed
    (through ElementTree's parser every token called back into Python: most of a read).
    """
    gate = expat.ParserCreate()
    gate.StartDoctypeDeclHandler = _refuse_dtd
    gate.EntityDeclHandler = _refuse_entities
    gate.UnparsedEntityDeclHandler = _refuse_entities
    gate.ExternalEntityRefHandler = _refuse_external
    try:
        gate.Parse(data, True)
    except expat.ExpatError as exc:
        raise CinReadError(UNREADABLE, f"it is not well-formed XML: {exc}") from None
    except (ValueError, LookupError, RecursionError) as exc:
        raise CinReadError(UNREADABLE, f"it is not well-formed XML: {exc}") from None


def parse_safely(data: bytes) -> etree._Element:
    """Parse XML bytes with entities and DTDs refused; return the root element.

    Raises:
        CinReadError: empty, hostile (entities/DTD) or not well-formed XML.
    """
    if not data.strip():
        raise CinReadError(EMPTY, "the file is empty")
    _gate(data)
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
        raise CinReadError(UNREADABLE, f"it is not well-formed XML: {exc}") from None
    if root is None:
        raise CinReadError(UNREADABLE, "it has no root element")
    return root


def _strip_namespaces(root: etree._Element) -> tuple[str, ...]:
    namespaces: set[str] = set()
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag.startswith("{"):
            namespace, _, local = tag[1:].partition("}")
            namespaces.add(namespace)
            element.tag = local
    return tuple(sorted(namespaces))


def _text(parent: etree._Element | None, name: str) -> str | None:
    if parent is None:
        return None
    element = parent.find(name)
    if element is None or element.text is None:
        return None
    value = element.text.strip()
    return value or None


def _child_texts(parent: etree._Element | None) -> dict[str, str | None]:
    """The stripped text of each direct child element by name (first one wins)."""
    texts: dict[str, str | None] = {}
    if parent is None:
        return texts
    for child in parent:
        tag = child.tag
        if isinstance(tag, str) and tag not in texts:
            text = child.text
            texts[tag] = (text.strip() or None) if text is not None else None
    return texts


def _children(parent: etree._Element | None, name: str) -> Iterator[etree._Element]:
    if parent is None:
        return iter(())
    found: list[etree._Element] = parent.findall(name)
    return iter(found)


class _Collector:
    """Column-wise lists for one flattened table (fast to turn into a DataFrame)."""

    def __init__(self, columns: tuple[spec.Column, ...], keys: tuple[str, ...]) -> None:
        self.columns = columns
        self.keys = keys
        self.names = (*keys, *(column.name for column in columns))
        self.rows: list[tuple[object, ...]] = []

    def add(self, keys: tuple[object, ...], values: list[object]) -> None:
        # one tuple per row, transposed once in `frame` (appending to every column list per
        # row was a large share of reading a census)
        self.rows.append((*keys, *values))

    def add_element(self, keys: tuple[object, ...], element: etree._Element) -> None:
        """Add a row whose values are the element's child elements named like the columns."""
        texts = _child_texts(element)
        values: list[object] = []
        for column in self.columns:
            if column.type == "list":
                values.append(
                    _SEPARATOR.join(
                        text.strip()
                        for item in element.iter(column.name)
                        if (text := item.text) is not None and text.strip()
                    )
                )
            else:
                values.append(texts.get(column.name))
        self.add(keys, values)

    def frame(self) -> pl.DataFrame:
        schema: dict[str, pl.DataType] = {}
        for key in self.keys:
            schema[key] = pl.Int64() if key == spec.ROW else pl.String()
        for column in self.columns:
            schema[column.name] = pl.String()
        width = len(self.names)
        if any(len(row) != width for row in self.rows):
            raise ValueError("a flattened CIN row has the wrong number of values")
        columns = list(zip(*self.rows, strict=True)) if self.rows else [()] * width
        data = {name: list(values) for name, values in zip(self.names, columns, strict=True)}
        frame = pl.DataFrame(data, schema=schema)
        typed = [_typed(c) for c in self.columns if c.type in {"date", "bool", "int", "list"}]
        return frame.with_columns(typed) if typed else frame


def _own_text(element: etree._Element) -> str | None:
    text = element.text
    if text is None:
        return None
    return text.strip() or None


def _typed(column: spec.Column) -> pl.Expr:
    """The typed column parsed next to the raw string (bad values become null)."""
    raw = pl.col(column.name)
    if column.type == "date":
        # xs:date; a trailing time zone ("2024-05-01Z") is tolerated, anything else is null.
        return (
            pl.when(raw.str.contains(r"^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$"))
            .then(raw.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
            .otherwise(None)
            .alias(date_col(column.name))
        )
    if column.type == "bool":
        lowered = raw.str.to_lowercase()
        return (
            pl.when(lowered.is_in(list(spec.TRUE_VALUES)))
            .then(True)
            .when(lowered.is_in(list(spec.FALSE_VALUES)))
            .then(False)
            .otherwise(None)
            .alias(spec.bool_col(column.name))
        )
    if column.type == "list":
        # Repeated elements were joined with a separator no XML text can contain.
        return (
            pl.when(raw == "")
            .then(pl.lit([], dtype=pl.List(pl.String)))
            .otherwise(raw.str.split(_SEPARATOR))
            .alias(column.name)
        )
    if column.type == "int":
        return (
            pl.when(raw.str.contains(r"^[+-]?\d{1,15}$"))
            .then(raw.cast(pl.Int64, strict=False))
            .otherwise(None)
            .alias(int_col(column.name))
        )
    return raw


_SEPARATOR: Final = "\x1f"  # not allowed in XML 1.0 text
_LOCATION: Final = (spec.ROW, spec.CHILD, spec.ELEMENT_ID)
_IN_EPISODE: Final = (*_LOCATION, spec.CIN_ID)


def read_cin_bytes(data: bytes) -> CinReturn:
    """Flatten CIN census XML bytes into the nine CIN tables.

    Raises:
        CinReadError: the bytes are empty, hostile, not XML, or not a CIN census message.
    """
    root = parse_safely(data)
    # Renaming every element costs a Python loop; only a document that declares a namespace
    # needs it. "xmlns" appears as such in any ASCII-compatible encoding; a wide one (UTF-16,
    # NUL bytes near the start) is always stripped.
    maybe_namespaced = b"xmlns" in data or b"\x00" in data[:256]
    namespaces = _strip_namespaces(root) if maybe_namespaced else ()
    if root.tag != "Message":
        raise CinReadError(
            UNRECOGNISED,
            f"the root element is <{root.tag}>, not <Message>; this is not a CIN census file",
        )
    header_element = root.find("Header")
    details = header_element.find("CollectionDetails") if header_element is not None else None
    source = header_element.find("Source") if header_element is not None else None
    header = _Collector(spec.HEADER_COLUMNS, (spec.ROW,))
    header.add(
        (None,),
        [
            _text(details if c.name in {"Collection", "Year", "ReferenceDate"} else source, c.name)
            for c in spec.HEADER_COLUMNS
        ],
    )
    children = _Collector(spec.CHILD_COLUMNS, (spec.ROW, spec.ELEMENT_ID))
    disabilities = _Collector(spec.DISABILITY_COLUMNS, _LOCATION)
    cin_details = _Collector(spec.CIN_DETAIL_COLUMNS, _IN_EPISODE)
    assessments = _Collector(spec.ASSESSMENT_COLUMNS, _IN_EPISODE)
    section47 = _Collector(spec.SECTION47_COLUMNS, _IN_EPISODE)
    cin_plans = _Collector(spec.CIN_PLAN_COLUMNS, _IN_EPISODE)
    cp_plans = _Collector(spec.CP_PLAN_COLUMNS, _IN_EPISODE)
    cp_reviews = _Collector(spec.CP_REVIEW_COLUMNS, (*_IN_EPISODE, spec.CPP_ID))

    container = root.find("Children")
    for position, child in enumerate(_children(container, "Child"), start=1):
        identifiers = child.find("ChildIdentifiers")
        characteristics = child.find("ChildCharacteristics")
        child_id = f"c{position}"
        id_texts = _child_texts(identifiers)
        la_child_id = id_texts.get("LAchildID")
        id_texts["Ethnicity"] = _text(characteristics, "Ethnicity")
        children.add((position, child_id), [id_texts.get(c.name) for c in spec.CHILD_COLUMNS])
        if characteristics is not None:
            for number, item in enumerate(characteristics.iter("Disability"), start=1):
                disabilities.add(
                    (position, la_child_id, f"{child_id}.dis{number}"), [_own_text(item)]
                )
        for d_number, episode in enumerate(_children(child, "CINdetails"), start=1):
            cin_id = f"{child_id}.d{d_number}"
            cin_details.add_element((position, la_child_id, cin_id, cin_id), episode)
            for n, item in enumerate(_children(episode, "Assessments"), start=1):
                assessments.add_element((position, la_child_id, f"{cin_id}.a{n}", cin_id), item)
            for n, item in enumerate(_children(episode, "Section47"), start=1):
                section47.add_element((position, la_child_id, f"{cin_id}.s{n}", cin_id), item)
            for n, item in enumerate(_children(episode, "CINPlanDates"), start=1):
                cin_plans.add_element((position, la_child_id, f"{cin_id}.p{n}", cin_id), item)
            for n, plan in enumerate(_children(episode, "ChildProtectionPlans"), start=1):
                cpp_id = f"{cin_id}.cp{n}"
                cp_plans.add_element((position, la_child_id, cpp_id, cin_id), plan)
                for r, review in enumerate(plan.iter("CPPreviewDate"), start=1):
                    cp_reviews.add(
                        (position, la_child_id, f"{cpp_id}.r{r}", cin_id, cpp_id),
                        [_own_text(review)],
                    )

    tables = {
        spec.HEADER: header.frame(),
        spec.CHILDREN: children.frame(),
        spec.CIN_DETAILS: cin_details.frame(),
        spec.ASSESSMENTS: assessments.frame(),
        spec.SECTION47: section47.frame(),
        spec.CIN_PLANS: cin_plans.frame(),
        spec.CP_PLANS: cp_plans.frame(),
        spec.CP_REVIEWS: cp_reviews.frame(),
        spec.DISABILITIES: disabilities.frame(),
    }
    header_row = tables[spec.HEADER].row(0, named=True)
    reference_date = header_row[date_col("ReferenceDate")]
    year_text = header_row["Year"]
    year: int | None = None
    if year_text is not None and year_text.isdigit() and len(year_text) == 4:
        year = int(year_text)
    elif isinstance(reference_date, dt.date):
        year = reference_date.year
    return CinReturn(
        tables=tables,
        year=year,
        reference_date=reference_date if isinstance(reference_date, dt.date) else None,
        local_authority=header_row["LEA"],
        namespaces=namespaces,
    )


def read_cin(source: bytes | str | Path) -> CinReturn:
    """Read a CIN census from bytes or a file path.

    Raises:
        CinReadError: the file cannot be read as a CIN census.
        OSError: the path cannot be opened.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return read_cin_bytes(data)
