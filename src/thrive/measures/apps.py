from django.apps import AppConfig, apps
from django.db.models.signals import post_save


class MeasuresConfig(AppConfig):
    name = "thrive.measures"
    verbose_name = "Measures: stored values, targets, benchmarks, drill-down"

    def ready(self) -> None:
        from thrive.measures.signals import submission_saved

        if apps.is_installed("thrive.returns"):
            post_save.connect(
                submission_saved,
                sender="returns.Submission",
                dispatch_uid="measures_recompute_after_ingest",
            )
