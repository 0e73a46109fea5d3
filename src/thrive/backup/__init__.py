"""Backup and restore: the whole database and the data files in one checksummed archive.

`thrive backup --out FILE [--encrypt]` and `thrive restore FILE [--force]` (`command.py`) call
`services.backup_create` and `services.backup_restore`. The archive (`archive.py`) is a tar file
with a manifest of every member's SHA-256; the database part (`database.py`) is one JSON Lines
file per table, portable between SQLite and PostgreSQL; `crypto.py` encrypts the archive in
chunks with AES-256-GCM under a key taken from the environment (`THRIVE_BACKUP_KEY`).
"""
