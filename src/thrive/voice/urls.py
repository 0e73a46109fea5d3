"""URLs of the voice app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.voice import views

app_name = "voice"

P = "c/<str:council_code>/voice/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.overview, name="overview"),
    path(P + "feedback/", views.feedback_list, name="feedback-list"),
    path(P + "feedback/new/", views.feedback_create, name="feedback-create"),
    path(P + "feedback/import/", views.feedback_import, name="feedback-import"),
    path(P + "feedback/export.csv", views.feedback_export, name="feedback-export"),
    path(P + "feedback/<int:pk>/", views.feedback_detail, name="feedback-detail"),
    path(P + "you-said-we-did/", views.you_said_we_did_list, name="you-said-we-did"),
    path(P + "you-said-we-did/new/", views.you_said_we_did_create, name="you-said-we-did-create"),
    path(
        P + "you-said-we-did/<int:pk>/edit/",
        views.you_said_we_did_edit,
        name="you-said-we-did-edit",
    ),
    path(
        P + "you-said-we-did/for/<str:audience>/",
        views.you_said_we_did_page,
        name="you-said-we-did-page",
    ),
]
