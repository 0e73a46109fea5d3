"""URLs of the inspections app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.inspections import views

app_name = "inspections"

P = "c/<str:council_code>/inspections/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.inspection_list, name="inspection-list"),
    path(P + "add/", views.inspection_add, name="inspection-add"),
    path(P + "national/", views.national, name="national"),
    path(P + "<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path(P + "<int:pk>/dates/", views.inspection_dates_view, name="inspection-dates"),
    path(
        P + "<int:pk>/recommendations/add/",
        views.recommendation_add_view,
        name="recommendation-add",
    ),
    path(P + "clocks/<int:pk>/", views.clock_complete_view, name="clock-complete"),
    path(P + "recommendations/<int:pk>/", views.golden_thread_view, name="golden-thread"),
]
