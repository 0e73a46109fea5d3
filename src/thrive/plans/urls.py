"""URLs of the plans app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.plans import views

app_name = "plans"

P = "c/<str:council_code>/plan/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.plan_overview, name="plan-overview"),
    path(P + "progress/", views.plan_progress_view, name="plan-progress"),
    path(P + "start/", views.plan_create_view, name="plan-create"),
    path(P + "priorities/add/", views.priority_add, name="priority-add"),
    path(P + "actions/add/", views.action_add, name="action-add"),
    path(P + "actions/<int:pk>/", views.action_detail, name="action-detail"),
    path(P + "actions/<int:pk>/change/", views.action_edit, name="action-edit"),
    path(P + "actions/<int:pk>/revise/", views.action_revise, name="action-revise"),
    path(P + "actions/<int:pk>/override/", views.action_override, name="action-override"),
    path(P + "actions/<int:pk>/update/", views.action_progress, name="action-progress"),
    path(P + "actions/<int:pk>/milestones/add/", views.milestone_add_view, name="milestone-add"),
    path(P + "milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path(P + "evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path(P + "owners/", views.owner_list, name="owner-list"),
    path(P + "owners/add/", views.owner_add, name="owner-add"),
    path(P + "export.xlsx", views.plan_export, name="plan-export"),
    path(P + "import/", views.plan_import, name="plan-import"),
    path(P + "due/", views.my_actions, name="my-actions"),
]
