from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "thrive.alerts"
    verbose_name = "Early warning: alerts when a measure starts to slip"
