"""`thrive backup` and `thrive restore`: the whole service to one file and back."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

console = Console()
errors = Console(stderr=True)


def backup_command(
    out: Path | None = typer.Option(None, "--out", help="The backup file to write (must be new)"),
    encrypt: bool = typer.Option(
        False, "--encrypt", help="Encrypt with the key in THRIVE_BACKUP_KEY (AES-256-GCM)"
    ),
    new_key: bool = typer.Option(
        False, "--new-key", help="Print a new random key for THRIVE_BACKUP_KEY and stop"
    ),
) -> None:
    """Back up every table and the data files (returns, keys, packs, media) to one archive."""
    from thrive.backup.crypto import new_key as make_key

    if new_key:
        print(make_key())
        return
    if out is None:
        errors.print("[red]Error:[/red] give the file to write with --out FILE.")
        raise typer.Exit(2)
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.backup.archive import BackupError
    from thrive.backup.services import backup_create

    try:
        summary = backup_create(out=out, encrypt=encrypt)
    except BackupError as error:
        errors.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(2) from error
    console.print(
        f"Wrote {summary.path}: {summary.tables} tables ({summary.rows} rows) and "
        f"{summary.files} files{', encrypted' if summary.encrypted else ''}."
    )
    console.print(f"SHA-256 {summary.sha256} (note it apart from the file to check it later).")
    if not summary.encrypted:
        errors.print(
            "Warning: this backup is not encrypted. It holds children's records and every "
            "council's pseudonymisation key: keep it as safe as the server, or use --encrypt."
        )


def restore_command(
    archive: Path = typer.Argument(..., help="A file made by thrive backup"),
    force: bool = typer.Option(
        False, "--force", help="Replace the data this service holds now (otherwise refused)"
    ),
) -> None:
    """Restore a backup: check every checksum first, then replace the database and files."""
    from thrive.ops_cli import django_setup

    # Not `needs_tables`: a restore into a brand-new database creates the tables itself, after
    # the archive has been checked.
    django_setup(needs_tables=False)
    from django.db import DatabaseError

    from thrive.backup.archive import BackupError
    from thrive.backup.services import backup_restore

    try:
        summary = backup_restore(archive=archive, force=force)
    except BackupError as error:
        errors.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(2) from error
    except DatabaseError as error:
        errors.print(f"[red]Error:[/red] the database failed: {error}. Check DATABASE_URL.")
        raise typer.Exit(2) from error
    console.print(
        f"Restored {summary.path}: {summary.tables} tables ({summary.rows} rows) and "
        f"{summary.files} files; every checksum matched."
    )
