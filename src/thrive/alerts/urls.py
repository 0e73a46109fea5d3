"""URLs of the alerts app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.alerts import views

app_name = "alerts"

P = "c/<str:council_code>/alerts/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.alert_list, name="alert-list"),
    path(P + "<int:pk>/", views.alert_detail, name="alert-detail"),
]
