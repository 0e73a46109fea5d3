from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "thrive.plans"
    verbose_name = "Improvement plan: priorities, actions, milestones, updates, RAG"

    def ready(self) -> None:
        # Registers the plans app's own impact provider (linked measures).
        from thrive.plans import impact  # noqa: F401
