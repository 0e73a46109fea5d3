from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "thrive.audits"
    verbose_name = "Quality assurance: audit tools, programmes, sampling, moderation"
