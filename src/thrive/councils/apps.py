from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "thrive.councils"
    verbose_name = "Councils, roles and access log"
