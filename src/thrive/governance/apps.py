from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "thrive.governance"
    verbose_name = "Boards and panels: meetings, decisions, action log"
