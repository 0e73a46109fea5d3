"""The GOV.UK table partial: server-side sorting, aria-sort, safe CSV and Excel downloads."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from django.template.loader import render_to_string
from django.test import RequestFactory

from thrive.web.tables import Column, DataTable, table_csv, table_download, table_view

TABLE = DataTable(
    id="teams",
    caption="Caseloads by team",
    columns=[
        Column("team", "Team"),
        Column("cases", "Cases", numeric=True),
        Column("since", "Since"),
    ],
    rows=[
        {"team": "Bravo", "cases": 12, "since": date(2026, 1, 5)},
        {"team": "alpha", "cases": None, "since": date(2025, 3, 1)},
        {"team": "=cmd|' /C calc'!A0", "cases": 3, "since": None},
    ],
    links={"team": ["/b", "/a", "/x"]},
)


def test_sorting_by_a_column_keeps_links_with_their_rows_and_blanks_last() -> None:
    ascending = table_view(RequestFactory().get("/", {"sort": "cases"}), TABLE)
    assert [row[0].text for row in ascending.rows][:2] == ["=cmd|' /C calc'!A0", "Bravo"]
    assert [row[0].url for row in ascending.rows] == ["/x", "/b", "/a"]
    descending = table_view(RequestFactory().get("/", {"sort": "cases", "order": "desc"}), TABLE)
    assert [row[1].text for row in descending.rows] == ["12", "3", ""]
    by_name = table_view(RequestFactory().get("/", {"sort": "team"}), TABLE)
    assert [row[0].text for row in by_name.rows][1:] == ["alpha", "Bravo"]
    headers = {h.label: h for h in descending.headers}
    assert headers["Cases"].aria_sort == "descending" and headers["Team"].aria_sort is None
    assert headers["Cases"].sort_url == "?table=teams&sort=cases&order=asc"


def test_another_tables_sort_is_ignored() -> None:
    view = table_view(RequestFactory().get("/", {"table": "other", "sort": "cases"}), TABLE)
    assert view.rows[0][0].text == "Bravo"


def test_partial_renders_govuk_markup_with_downloads() -> None:
    html = render_to_string(
        "includes/table.html",
        {"table": table_view(RequestFactory().get("/", {"sort": "since"}), TABLE)},
    )
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Caseloads by team' in html
    assert 'aria-sort="ascending"' in html and 'scope="row"' in html
    assert "govuk-table__cell--numeric" in html and "1 March 2025" in html
    assert "?download=teams&amp;format=csv" in html and "format=xlsx" in html


def test_downloads_neutralise_formulas() -> None:
    text = table_csv(TABLE).decode("utf-8-sig")
    assert text.splitlines()[0] == "Team,Cases,Since"
    assert "'=cmd" in text and "\n=cmd" not in text
    response = table_download(
        RequestFactory().get("/", {"download": "teams", "format": "xlsx"}), TABLE
    )
    assert response is not None and response["Content-Disposition"].endswith('teams.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet["A4"].value == "'=cmd|' /C calc'!A0"
    assert (
        table_download(RequestFactory().get("/", {"download": "teams", "format": "exe"}), TABLE)
        is None
    )
    assert table_download(RequestFactory().get("/"), TABLE) is None
