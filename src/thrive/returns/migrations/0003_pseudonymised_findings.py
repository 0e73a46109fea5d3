"""Findings and the access log keep pseudonyms, never the raw child identifier; uploads record
when their files were deleted (retention).

Findings stored before this kept the child identifier as uploaded. Each becomes the council's
pseudonym (the keyed hash the stored versions hold, so the finding still leads to the child's
rows), and a raw id standing as a word in the finding's message is replaced the same way.
Access-log entries that named a raw identifier (in their children or a `?child=` search in
their path) get its pseudonym too; those already holding pseudonyms (16 hex characters) keep
them. It cannot be undone: the raw ids are not kept.
Files of older uploads are removed by `thrive retention` (they have no deletion date yet).
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db import migrations, models
from django.db.models import Q

BATCH = 2000


def _pseudonymiser(council):  # noqa: ANN001, ANN202
    from thrive.returns import storage
    from thrive.returns.pseudonymise import council_key, pseudonym

    key = council_key(storage.key_path(council))  # only the LA number is used
    cache: dict[str, str] = {}

    def convert(value: str) -> str:
        if value not in cache:
            cache[value] = pseudonym(key, value)
        return cache[value]

    return convert


def _without_id(message: str, raw: str, replacement: str) -> str:
    if len(raw) < 4:
        return message
    return re.sub(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", replacement, message)


def _path(path: str, convert) -> str:  # noqa: ANN001
    """A logged path with a searched-for child (`?child=`) named by pseudonym."""
    from thrive.returns.pseudonymise import pseudonymise_ids

    parts = urlsplit(path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key in ("child", "child_id") for key, _value in query):
        return path
    query = [
        (key, pseudonymise_ids(convert, [value])[0])
        if key in ("child", "child_id") and value.strip()
        else (key, value)
        for key, value in query
    ]
    return f"{parts.path}?{urlencode(query)}"


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    from thrive.returns.pseudonymise import pseudonymise_ids

    Council = apps.get_model("councils", "Council")
    ValidationFinding = apps.get_model("returns", "ValidationFinding")
    AccessLogEntry = apps.get_model("councils", "AccessLogEntry")
    for council in Council.objects.order_by("pk"):
        findings = ValidationFinding.objects.filter(council=council).exclude(child="")
        # The plain base manager: the model's own refuses any change (the log is append-only);
        # this rewrite keeps who saw which child, only pseudonymised.
        log = AccessLogEntry._base_manager
        entries = log.filter(council=council).filter(~Q(child_ids=[]) | Q(path__contains="child"))
        if not findings.exists() and not entries.exists():
            continue
        convert = _pseudonymiser(council)
        changed = []
        for finding in findings.only("pk", "child", "message").iterator(chunk_size=BATCH):
            raw = finding.child.strip()
            finding.child = convert(finding.child)
            finding.message = _without_id(finding.message, raw, finding.child)
            changed.append(finding)
            if len(changed) >= BATCH:
                ValidationFinding.objects.bulk_update(changed, ["child", "message"])
                changed = []
        ValidationFinding.objects.bulk_update(changed, ["child", "message"])
        for entry in entries.only("pk", "child_ids", "path").iterator(chunk_size=BATCH):
            ids = sorted(set(pseudonymise_ids(convert, entry.child_ids)))
            path = _path(entry.path, convert)[:500]
            if ids != entry.child_ids or path != entry.path:
                log.filter(pk=entry.pk).update(child_ids=ids, path=path)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0001_initial"),
        ("returns", "0002_submission_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="upload",
            name="files_deleted_at",
            field=models.DateTimeField(
                blank=True, help_text="when the uploaded files were deleted (retention)", null=True
            ),
        ),
        migrations.AddField(
            model_name="historicalupload",
            name="files_deleted_at",
            field=models.DateTimeField(
                blank=True, help_text="when the uploaded files were deleted (retention)", null=True
            ),
        ),
        migrations.AlterField(
            model_name="validationfinding",
            name="child",
            field=models.CharField(blank=True, help_text="pseudonymised identifier", max_length=64),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
