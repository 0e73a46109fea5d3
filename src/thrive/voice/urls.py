"""URLs of the voice app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver

app_name = "voice"

urlpatterns: list[URLPattern | URLResolver] = []
