from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "thrive.returns"
    verbose_name = "Statutory returns: uploads, submissions, versions, validation results"
