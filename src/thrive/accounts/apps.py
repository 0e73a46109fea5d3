from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thrive.accounts"
    verbose_name = "People and sign-in"
