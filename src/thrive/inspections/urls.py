"""URLs of the inspections app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver

app_name = "inspections"

urlpatterns: list[URLPattern | URLResolver] = []
