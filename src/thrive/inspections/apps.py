from typing import Any

from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "thrive.inspections"
    verbose_name = "Inspections and visits: frameworks, judgements, recommendations, clocks"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from thrive.councils.models import Council

        post_save.connect(_council_created, sender=Council, dispatch_uid="inspections-ilacs")


def _council_created(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any
) -> None:
    """A new real council starts with its latest published ILACS inspection on record."""
    if not created or raw:
        return
    from thrive.inspections.services import published_judgement_load

    published_judgement_load(council=instance)
