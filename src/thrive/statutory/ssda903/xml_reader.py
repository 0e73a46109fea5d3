"""Read the SSDA903 XML export (root `EXPSSDA903`) into the same raw tables as the CSVs.

Each `CHILD` element holds a `HEADER` (child details, plus `AREVIEW`, `AMISSING`, `AD_PLACED`,
`PERMANENCE` and `OC2` blocks and the AD1/OC3/UASC items) and `EPISODE` elements (`PL` is the
CSV's `PLACE`). Every row points at its child's 1-based position in the file. Elements are
matched by local name, so a namespace added by case-management software does not matter.

The bytes are gated by defusedxml first: DTDs, entities and external references are refused.
"""

from __future__ import annotations

# Only the types and ParseError: parsing goes through defusedxml (below).
import xml.etree.ElementTree as ElementTree  # nosec B405
from collections.abc import Iterable

import defusedxml
import defusedxml.ElementTree as safe_etree
import polars as pl

from thrive.statutory.issues import FILE01_UNREADABLE, FILE04_HOSTILE
from thrive.statutory.reading import (
    DEFAULT_SIZE_LIMIT,
    ROW,
    RawSheet,
    ReadError,
    SourceFile,
    read_bytes,
)
from thrive.statutory.ssda903 import spec

ROOT = "EXPSSDA903"
_RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
_BLOCKS = {
    "AREVIEW": spec.REVIEWS,
    "AMISSING": spec.MISSING,
    "AD_PLACED": spec.PLACED_FOR_ADOPTION,
    "PERMANENCE": spec.PREVIOUS_PERMANENCE,
    "OC2": spec.OC2,
}
XML_TABLES = (
    spec.HEADER,
    spec.EPISODES,
    spec.UASC,
    spec.REVIEWS,
    spec.AD1,
    spec.PLACED_FOR_ADOPTION,
    spec.PREVIOUS_PERMANENCE,
    spec.MISSING,
    spec.OC2,
    spec.OC3,
)


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def _values(element: ElementTree.Element) -> dict[str, str | None]:
    """The element's simple children as {CSV column name: stripped text or None}."""
    values: dict[str, str | None] = {}
    for child in element:
        if len(child):
            continue
        name = _local(child.tag)
        text = (child.text or "").strip()
        values[_RENAMED.get(name, name)] = text or None
    return values


def _parse(source: SourceFile, limit: int) -> ElementTree.Element:
    data = read_bytes(source, limit)
    try:
        return safe_etree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as error:
        detail = "it declares a DTD, entities or external references"
        raise ReadError(FILE04_HOSTILE.issue(file=source.display, detail=detail)) from error
    except (ElementTree.ParseError, LookupError, ValueError) as error:
        # LookupError: an unknown encoding in the XML declaration.
        detail = f"not well-formed XML: {error}"
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail)) from error


def _sheet(table: str, rows: Iterable[dict[str, object]]) -> RawSheet:
    columns = spec.TABLES[table].columns
    records = list(rows)
    data: dict[str, list[object]] = {ROW: [r[ROW] for r in records]}
    for column in columns:
        data[column] = [r.get(column) for r in records]
    schema: dict[str, pl.DataType] = {ROW: pl.Int64(), **{c: pl.String() for c in columns}}
    return RawSheet(list(columns), pl.DataFrame(data, schema=schema), {})


def read_xml(source: SourceFile, limit: int = DEFAULT_SIZE_LIMIT) -> dict[str, RawSheet]:
    """Every SSDA903 table found in the XML export. Raises: ReadError."""
    root = _parse(source, limit)
    if _local(root.tag) != ROOT:
        detail = f"the root element is {_local(root.tag)!r}, not {ROOT}"
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail))
    rows: dict[str, list[dict[str, object]]] = {table: [] for table in XML_TABLES}
    children = [element for element in root.iter() if _local(element.tag) == "CHILD"]
    for position, child in enumerate(children, start=1):
        header_element = next((e for e in child if _local(e.tag) == "HEADER"), None)
        header = _values(header_element) if header_element is not None else {}
        key = {ROW: position, "CHILD": header.get("CHILD"), "DOB": header.get("DOB")}
        rows[spec.HEADER].append({**header, ROW: position})
        if header.get("UASC") == "1" or header.get("DUC"):
            rows[spec.UASC].append({**key, "SEX": header.get("SEX"), "DUC": header.get("DUC")})
        if any(header.get(field) for field in AD1_FIELDS):
            rows[spec.AD1].append({**key, **{f: header.get(f) for f in AD1_FIELDS}})
        if any(header.get(field) for field in OC3_FIELDS):
            rows[spec.OC3].append({**key, **{f: header.get(f) for f in OC3_FIELDS}})
        blocks = list(header_element) if header_element is not None else []
        for block in blocks:
            table = _BLOCKS.get(_local(block.tag))
            if table is not None:
                rows[table].append({**key, **_values(block)})
        for element in child:
            if _local(element.tag) == "EPISODE":
                rows[spec.EPISODES].append({**key, **_values(element)})
    return {table: _sheet(table, records) for table, records in rows.items()}
