from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thrive.web"
    verbose_name = "Site shell: layout, home, errors"
