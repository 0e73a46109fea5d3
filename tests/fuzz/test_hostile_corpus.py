"""Every reader and importer over every hostile file: a clear error or a clean accept.

Never a traceback, never a partly stored import, never a linked or entity-fetched file read.
The corpus is tests/fixtures/hostile/ plus cases generated here (tests/fuzz/hostile.py); the
same constructs are also hidden inside otherwise valid returns (tests/fuzz/carriers.py), so
they reach each parser rather than being refused as unrecognised.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.fuzz import carriers
from tests.fuzz.hostile import Case, build_corpus
from tests.statutory.ssda903.baseline import _CSV, baseline
from tests.statutory.ssda903.conftest import ofsted_providers_set
from tests.statutory.ssda903.test_ssda903_xml import to_xml
from thrive.statutory.validate import ValidationReport, validate_paths

RETURNS = ("ssda903", "cin", "annexa", "workforce")
SECRET = "root:x:0"  # the first line of /etc/passwd: it must never reach a report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return build_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(autouse=True)
def _ofsted_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    ofsted_providers_set(monkeypatch)


def _validate(path: Path, return_: str) -> ValidationReport:
    report = validate_paths([path], return_=return_)
    crashed = [n.reason for run in report.runs for n in run.not_checked if "could not" in n.reason]
    assert crashed == [], (path.name, return_, crashed)
    for issue in report.issues:
        assert issue.rule and issue.message, (path.name, issue)
    assert SECRET not in json.dumps(report.to_dict(), default=str)
    return report


def _refused(report: ValidationReport, path: Path) -> bool:
    """An error naming the file itself (not, say, another table of the return missing)."""
    return any(
        str(i.severity) == "error" and i.rule.startswith("FILE") and i.file == str(path)
        for i in report.issues
    )


@pytest.mark.parametrize("return_", RETURNS)
def test_every_statutory_reader_over_the_corpus(corpus: list[Case], return_: str) -> None:
    accepted = []
    for case in corpus:
        refused = _refused(_validate(case.path, return_), case.path)
        if case.must_refuse and not refused:
            accepted.append(case.name)
    assert accepted == []


@pytest.mark.parametrize(
    ("return_", "name", "variants"),
    [
        ("ssda903", "episodes.csv", lambda _folder: carriers.csv_variants(_CSV["episodes"])),
        (
            "ssda903",
            "ssda903.xml",
            lambda _folder: carriers.xml_variants(to_xml(baseline()).encode()),
        ),
        ("cin", "cin_census.xml", lambda _folder: carriers.xml_variants(_census())),
        ("annexa", "annex_a.xlsx", lambda f: carriers.xlsx_variants(carriers.annexa_workbook(f))),
        (
            "workforce",
            "workforce_staff.csv",
            lambda f: carriers.csv_variants(carriers.workforce_csv(f)),
        ),
    ],
)
def test_hostile_constructs_inside_real_returns(
    tmp_path: Path, return_: str, name: str, variants: Any
) -> None:
    wrong = []
    for variant, (data, must_refuse) in variants(tmp_path).items():
        folder = tmp_path / variant
        folder.mkdir()
        path = folder / name
        path.write_bytes(data)
        refused = _refused(_validate(path, return_), path)
        if (variant == "valid" and refused) or (must_refuse and not refused):
            wrong.append((variant, refused))
    assert wrong == []


def _census() -> bytes:
    from tests.statutory.cin.cin_xml import census_xml

    return census_xml()


def test_a_folder_with_links_pipes_and_folders_named_like_files(corpus: list[Case]) -> None:
    folder = corpus[0].path.parent
    report = _validate(folder, "ssda903")
    by_file = {issue.file: issue.rule for issue in report.issues}
    assert by_file["link_to_file.csv"] == "FILE19"
    assert by_file["link_to_folder"] == "FILE19"
    assert by_file["folder_named.csv"] == "FILE20"
    assert by_file["pipe.csv"] == "FILE20"


# --- importers with the database: all-or-nothing --------------------------------------------


def _counts(models: list[Any]) -> list[int]:
    return [model.objects.count() for model in models]


def test_plan_import_over_the_corpus(
    corpus: list[Case], council_factory: Any, person: Any, tmp_path: Path
) -> None:
    from tests.plans.factories import make_plan
    from thrive.plans.excel import ImportFileError, plan_import_xlsx
    from thrive.plans.models import Action, Priority, ProgressUpdate

    council = council_factory()
    manager = person("manager", council)
    plan, _priority, _owner = make_plan(council)
    models = [Action, Priority, ProgressUpdate]
    cases = [(c.name, c.path, c.must_refuse) for c in corpus if c.is_regular_file]
    for variant, (data, must_refuse) in carriers.xlsx_variants(
        carriers.plan_workbook_rows()
    ).items():
        path = tmp_path / f"plan_{variant}.xlsx"
        path.write_bytes(data)
        cases.append((path.name, path, must_refuse))
    wrong = []
    for name, path, must_refuse in cases:
        before = _counts(models)
        try:
            with path.open("rb") as handle:
                result = plan_import_xlsx(council=council, plan=plan, data=handle, by=manager)
        except ImportFileError as error:
            message, ok = str(error), False
        else:
            message, ok = "; ".join(str(e) for e in result.errors), result.ok
        if not ok and not message:
            wrong.append((name, "refused without a message"))
        if not ok and _counts(models) != before:
            wrong.append((name, "partly stored"))
        if ok and must_refuse:
            wrong.append((name, "accepted"))
        if ok:
            Action.objects.filter(council=council).delete()
    assert wrong == []
    # The valid carrier was imported (so the importer really ran on these files).
    assert any(name == "plan_valid.xlsx" for name, _p, _m in cases)


def test_survey_import_over_the_corpus(
    corpus: list[Case], council_factory: Any, person: Any
) -> None:
    from thrive.voice.importing import ImportFileError
    from thrive.voice.models import Feedback, FeedbackImport
    from thrive.voice.services import ImportRejected, feedback_import

    council = council_factory()
    manager = person("manager", council)
    models = [Feedback, FeedbackImport]
    files = [
        (c.name, c.path.read_bytes(), c.must_refuse)
        for c in corpus
        if c.is_regular_file and c.path.stat().st_size < 10 * 1024 * 1024  # the form's limit
    ]
    files += [(f"survey_{k}", d, m) for k, (d, m) in carriers.csv_variants(carriers.SURVEY).items()]
    wrong = []
    imported = []
    for name, data, must_refuse in files:
        before = _counts(models)
        try:
            feedback_import(
                council=council,
                filename=name,
                data=data,
                imported_by=manager,
                today=date(2026, 1, 1),
            )
        except (ImportFileError, ImportRejected) as error:
            if not str(error):
                wrong.append((name, "refused without a message"))
            if _counts(models) != before:
                wrong.append((name, "partly stored"))
        else:
            imported.append(name)
            if must_refuse:
                wrong.append((name, "accepted"))
            Feedback.objects.filter(council=council).delete()
            FeedbackImport.objects.filter(council=council).delete()
    assert wrong == []
    assert "survey_valid" in imported


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/evil.csv",
        "/etc/cron.d/evil.csv",
        "..\\..\\windows\\evil.csv",
        "a/../../b/../../evil.csv",
        "....//....//evil.csv",
        "%2e%2e%2fevil.csv",
        "con\x00.csv",
    ],
)
def test_uploaded_names_never_leave_the_upload_folder(
    council_factory: Any, person: Any, name: str
) -> None:
    import io

    from thrive.returns import storage
    from thrive.returns.services import IncomingFile, upload_create

    council = council_factory()
    data = b"CHILD,DOB\nC1,01/01/2015\n"
    upload = upload_create(
        council=council,
        user=person("analyst", council),
        files=[IncomingFile(name=name, stream=io.BytesIO(data), size=len(data))],
    )
    folder = storage.upload_dir(council, upload.pk).resolve()
    [stored] = upload.files
    path = (folder / stored["name"]).resolve()
    assert path.is_relative_to(folder) and path.read_bytes() == data
    assert ".." not in Path(stored["name"]).parts
