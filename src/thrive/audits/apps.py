from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "thrive.audits"
    verbose_name = "Quality assurance: audit tools, programmes, sampling, moderation"

    def ready(self) -> None:
        from thrive.audits.impact import audit_theme_impact
        from thrive.plans.impact import register_impact_provider

        register_impact_provider(audit_theme_impact)
