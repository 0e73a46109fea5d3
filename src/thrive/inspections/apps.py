from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "thrive.inspections"
    verbose_name = "Inspections and visits: frameworks, judgements, recommendations, clocks"
