"""GOV.UK tables built once: caption, sortable headers, numeric columns, CSV and Excel downloads.

A view builds a `DataTable`, calls `table_download(request, *tables)` first (it answers a
`?download=<table id>&format=csv|xlsx` request with the file) and otherwise passes
`table_view(request, table)` to `{% include "includes/table.html" with table=... %}`.

Sorting is done on the server through links (`?sort=<column>&order=asc|desc`), so it works
without JavaScript and under the strict CSP; the sorted header carries `aria-sort`. Every text
cell in a download is neutralised so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse

from thrive.statutory.reading import neutralise_formula

Cell = str | int | float | date | None
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: `key` into each row, the header `label`, numbers right-aligned."""

    key: str
    label: str
    numeric: bool = False
    sortable: bool = True


@dataclass(frozen=True, slots=True)
class DataTable:
    """A table's content. The first column is the row header (`<th scope="row">`)."""

    id: str
    caption: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Cell]]
    downloadable: bool = True
    caption_size: str = "m"
    links: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Per column key, one URL per row: that column's cells become links."""

    def sorted_by(self, key: str, *, descending: bool = False) -> DataTable:
        """Rows ordered by one column, blanks last whichever the direction (links follow)."""
        if key not in {column.key for column in self.columns}:
            return self
        order = sorted(
            range(len(self.rows)),
            key=lambda i: _sort_key(self.rows[i].get(key), descending),
        )
        rows = [self.rows[i] for i in order]
        links = {k: [urls[i] for i in order] for k, urls in self.links.items()}
        return replace(self, rows=rows, links=links)


def _sort_key(value: Cell, descending: bool) -> tuple[int, Any]:
    if value is None or value == "":
        return (1, 0)
    if isinstance(value, int | float):
        return (0, -value if descending else value)
    text = value.isoformat() if isinstance(value, date) else str(value).casefold()
    # Strings sort descending through a key that inverts each character's order.
    return (0, tuple(-ord(c) for c in text) if descending else text)


@dataclass(frozen=True, slots=True)
class HeaderView:
    label: str
    numeric: bool
    sort_url: str | None
    aria_sort: str | None


@dataclass(frozen=True, slots=True)
class CellView:
    text: str
    numeric: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class TableView:
    """What the `includes/table.html` partial renders."""

    table: DataTable
    headers: list[HeaderView]
    rows: list[list[CellView]]
    csv_url: str | None
    xlsx_url: str | None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


def table_view(request: HttpRequest, table: DataTable) -> TableView:
    """Sort by the request's `sort`/`order` (when they name this table's column) and bind links."""
    query = request.GET
    sort, order = query.get("sort", ""), query.get("order", "asc")
    if query.get("table", table.id) == table.id and sort:
        table = table.sorted_by(sort, descending=order == "desc")
    else:
        sort = ""
    headers = []
    for column in table.columns:
        current = column.key == sort
        next_order = "desc" if current and order != "desc" else "asc"
        url = (
            "?" + urlencode({"table": table.id, "sort": column.key, "order": next_order})
            if column.sortable
            else None
        )
        aria = ("descending" if order == "desc" else "ascending") if current else None
        headers.append(HeaderView(column.label, column.numeric, url, aria))
    rows = [
        [
            CellView(
                _text(row.get(column.key)),
                column.numeric,
                table.links[column.key][index] if column.key in table.links else None,
            )
            for column in table.columns
        ]
        for index, row in enumerate(table.rows)
    ]
    downloads = {
        fmt: "?" + urlencode({"download": table.id, "format": fmt}) if table.downloadable else None
        for fmt in FORMATS
    }
    return TableView(table, headers, rows, downloads["csv"], downloads["xlsx"])


def _plain(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return neutralise_formula(value.isoformat() if isinstance(value, date) else str(value))


def table_csv(table: DataTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_formula(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow([_plain(row.get(column.key)) for column in table.columns])
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(table: DataTable) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(table.id[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, [column.label for column in table.columns], bold)
    for number, row in enumerate(table.rows, start=1):
        sheet.write_row(number, 0, [_plain(row.get(column.key)) for column in table.columns])
    book.close()
    return buffer.getvalue()


def table_download(request: HttpRequest, *tables: DataTable) -> HttpResponse | None:
    """The requested table as a CSV or Excel file, or None when the request asks for none."""
    wanted, fmt = request.GET.get("download"), request.GET.get("format", "csv")
    table = next((t for t in tables if t.id == wanted and t.downloadable), None)
    if table is None or fmt not in FORMATS:
        return None
    body = table_csv(table) if fmt == "csv" else table_xlsx(table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.id}.{fmt}"'
    return response
