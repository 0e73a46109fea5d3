"""Fuzzing the importers that write to the database: plan XLSX and survey CSV.

Any rows and any byte edits: the import either succeeds or raises its own file error / returns
row errors, and a refused import leaves every count as it was (all or nothing).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.carriers import SURVEY
from tests.fuzz.profile import FUZZ_DB
from tests.fuzz.strategies import CELL, CELL_VALUE, EDITS, mutate
from tests.fuzz.zips import workbook_bytes
from thrive.plans.sheet import COLUMNS

PLAN_HEADER = list(COLUMNS)
GOOD_ROW = ["1. Help", "1.1", "Do it", "", "", "05/01/2026", "30/06/2026", "", "", "Not started"]


@pytest.fixture
def plan_setup(council_factory: Any, person: Any) -> tuple[Any, Any, Any]:
    from tests.plans.factories import make_action, make_plan

    council = council_factory()
    plan, priority, owner = make_plan(council)
    make_action(council, priority, owner, ref="1.1")
    return council, plan, person("manager", council)


def _plan_counts(council: Any) -> tuple[int, ...]:
    from thrive.plans.models import Action, Priority, ProgressUpdate

    return (
        Action.objects.filter(council=council).count(),
        ProgressUpdate.objects.filter(council=council).count(),
        Priority.objects.filter(plan__council=council).count(),
    )


def _import_plan(setup: tuple[Any, Any, Any], data: bytes) -> None:
    from thrive.plans.excel import ImportFileError, plan_import_xlsx
    from thrive.plans.models import Action

    council, plan, manager = setup
    before = _plan_counts(council)
    versions = dict(Action.objects.filter(council=council).values_list("ref", "version"))
    try:
        result = plan_import_xlsx(council=council, plan=plan, data=data, by=manager)
    except ImportFileError as error:
        messages, ok = [str(error)], False
    else:
        messages, ok = [str(e) for e in result.errors], result.ok
    assert all(messages)
    if not ok:
        assert _plan_counts(council) == before
        assert dict(Action.objects.filter(council=council).values_list("ref", "version")) == (
            versions
        )


@FUZZ_DB
@given(
    rows=st.lists(
        st.lists(CELL_VALUE, min_size=0, max_size=len(PLAN_HEADER) + 2), min_size=0, max_size=6
    ),
    keep_good=st.booleans(),
)
def test_any_plan_rows_import_all_or_nothing(
    plan_setup: tuple[Any, Any, Any], rows: list[list[Any]], keep_good: bool
) -> None:
    cleaned = [[v.replace("\x00", "") if isinstance(v, str) else v for v in row] for row in rows]
    body = ([GOOD_ROW] if keep_good else []) + cleaned
    _import_plan(plan_setup, workbook_bytes([PLAN_HEADER, *body]))


VALID_PLAN = workbook_bytes([PLAN_HEADER, GOOD_ROW])


@FUZZ_DB
@given(edits=EDITS)
def test_mutated_plan_workbook_imports_all_or_nothing(
    plan_setup: tuple[Any, Any, Any], edits: list[tuple[int, int, int]]
) -> None:
    _import_plan(plan_setup, mutate(VALID_PLAN, edits))


@pytest.fixture
def survey_setup(council_factory: Any, person: Any) -> tuple[Any, Any]:
    council = council_factory()
    return council, person("manager", council)


def _import_survey(setup: tuple[Any, Any], data: bytes) -> None:
    from thrive.voice.importing import ImportFileError
    from thrive.voice.models import Feedback, FeedbackImport
    from thrive.voice.services import ImportRejected, feedback_import

    council, manager = setup

    def counts() -> tuple[int, int]:
        return (
            Feedback.objects.filter(council=council).count(),
            FeedbackImport.objects.filter(council=council).count(),
        )

    before = counts()
    try:
        feedback_import(
            council=council,
            filename="survey.csv",
            data=data,
            imported_by=manager,
            today=date(2026, 1, 1),
        )
    except (ImportFileError, ImportRejected) as error:
        message = str(error)
    else:
        return
    assert message
    assert counts() == before


@FUZZ_DB
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=8), min_size=1, max_size=6))
def test_any_survey_rows_import_all_or_nothing(
    survey_setup: tuple[Any, Any], rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "source", "channel", "feedback", "themes", "reference"])
    writer.writerows(rows)
    _import_survey(survey_setup, buffer.getvalue().encode("utf-8", "replace"))


@FUZZ_DB
@given(edits=EDITS)
def test_mutated_survey_csv_imports_all_or_nothing(
    survey_setup: tuple[Any, Any], edits: list[tuple[int, int, int]]
) -> None:
    _import_survey(survey_setup, mutate(SURVEY.encode(), edits))
