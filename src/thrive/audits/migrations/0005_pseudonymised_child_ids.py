"""Case audits keep the council's pseudonym of a child, never the identifier a person typed.

Audits added by hand (or drawn from an uploaded list of cases) before this kept the id as
typed. Each becomes the council's pseudonym, the keyed hash the stored returns and the access
log hold, in the audit and in its history; ids already in pseudonym form (16 hex characters)
are kept. It cannot be undone: the typed ids are not kept.
"""

from django.db import migrations

BATCH = 2000


def forward(apps, schema_editor):
    from thrive.returns import storage
    from thrive.returns.pseudonymise import council_key, is_pseudonym, pseudonym

    Council = apps.get_model("councils", "Council")
    for model_name in ("Audit", "HistoricalAudit"):
        model = apps.get_model("audits", model_name)
        for council in Council.objects.order_by("pk"):
            rows = model.objects.filter(council_id=council.pk).only("pk", "child_id")
            raw = [row for row in rows.iterator(chunk_size=BATCH) if not is_pseudonym(row.child_id)]
            if not raw:
                continue
            key = council_key(storage.key_path(council))  # only the LA number is used
            for row in raw:
                row.child_id = pseudonym(key, row.child_id.strip())
            model.objects.bulk_update(raw, ["child_id"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0004_programme_findings_version"),
        ("councils", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
