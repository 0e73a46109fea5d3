"""Every table of every app, dumped and loaded row by row, portable between SQLite and PostgreSQL.

A table is one gzipped JSON Lines file: one JSON array per row, the columns in the order the
manifest lists them, each value written by its field's type (dates and times in ISO 8601,
decimals and UUIDs as text, durations in microseconds, binary in base64, JSON as JSON). Rows
keep their primary keys, so every foreign key, content type and history record stays as it was.
Loading inserts with raw SQL (no `save()`, so no timestamps are refreshed and nothing else
runs), checks every foreign key, and moves PostgreSQL's id sequences past the restored ids.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import io
import json
import uuid
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils.dateparse import parse_datetime, parse_time

from thrive.backup.archive import BackupError

Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
# Tables `migrate` fills by itself: a freshly migrated database already has these rows.
FILLED_BY_MIGRATE = {"django_content_type", "auth_permission"}
_BATCH = 1000


def _same(value: Any) -> Any:
    return value


def _date_read(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _datetime_read(value: str) -> datetime.datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not a date and time: {value!r}")
    return parsed


def _time_read(value: str) -> datetime.time:
    parsed = parse_time(value)
    if parsed is None:
        raise ValueError(f"not a time: {value!r}")
    return parsed


def _iso(value: Any) -> str:
    return str(value.isoformat())


def _microseconds(value: datetime.timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def _duration(value: int) -> datetime.timedelta:
    return datetime.timedelta(microseconds=value)


def _binary(value: Any) -> str:
    return base64.b64encode(bytes(value)).decode("ascii")


def _unbinary(value: str) -> bytes:
    return base64.b64decode(value.encode("ascii"))


CODECS: dict[str, Codec] = {
    "DateTimeField": (_iso, _datetime_read),
    "DateField": (_iso, _date_read),
    "TimeField": (_iso, _time_read),
    "DecimalField": (str, decimal.Decimal),
    "UUIDField": (str, uuid.UUID),
    "DurationField": (_microseconds, _duration),
    "BinaryField": (_binary, _unbinary),
}


def _codec(field: models.Field[Any, Any]) -> Codec:
    target: Any = field
    while target.is_relation and target.target_field is not target:
        target = target.target_field
    return CODECS.get(target.get_internal_type(), (_same, _same))


def backed_up_models() -> list[type[models.Model]]:
    """Every model with its own table (many-to-many tables included), by table name."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    # A generated column is computed by the database from the others: never written back.
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def table_columns(model: type[models.Model]) -> list[str]:
    return [str(field.column) for field in _fields(model)]


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    """The migrations applied to the database, as sorted [app, name] pairs."""
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def table_dump(model: type[models.Model], target: IO[bytes], alias: str = DEFAULT_DB_ALIAS) -> int:
    """Write one table's rows (by primary key) as gzipped JSON Lines; the number of rows."""
    fields = _fields(model)
    encoders = [_codec(field)[0] for field in fields]
    rows = (
        model._base_manager.using(alias)
        .order_by("pk")
        .values_list(*[field.attname for field in fields])
    )
    count = 0
    with gzip.GzipFile(fileobj=target, mode="wb", mtime=0) as packed:
        text = io.TextIOWrapper(packed, encoding="utf-8", newline="\n")
        for row in rows.iterator(chunk_size=2000):
            values = [
                None if value is None else encode(value)
                for encode, value in zip(encoders, row, strict=True)
            ]
            text.write(json.dumps(values, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
        text.flush()
        text.detach()
    return count


def _rows_read(model: type[models.Model], source: IO[bytes], alias: str) -> Iterator[list[Any]]:
    fields = _fields(model)
    decoders = [_codec(field)[1] for field in fields]
    connection = connections[alias]
    table = model._meta.db_table
    with gzip.GzipFile(fileobj=source, mode="rb") as packed:
        for number, line in enumerate(io.TextIOWrapper(packed, encoding="utf-8"), start=1):
            try:
                values = json.loads(line)
                if not isinstance(values, list) or len(values) != len(fields):
                    raise ValueError(f"{len(fields)} values expected")
                yield [
                    field.get_db_prep_save(
                        None if value is None else decode(value), connection=connection
                    )
                    for field, decode, value in zip(fields, decoders, values, strict=True)
                ]
            except (ValueError, TypeError, decimal.InvalidOperation) as error:
                raise BackupError(f"table {table}, row {number}: unreadable ({error})") from error


def table_load(model: type[models.Model], source: IO[bytes], alias: str = DEFAULT_DB_ALIAS) -> int:
    """Insert one table's rows from `table_dump`'s format; the number of rows."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table_columns(model))
    marks = ", ".join(["%s"] * len(_fields(model)))
    # Table and column names come from the models (Django's metadata), quoted; values are
    # parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in _rows_read(model, source, alias):
            batch.append(row)
            if len(batch) >= _BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def tables_with_rows(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables holding rows that `migrate` does not put there itself (empty: [])."""
    return [
        model._meta.db_table
        for model in backed_up_models()
        if model._meta.db_table not in FILLED_BY_MIGRATE
        and model._base_manager.using(alias).exists()
    ]


def tables_empty(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row of every backed-up table (inside the caller's transaction)."""
    connection = connections[alias]
    tables = [model._meta.db_table for model in backed_up_models()]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def after_load(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Check every foreign key of the loaded rows; move id sequences past the restored ids.

    Raises:
        BackupError: a row points at a row that is not there.
    """
    connection = connections[alias]
    tables = [model._meta.db_table for model in backed_up_models()]
    try:
        connection.check_constraints(table_names=tables)
    except IntegrityError as error:
        raise BackupError(f"the restored rows do not fit together: {error}") from error
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
