from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "thrive.measures"
    verbose_name = "Measures: stored values, targets, benchmarks, drill-down"
