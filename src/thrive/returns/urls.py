"""URLs of the returns app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver

app_name = "returns"

urlpatterns: list[URLPattern | URLResolver] = []
