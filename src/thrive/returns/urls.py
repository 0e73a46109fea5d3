"""URLs of the returns app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.returns import views

app_name = "returns"

urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<str:council_code>/returns/", views.return_list, name="return-list"),
    path("c/<str:council_code>/returns/upload/", views.upload_create_view, name="upload-create"),
    path(
        "c/<str:council_code>/returns/uploads/<int:upload_id>/",
        views.upload_detail,
        name="upload-detail",
    ),
    path(
        "c/<str:council_code>/returns/uploads/<int:upload_id>/status/",
        views.upload_status,
        name="upload-status",
    ),
    path(
        "c/<str:council_code>/returns/uploads/<int:upload_id>/findings.<str:fmt>",
        views.upload_findings_download,
        name="upload-findings-download",
    ),
    path(
        "c/<str:council_code>/returns/data-protection/",
        views.data_protection,
        name="data-protection",
    ),
    path(
        "c/<str:council_code>/returns/compare/",
        views.submission_compare_view,
        name="submission-compare",
    ),
]
