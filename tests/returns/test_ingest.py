"""Ingest: versions only from readable files, pseudonymised Parquet, all-or-nothing."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from thrive.returns import services, storage
from thrive.returns.models import Submission, Upload, ValidationFinding
from thrive.returns.selectors import current_return_tables
from thrive.returns.services import IncomingFile, UploadError, upload_create, upload_process


def _incoming(folder: Path) -> list[IncomingFile]:
    return [
        IncomingFile(name=path.name, stream=io.BytesIO(path.read_bytes()), size=path.stat().st_size)
        for path in sorted(folder.iterdir())
    ]


def _ingest(council: Any, folder: Path) -> Upload:
    upload = upload_create(council=council, user=None, files=_incoming(folder))
    return upload_process(upload=upload)


def test_readable_files_become_version_one(council_factory: Any, ssda903_files: Path) -> None:
    council = council_factory(la_number="990")
    upload = _ingest(council, ssda903_files)
    assert upload.status == Upload.Status.INGESTED
    submission = Submission.objects.get()
    assert (submission.return_type, submission.version, submission.is_current) == (
        "ssda903",
        1,
        True,
    )
    raw_children = set(pl.read_csv(ssda903_files / "header.csv", infer_schema=False)["CHILD"])
    tables = current_return_tables(council=council, return_id="ssda903")
    header = pl.read_parquet(tables[submission.collection_year]["header"])
    assert header.height == len(raw_children) == submission.tables["header"]
    stored = set(header["CHILD"])
    assert stored.isdisjoint(raw_children), "child ids must be pseudonymised"
    assert all(len(value) == 16 for value in stored)
    assert "UPN" in header.columns and set(header["UPN"]).isdisjoint(
        set(pl.read_csv(ssda903_files / "header.csv", infer_schema=False)["UPN"])
    )
    key = storage.key_path(council)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_same_child_same_pseudonym_across_versions(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    _ingest(council, ssda903_files)
    episodes = ssda903_files / "episodes.csv"
    lines = episodes.read_text().splitlines()
    episodes.write_text("\n".join(lines[:-1]) + "\n")  # drop the last episode: a real change
    second = _ingest(council, ssda903_files)
    assert second.status == Upload.Status.INGESTED
    versions = Submission.objects.order_by("version")
    assert [(s.version, s.is_current) for s in versions] == [(1, False), (2, True)]
    first_ids = set(
        pl.read_parquet(storage.absolute(versions[0].storage_dir) / "header.parquet")["CHILD"]
    )
    second_ids = set(
        pl.read_parquet(storage.absolute(versions[1].storage_dir) / "header.parquet")["CHILD"]
    )
    assert first_ids == second_ids


def test_identical_files_load_nothing_new(council_factory: Any, ssda903_files: Path) -> None:
    council = council_factory(la_number="990")
    _ingest(council, ssda903_files)
    again = _ingest(council, ssda903_files)
    assert again.status == Upload.Status.UNCHANGED
    assert Submission.objects.count() == 1


def test_one_unreadable_file_loads_nothing(council_factory: Any, ssda903_files: Path) -> None:
    council = council_factory(la_number="990")
    (ssda903_files / "reviews.csv").write_bytes(b"\x00\x01garbage\xff\xfe" * 10)
    upload = _ingest(council, ssda903_files)
    assert upload.status == Upload.Status.REJECTED
    assert not Submission.objects.exists()
    problems = ValidationFinding.objects.filter(upload=upload, unreadable=True)
    assert problems.exists()
    assert any("reviews.csv" in p.message for p in problems)
    assert not (storage.council_dir(council) / "returns").exists()


FAILURE_POINTS = [
    ("pseudonymise", "thrive.returns.services.pseudonymise_frame"),
    ("parquet", "polars.DataFrame.write_parquet"),
    ("database", "thrive.returns.services.Submission.objects.create"),
    ("findings", "thrive.returns.services._store_findings"),
    ("rename", "pathlib.Path.rename"),
]


@pytest.mark.parametrize(("step", "target"), FAILURE_POINTS)
def test_failure_at_any_step_leaves_previous_version_current(
    council_factory: Any,
    ssda903_files: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    target: str,
) -> None:
    council = council_factory(la_number="990")
    _ingest(council, ssda903_files)
    (ssda903_files / "episodes.csv").write_text(
        "\n".join((ssda903_files / "episodes.csv").read_text().splitlines()[:-1]) + "\n"
    )

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise OSError(f"simulated failure at {step}")

    monkeypatch.setattr(target, explode)
    upload = _ingest(council, ssda903_files)
    monkeypatch.undo()
    assert upload.status == Upload.Status.FAILED
    assert "nothing was loaded" in upload.failure_message
    assert [(s.version, s.is_current) for s in Submission.objects.all()] == [(1, True)]
    year_dirs = list((storage.council_dir(council) / "returns" / "ssda903").iterdir())
    assert [sorted(p.name for p in d.iterdir()) for d in year_dirs] == [["v0001"]]
    assert not ValidationFinding.objects.filter(upload=upload).exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Choose at least one file"),
        ([("notes.docx", b"x")], "is not a CSV, XML or Excel file"),
        ([("header.csv", b"")], "header.csv is empty"),
        ([(f"f{n}.csv", b"x") for n in range(101)], "at most 100 files"),
    ],
)
def test_unacceptable_uploads_are_refused(
    council_factory: Any, files: list[tuple[str, bytes]], message: str
) -> None:
    council = council_factory()
    incoming = [IncomingFile(name=n, stream=io.BytesIO(b), size=len(b)) for n, b in files]
    with pytest.raises(UploadError, match=message):
        upload_create(council=council, user=None, files=incoming)
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.csv", "etc/passwd.csv"),
        ("C:\\exports\\header.csv", "C_/exports/header.csv"),
        ("ssda903/2026/header.csv", "ssda903/2026/header.csv"),
        ("   ", "file"),
        ("a<b>.csv", "a_b_.csv"),
    ],
)
def test_file_names_are_made_safe(name: str, safe: str) -> None:
    assert services.safe_file_name(name) == safe


# --- never a partial version: a version holds every table of the return the user chose ---


def _ingest_as(council: Any, folder: Path, return_type: str | None) -> Upload:
    upload = upload_create(council=council, user=None, files=_incoming(folder))
    return upload_process(upload=upload, return_type=return_type)


def _refusals(upload: Upload) -> list[tuple[str, str, str]]:
    found = ValidationFinding.objects.filter(upload=upload, unreadable=True)
    return sorted((f.rule, f.file, f.table) for f in found)


def test_a_lone_episodes_file_never_replaces_the_whole_return(
    council_factory: Any, ssda903_files: Path, tmp_path: Path
) -> None:
    council = council_factory(la_number="990")
    assert _ingest_as(council, ssda903_files, "ssda903").status == Upload.Status.INGESTED
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "episodes.csv").write_bytes((ssda903_files / "episodes.csv").read_bytes()[:-40])
    upload = _ingest_as(council, lone, "ssda903")
    assert upload.status == Upload.Status.REJECTED
    assert ("FILE21", "", "header") in _refusals(upload)
    assert [(s.version, s.is_current) for s in Submission.objects.all()] == [(1, True)]


def test_a_missing_table_is_refused_even_when_the_rest_is_complete(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    (ssda903_files / "reviews.csv").unlink()
    upload = _ingest_as(council, ssda903_files, "ssda903")
    assert upload.status == Upload.Status.REJECTED
    assert _refusals(upload) == [("FILE21", "", "reviews")]
    message = ValidationFinding.objects.get(upload=upload, rule="FILE21").message
    assert "has no reviews file" in message and "only its header row" in message
    assert not Submission.objects.exists()


def test_a_table_with_only_its_header_row_is_a_complete_return(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    reviews = ssda903_files / "reviews.csv"
    reviews.write_text(reviews.read_text().splitlines()[0] + "\n")
    upload = _ingest_as(council, ssda903_files, "ssda903")
    assert upload.status == Upload.Status.INGESTED
    assert Submission.objects.get().tables["reviews"] == 0


def test_a_cin_file_among_ssda903_files_is_refused_not_loaded_as_cin(
    council_factory: Any, ssda903_files: Path, generated_council: Path
) -> None:
    council = council_factory(la_number="990")
    cin = sorted((generated_council / "cin").glob("*/*.xml"))[-1]
    (ssda903_files / "cin_census.xml").write_bytes(cin.read_bytes())
    upload = _ingest_as(council, ssda903_files, "ssda903")
    assert upload.status == Upload.Status.REJECTED
    assert ("FILE09", "cin_census.xml", "") in _refusals(upload)
    assert not Submission.objects.exists()


def test_a_stray_file_is_named_and_nothing_loaded(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    (ssda903_files / "notes.csv").write_text("note,author\nhello,me\n")
    upload = _ingest_as(council, ssda903_files, "ssda903")
    assert upload.status == Upload.Status.REJECTED
    assert ("FILE09", "notes.csv", "") in _refusals(upload)
    assert not Submission.objects.exists()


def test_ingest_command_never_follows_a_link_out_of_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from thrive.returns.command import _files_under

    secret = tmp_path / "secret.csv"
    secret.write_text("CHILD,DOB\nC1,01/01/2010\n")
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD\n")
    (folder / "episodes.csv").symlink_to(secret)
    with pytest.raises(typer.Exit) as raised:
        _files_under([folder])
    assert raised.value.exit_code == 2
    assert "episodes.csv is a link (shortcut); links are never followed" in capsys.readouterr().err
    with pytest.raises(typer.Exit):
        _files_under([folder / "episodes.csv"])
    (folder / "episodes.csv").unlink()
    (folder / "episodes.csv").mkdir()
    with pytest.raises(typer.Exit):
        _files_under([folder])
    assert "is a folder, not a file" in capsys.readouterr().err
