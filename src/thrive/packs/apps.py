from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "thrive.packs"
    verbose_name = "Reports and packs: board packs, issued as HTML and tagged PDF"
