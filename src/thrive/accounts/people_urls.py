"""People pages under /c/<LA number>/people/ (council administrators only)."""

from django.urls import URLPattern, path

from thrive.accounts import people_views as views

app_name = "people"

urlpatterns: list[URLPattern] = [
    path("c/<str:council_code>/people/", views.people_list, name="list"),
    path("c/<str:council_code>/people/invite/", views.person_invite, name="invite"),
    path("c/<str:council_code>/people/<int:pk>/", views.person_detail, name="detail"),
    path("c/<str:council_code>/people/<int:pk>/change/", views.person_change, name="change"),
    path("c/<str:council_code>/people/<int:pk>/remove/", views.person_remove, name="remove"),
    path("c/<str:council_code>/people/<int:pk>/reset/", views.person_reset, name="reset"),
]
