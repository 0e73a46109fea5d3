"""URLs of the audits app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.audits import views

app_name = "audits"

P = "c/<str:council_code>/audits/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.dashboard, name="dashboard"),
    path(P + "tools/", views.tool_list, name="tool-list"),
    path(P + "tools/new/", views.tool_create, name="tool-create"),
    path(P + "tools/<int:pk>/", views.tool_detail, name="tool-detail"),
    path(P + "tools/<int:pk>/sections/new/", views.section_create, name="section-create"),
    path(
        P + "tools/<int:pk>/sections/<int:section_pk>/questions/new/",
        views.question_create,
        name="question-create",
    ),
    path(
        P + "tools/<int:pk>/questions/<int:question_pk>/edit/",
        views.question_edit,
        name="question-edit",
    ),
    path(P + "themes/", views.theme_list, name="theme-list"),
    path(P + "themes/new/", views.theme_create, name="theme-create"),
    path(P + "themes/<int:pk>/", views.theme_detail, name="theme-detail"),
    path(P + "themes/<int:pk>/raise-action/", views.theme_raise_action, name="theme-raise-action"),
    path(P + "programmes/new/", views.programme_create, name="programme-create"),
    path(P + "programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path(P + "programmes/<int:pk>/findings/", views.programme_findings, name="programme-findings"),
    path(P + "programmes/<int:pk>/sample/", views.sample_create, name="sample-create"),
    path(P + "programmes/<int:pk>/add-case/", views.audit_add, name="audit-add"),
    path(P + "cases/", views.audit_list, name="audit-list"),
    path(P + "cases/<int:pk>/", views.audit_detail, name="audit-detail"),
    path(P + "cases/<int:pk>/sections/<int:number>/", views.audit_section, name="audit-section"),
    path(P + "cases/<int:pk>/grade/", views.audit_grade, name="audit-grade"),
    path(P + "cases/<int:pk>/reassign/", views.audit_reassign, name="audit-reassign"),
    path(P + "cases/<int:pk>/submit/", views.audit_submit, name="audit-submit"),
    path(P + "cases/<int:pk>/escalate/", views.audit_escalate, name="audit-escalate"),
    path(P + "cases/<int:pk>/actions/new/", views.child_action_create, name="child-action-create"),
    path(P + "child-actions/", views.child_action_list, name="child-action-list"),
    path(
        P + "child-actions/<int:pk>/complete/",
        views.child_action_complete,
        name="child-action-complete",
    ),
    path(P + "moderation/", views.moderation_list, name="moderation-list"),
    path(P + "moderation/<int:pk>/", views.moderation_detail, name="moderation-detail"),
]
