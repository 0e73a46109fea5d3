"""URLs of the measures app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver

app_name = "measures"

urlpatterns: list[URLPattern | URLResolver] = []
