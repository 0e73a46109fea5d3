"""URLs of the packs app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.packs import views

app_name = "packs"

P = "c/<str:council_code>/packs/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.pack_list, name="pack-list"),
    path(P + "new/", views.pack_create, name="pack-create"),
    path(P + "<int:pk>/", views.pack_detail, name="pack-detail"),
    path(
        P + "<int:pk>/sections/<slug:key>/commentary/",
        views.pack_commentary,
        name="pack-commentary",
    ),
    path(P + "<int:pk>/issue/", views.pack_issue, name="pack-issue"),
    path(P + "<int:pk>/children/", views.pack_children, name="pack-children"),
    path(P + "<int:pk>/download.pdf", views.pack_download, {"file_format": "pdf"}, name="pack-pdf"),
    path(
        P + "<int:pk>/download.html", views.pack_download, {"file_format": "html"}, name="pack-html"
    ),
]
