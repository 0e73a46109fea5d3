"""`thrive retention`: delete uploaded return files older than the retention period."""

from __future__ import annotations

import typer


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def retention_command(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List what would be deleted; delete nothing."
    ),
) -> None:
    """Delete uploaded return files older than the retention period and report what went.

    Uploaded files are the only place Thrive keeps raw child identifiers. They are kept for
    THRIVE_UPLOAD_RETENTION_DAYS days (default 0: deleted once checked); an upload still
    waiting or being checked is never touched. Safe to run as often as you like (e.g. daily).
    """
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.returns.services import uploads_purge

    report = uploads_purge(dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    for item in report.purged:
        owner = f"upload {item.upload_id}" if item.upload_id else "a folder no upload owns"
        typer.echo(
            f"{verb} {owner} of council {item.la_number} ({item.folder}): {item.files} "
            f"file{'s' if item.files != 1 else ''}, {_size(item.size)}, "
            f"from {item.uploaded_at:%Y-%m-%d %H:%M}"
        )
    for upload_id in report.in_use:
        typer.echo(f"Kept upload {upload_id}: it is still waiting or being checked.")
    files = sum(item.files for item in report.purged)
    size = sum(item.size for item in report.purged)
    days = report.retention_days
    typer.echo(
        f"{verb} {len(report.purged)} upload folder{'s' if len(report.purged) != 1 else ''} "
        f"({files} file{'s' if files != 1 else ''}, {_size(size)}) older than the retention "
        f"period of {days} day{'s' if days != 1 else ''} (THRIVE_UPLOAD_RETENTION_DAYS)."
        + (" Nothing was deleted: run again without --dry-run to delete." if dry_run else "")
    )
