"""Uploading, checking and ingesting statutory returns: all-or-nothing, versioned.

`upload_create` stores the files an analyst sent; `upload_process` validates them with
`thrive.statutory` and, when every file is readable, ingests each return and collection year
as a new current `Submission` version. Ingest is atomic:

1. every run's tables are pseudonymised and written as Parquet into a temporary folder;
2. in one database transaction the new Submission rows and findings are created, the previous
   versions stop being current, and the temporary folders are renamed to their version names;
3. any failure removes what was written and leaves the previous versions current.

Findings keep the council's pseudonym of each child, never the raw id. The uploaded files, the
only place the raw ids stay, are deleted once checked (`THRIVE_UPLOAD_RETENTION_DAYS`, default
0) or at once when the check fails; `uploads_purge` (`thrive retention`) removes older ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thrive.accounts.models import User
from thrive.councils.models import Council
from thrive.returns import storage
from thrive.returns.models import Submission, Upload, ValidationFinding
from thrive.returns.pseudonymise import council_key, pseudonym, pseudonymise_frame
from thrive.statutory import Issue, Progress, Severity, validate_paths
from thrive.statutory.issues import (
    FILE09_WRONG_RETURN,
    FILE10_UNRECOGNISED,
    FILE21_TABLE_MISSING,
    is_unreadable,
)
from thrive.statutory.validate import ReturnRun, ValidationReport

logger = logging.getLogger(__name__)

MAX_FILES = 100
MAX_FILE_BYTES = 200 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".xml", ".xlsx", ".xlsm", ".xls")

NO_FILES = "Choose at least one file to upload."
TOO_MANY_FILES = f"Upload at most {MAX_FILES} files at once."
BAD_SUFFIX = (
    "{name} is not a CSV, XML or Excel file. Upload the return as .csv, .xml, .xlsx, .xlsm or .xls."
)
TOO_BIG = "{name} is larger than 200 MB. Check it is the right file, or split the return."
EMPTY_FILE = "{name} is empty. Export the return again from your case-management system."
FAILED = (
    "Something went wrong while loading these files, so nothing was loaded and the previous "
    "version is still current. Try again; if it happens again, tell your Thrive administrator "
    "(reference {reference})."
)


class UploadError(ValueError):
    """The files cannot be accepted; the message says which and what to do."""


@dataclass(frozen=True)
class IncomingFile:
    name: str
    stream: IO[bytes]
    size: int


def safe_file_name(name: str) -> str:
    """A relative path safe to store: sub-folders kept (a return's year folders), no `..`,
    no absolute paths, no odd characters, never empty."""
    parts = []
    for part in name.replace("\\", "/").split("/"):
        cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", part).strip(" .")
        if cleaned and cleaned != "..":
            parts.append(cleaned[:120])
    return "/".join(parts[-4:]) or "file"


def upload_create(*, council: Council, user: User | None, files: Iterable[IncomingFile]) -> Upload:
    """Check the files are acceptable and store them in the council's private storage."""
    incoming = list(files)
    if not incoming:
        raise UploadError(NO_FILES)
    if len(incoming) > MAX_FILES:
        raise UploadError(TOO_MANY_FILES)
    for item in incoming:
        if not item.name.lower().endswith(ALLOWED_SUFFIXES):
            raise UploadError(BAD_SUFFIX.format(name=item.name))
        if item.size > MAX_FILE_BYTES:
            raise UploadError(TOO_BIG.format(name=item.name))
        if item.size == 0:
            raise UploadError(EMPTY_FILE.format(name=item.name))
    with transaction.atomic():
        upload = Upload.objects.create(council=council, uploaded_by=user, storage_dir="")
        folder = storage.upload_dir(council, upload.pk)
        folder.mkdir(parents=True, exist_ok=False)
        try:
            recorded = []
            used: set[str] = set()
            for item in incoming:
                name = safe_file_name(item.name)
                stem, dot, suffix = name.rpartition(".")
                counter = 1
                while name in used:  # two files with one name: keep both
                    counter += 1
                    name = f"{stem}-{counter}{dot}{suffix}"
                used.add(name)
                digest = hashlib.sha256()
                size = 0
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                with (folder / name).open("wb") as handle:
                    while chunk := item.stream.read(1024 * 1024):
                        size += len(chunk)
                        if size > MAX_FILE_BYTES:
                            raise UploadError(TOO_BIG.format(name=item.name))
                        digest.update(chunk)
                        handle.write(chunk)
                recorded.append({"name": name, "size": size, "sha256": digest.hexdigest()})
            upload.files = recorded
            upload.storage_dir = storage.relative(folder)
            upload.save(update_fields=["files", "storage_dir"])
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return upload


ProgressHook = Callable[[int, str], None]


def upload_process(
    *,
    upload: Upload,
    on_progress: ProgressHook | None = None,
    return_type: str | None = None,
    year: int | None = None,
    extract_date: dt.date | None = None,
) -> Upload:
    """Validate an upload and, if every file is readable, ingest it as new versions.

    `return_type` is the return the analyst chose: every file is read as part of it, and a
    file of another return is refused rather than loaded as that return. A version is loaded
    only when every file was used and every table of the return was given
    (`incomplete_problems`), so part of a return never replaces a whole one.
    `year` (end year) is the collection year the analyst chose, else the files' own;
    `extract_date` is the day an Annex A extract was taken, else the workbook's.
    """
    upload.status = Upload.Status.RUNNING
    upload.save(update_fields=["status"])

    def progress(report: Progress) -> None:
        percent = int(90 * report.done / report.total) if report.total else 0
        detail = f"{'Reading' if report.stage == 'read' else 'Checking'} {report.detail}".strip()
        _progress(upload, percent, detail, on_progress)

    try:
        report = validate_paths(
            [storage.absolute(upload.storage_dir)],
            return_=return_type,
            year=year,
            keep_data=True,
            on_progress=progress,
            extract_date=extract_date,
        )
        _name_the_upload(report, str(storage.absolute(upload.storage_dir)))
        problems = incomplete_problems(upload, report, return_type)
        report.issues.extend(problems)
        _record_counts(upload, report)
        if report.unreadable or not report.runs:
            _store_findings(upload, report.issues, submissions={})
            upload.status = Upload.Status.REJECTED
        else:
            _progress(upload, 92, "Loading the new version", on_progress)
            loaded = ingest_runs(upload=upload, report=report)
            if loaded:
                after_ingest(council=upload.council)
            upload.status = Upload.Status.INGESTED if loaded else Upload.Status.UNCHANGED
        upload.progress = 100
        upload.progress_detail = ""
        upload.save()
    except Exception:
        reference = uuid.uuid4().hex[:8]
        logger.exception("upload %s failed (reference %s)", upload.pk, reference)
        Upload.objects.filter(pk=upload.pk).update(
            status=Upload.Status.FAILED,
            failure_message=FAILED.format(reference=reference),
            progress=100,
        )
        upload.refresh_from_db()
        upload_files_delete(upload=upload)  # a failed check keeps nothing
    else:
        if settings.THRIVE_UPLOAD_RETENTION_DAYS == 0:
            upload_files_delete(upload=upload)
    return upload


def upload_files_delete(*, upload: Upload) -> bool:
    """Delete an upload's files (its record and findings stay); False when already gone.

    Refuses an upload still waiting or being checked: its files are in use.
    """
    if upload.status in (Upload.Status.QUEUED, Upload.Status.RUNNING):
        raise ValueError(f"Upload {upload.pk} is still being checked; its files are in use.")
    if upload.files_deleted_at is not None:
        return False
    if upload.storage_dir:
        shutil.rmtree(storage.absolute(upload.storage_dir), ignore_errors=True)
    upload.files_deleted_at = timezone.now()
    upload.save(update_fields=["files_deleted_at"])
    return True


@dataclass(frozen=True)
class PurgedFiles:
    """One folder of uploaded files that the retention purge removed (or would remove)."""

    la_number: str
    upload_id: int | None
    """None for a folder no upload record owns (left by an interrupted upload)."""
    folder: str
    files: int
    size: int
    uploaded_at: dt.datetime


@dataclass
class PurgeReport:
    retention_days: int
    purged: list[PurgedFiles]
    in_use: list[int]
    """Uploads older than the retention but still waiting or being checked: never touched."""


ORPHAN_MIN_AGE = dt.timedelta(days=1)


def _folder_summary(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return len(files), sum(path.stat().st_size for path in files)


def uploads_purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> PurgeReport:
    """Delete uploaded files older than `THRIVE_UPLOAD_RETENTION_DAYS`; say what went.

    Safe to run again and again: an upload whose files are gone is recorded as such and
    skipped. An upload still waiting or being checked is never touched, whatever its age. A
    folder no upload owns (an upload interrupted while its files were written) goes once it
    is older than the retention and at least a day old, so an upload being written is safe;
    so does, at once, any folder of an upload whose files are recorded as deleted (a deletion
    cut short, or files brought back by a restore). With `dry_run`, nothing is deleted.
    """
    now = now or timezone.now()
    days = settings.THRIVE_UPLOAD_RETENTION_DAYS
    cutoff = now - dt.timedelta(days=days)
    report = PurgeReport(retention_days=days, purged=[], in_use=[])
    old = (
        Upload.objects.select_related("council")
        .filter(files_deleted_at__isnull=True, uploaded_at__lte=cutoff)
        .order_by("pk")
    )
    for upload in old:
        if upload.status in (Upload.Status.QUEUED, Upload.Status.RUNNING):
            report.in_use.append(upload.pk)
            continue
        folder = storage.absolute(upload.storage_dir) if upload.storage_dir else None
        count, size = _folder_summary(folder) if folder and folder.is_dir() else (0, 0)
        report.purged.append(
            PurgedFiles(
                upload.council.la_number,
                upload.pk,
                upload.storage_dir,
                count,
                size,
                upload.uploaded_at,
            )
        )
        if not dry_run:
            upload_files_delete(upload=upload)
    # Upload folder -> (upload id, whether its files are recorded as deleted).
    known = {
        (la_number, str(pk)): (pk, gone is not None)
        for la_number, pk, gone in Upload.objects.values_list(
            "council__la_number", "pk", "files_deleted_at"
        )
    }
    for council in Council.objects.order_by("la_number"):
        parent = storage.council_dir(council) / "uploads"
        if not parent.is_dir():
            continue
        for folder in sorted(parent.iterdir()):
            upload_id, gone = known.get((council.la_number, folder.name), (None, False))
            if folder.is_symlink() or (upload_id is not None and not gone):
                continue  # a live upload's folder is the loop above's to judge
            changed = dt.datetime.fromtimestamp(folder.lstat().st_mtime, tz=dt.UTC)
            if upload_id is None and changed > min(cutoff, now - ORPHAN_MIN_AGE):
                continue
            count, size = _folder_summary(folder) if folder.is_dir() else (1, 0)
            report.purged.append(
                PurgedFiles(
                    council.la_number, upload_id, storage.relative(folder), count, size, changed
                )
            )
            if not dry_run:
                if folder.is_dir():
                    shutil.rmtree(folder, ignore_errors=True)
                else:
                    folder.unlink(missing_ok=True)
    return report


def after_ingest(*, council: Council) -> None:
    """Every step that follows a new version of a council's returns, called by name.

    1. Queue one recompute of the council's measures for when the ingest commits.
    2. Start this month's Improvement Board pack draft, once, and tell its author.
    """
    from thrive.measures.services import measures_recompute_queue
    from thrive.packs.services import board_pack_draft_after_ingest

    steps: list[tuple[str, Callable[[], object]]] = [
        ("measures recompute", lambda: measures_recompute_queue(council=council)),
        (
            "board pack draft",
            lambda: board_pack_draft_after_ingest(
                council=council, today=timezone.localdate(), base_url=settings.THRIVE_BASE_URL
            ),
        ),
    ]
    for name, step in steps:
        # The new version is stored whatever happens here: a failed follow-up is logged, never
        # reported as a failed upload.
        try:
            step()
        except Exception:
            logger.exception("after ingest for council %s: %s failed", council.la_number, name)


def _name_the_upload(report: ValidationReport, folder: str) -> None:
    """Issues about the upload folder as a whole name no file (never a server path)."""
    report.issues[:] = [
        replace(issue, file=None, message=issue.message.removeprefix(f"{folder}: "))
        if issue.file == folder
        else issue
        for issue in report.issues
    ]


def incomplete_problems(
    upload: Upload, report: ValidationReport, return_type: str | None
) -> list[Issue]:
    """Why an upload that could be read still cannot become a version (unreadable issues).

    Every uploaded file must be part of a return that is loaded (a stray or wrong file is
    named, never silently left out), and each return must hold every one of its tables: a
    table with nothing to report comes as a file with only its header row.
    """
    problems: list[Issue] = []
    for run in report.runs:
        for table in run.tables_not_given:
            detail = (
                f"the {run.return_id} return for {run.year - 1}/{run.year % 100:02d} has no "
                f"{table} file; a new version must hold every table, so that part of a return "
                "never replaces the whole one (give the file with only its header row if there "
                "is nothing to report in it)"
            )
            problems.append(
                FILE21_TABLE_MISSING.issue(
                    file=None, detail=detail, return_=run.return_id, table=table
                )
            )
    if report.unreadable or problems:
        return problems  # nothing is loaded; a file may be unused only because of those
    used = {name for run in report.runs for name in run.files}
    for item in upload.files:
        name = item["name"]
        if name in used:
            continue
        if return_type is not None:
            detail = f"it is not part of the {return_type} return you chose; remove it"
            problems.append(
                FILE09_WRONG_RETURN.issue(file=name, detail=detail, return_=return_type)
            )
        else:
            problems.append(FILE10_UNRECOGNISED.issue(file=name))
    return problems


def _progress(upload: Upload, percent: int, detail: str, hook: ProgressHook | None) -> None:
    Upload.objects.filter(pk=upload.pk).update(progress=percent, progress_detail=detail[:200])
    if hook is not None:
        hook(percent, detail)


def _record_counts(upload: Upload, report: ValidationReport) -> None:
    upload.rows_checked = report.rows_checked
    upload.seconds = report.seconds
    upload.error_count = sum(1 for i in report.issues if i.severity is Severity.ERROR)
    upload.warning_count = sum(1 for i in report.issues if i.severity is Severity.WARNING)
    upload.query_count = sum(1 for i in report.issues if i.severity is Severity.QUERY)
    upload.unreadable_count = len(report.unreadable)


def _run_hash(upload: Upload, run: ReturnRun) -> str:
    hashes = {item["name"]: item["sha256"] for item in upload.files}
    digest = hashlib.sha256()
    for name in sorted(run.files):
        digest.update(f"{name}:{hashes.get(name, name)}\n".encode())
    return digest.hexdigest()


def _write_tables(run: ReturnRun, folder: Path, key: bytes) -> dict[str, int]:
    assert run.data is not None
    folder.mkdir(parents=True)
    counts = {}
    for name, table in run.data.tables.items():
        extra = {table.child_column} if table.child_column else set()
        frame = pseudonymise_frame(table.frame, key, extra)
        frame.write_parquet(folder / f"{name}.parquet")
        counts[name] = frame.height
    return counts


def ingest_runs(*, upload: Upload, report: ValidationReport) -> list[Submission]:
    """Store every run as a new current version, all or nothing (see the module docstring)."""
    council = upload.council
    key = council_key(storage.key_path(council))
    staged: list[tuple[ReturnRun, Path, dict[str, int], str]] = []
    temporaries: list[Path] = []
    renamed: list[Path] = []
    try:
        for run in report.runs:
            run_hash = _run_hash(upload, run)
            if Submission.objects.filter(
                council=council,
                return_type=run.return_id,
                collection_year=run.year,
                is_current=True,
                content_hash=run_hash,
            ).exists():
                continue  # identical files: the current version already holds them
            year_dir = storage.year_dir(council, run.return_id, run.year)
            temporary = year_dir / f".tmp-{uuid.uuid4().hex}"
            temporaries.append(temporary)
            counts = _write_tables(run, temporary, key)
            staged.append((run, temporary, counts, run_hash))
        with transaction.atomic():
            submissions: dict[tuple[str, int], Submission] = {}
            for run, temporary, counts, run_hash in staged:
                existing = Submission.objects.select_for_update().filter(
                    council=council, return_type=run.return_id, collection_year=run.year
                )
                version = (existing.aggregate(top=Max("version"))["top"] or 0) + 1
                existing.filter(is_current=True).update(is_current=False)
                final = storage.version_dir(council, run.return_id, run.year, version)
                issues = [i for i in report.issues if _issue_belongs(i, run)]
                submission = Submission.objects.create(
                    council=council,
                    upload=upload,
                    return_type=run.return_id,
                    collection_year=run.year,
                    period_start=run.period[0] if run.period else None,
                    period_end=run.period[1] if run.period else None,
                    version=version,
                    content_hash=run_hash,
                    storage_dir=storage.relative(final),
                    tables=counts,
                    rows=sum(counts.values()),
                    error_count=sum(1 for i in issues if i.severity is Severity.ERROR),
                    warning_count=sum(1 for i in issues if i.severity is Severity.WARNING),
                    query_count=sum(1 for i in issues if i.severity is Severity.QUERY),
                )
                submissions[(run.return_id, run.year)] = submission
                if final.exists():
                    # Left by an ingest killed after this step (its transaction never
                    # committed): the version row just created is unique, so nothing owns it.
                    shutil.rmtree(final)
                temporary.rename(final)
                renamed.append(final)
            _store_findings(upload, report.issues, submissions)
    except BaseException:
        for temporary in temporaries:
            shutil.rmtree(temporary, ignore_errors=True)
        for folder in renamed:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return list(submissions.values())


def _issue_belongs(issue: Issue, run: ReturnRun) -> bool:
    return issue.return_ == run.return_id and (issue.file is None or issue.file in run.files)


def _without_id(message: str, raw: str, replacement: str) -> str:
    """The message with the raw id, where it stands as a word of its own, replaced (ids shorter
    than 4 characters would match ordinary numbers, and no rule message names those)."""
    if len(raw) < 4:
        return message
    return re.sub(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", replacement, message)


def _store_findings(
    upload: Upload, issues: list[Issue], submissions: dict[tuple[str, int], Submission]
) -> None:
    by_return: dict[str, list[Submission]] = {}
    for (return_id, _year), submission in submissions.items():
        by_return.setdefault(return_id, []).append(submission)
    key = council_key(storage.key_path(upload.council))
    pseudonyms: dict[str, str] = {}
    rows = []
    for issue in issues:
        candidates = by_return.get(issue.return_, [])
        child = ""
        message = issue.message
        if issue.child and issue.child.strip():
            # As the stored versions hold it (the same key), so a finding still leads to the
            # child's rows; the raw id stays in the file, found by file and row.
            if issue.child not in pseudonyms:
                pseudonyms[issue.child] = pseudonym(key, issue.child)
            child = pseudonyms[issue.child]
            message = _without_id(message, issue.child.strip(), child)
        rows.append(
            ValidationFinding(
                council=upload.council,
                upload=upload,
                submission=candidates[0] if len(candidates) == 1 else None,
                rule=issue.rule,
                severity=str(issue.severity),
                return_type=issue.return_,
                file=issue.file or "",
                table=issue.table or "",
                row=issue.row,
                child=child,
                fields=list(issue.fields),
                columns=list(issue.columns),
                message=message,
                unreadable=is_unreadable(issue),
            )
        )
    ValidationFinding.objects.bulk_create(rows, batch_size=2000)


GENERATED_RETURNS = ("ssda903", "cin", "annexa", "workforce")
"""The returns a `thrive generate` folder holds, one subfolder each."""


def upload_generated_folder(*, council: Council, folder: Path) -> dict[str, Upload]:
    """Load a folder written by `thrive generate` as an analyst would: one upload per return,
    each file read as that return (the demo and the benchmarks). Returns each return's
    processed upload; one that did not load keeps its status and findings for the caller."""
    uploads: dict[str, Upload] = {}
    for return_type in GENERATED_RETURNS:
        files = [
            IncomingFile(
                name=str(path.relative_to(folder)),
                stream=io.BytesIO(path.read_bytes()),
                size=path.stat().st_size,
            )
            for path in sorted((folder / return_type).rglob("*"))
            if path.is_file() and path.suffix in {".csv", ".xml", ".xlsx"}
        ]
        if files:
            upload = upload_create(council=council, user=None, files=files)
            uploads[return_type] = upload_process(upload=upload, return_type=return_type)
    return uploads
