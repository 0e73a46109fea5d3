"""URLs of the audits app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver

app_name = "audits"

urlpatterns: list[URLPattern | URLResolver] = []
