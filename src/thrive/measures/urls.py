"""URLs of the measures app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.measures import views

app_name = "measures"

urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<str:council_code>/measures/", views.dashboard, name="dashboard"),
    path("c/<str:council_code>/measures/recompute/", views.recompute, name="recompute"),
    path("c/<str:council_code>/measures/population/", views.population, name="population"),
    path("c/<str:council_code>/measures/<slug:measure_id>/", views.measure_detail, name="measure"),
    path(
        "c/<str:council_code>/measures/<slug:measure_id>/children/",
        views.measure_children,
        name="children",
    ),
    path(
        "c/<str:council_code>/measures/<slug:measure_id>/target/",
        views.measure_target,
        name="target",
    ),
]
