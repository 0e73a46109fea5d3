"""URLs of the audits app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.audits.views import cases, dashboard, moderation, programmes, themes, tools

app_name = "audits"

P = "c/<str:council_code>/audits/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, dashboard.dashboard, name="dashboard"),
    path(P + "tools/", tools.tool_list, name="tool-list"),
    path(P + "tools/new/", tools.tool_create, name="tool-create"),
    path(P + "tools/<int:pk>/", tools.tool_detail, name="tool-detail"),
    path(P + "tools/<int:pk>/sections/new/", tools.section_create, name="section-create"),
    path(
        P + "tools/<int:pk>/sections/<int:section_pk>/questions/new/",
        tools.question_create,
        name="question-create",
    ),
    path(
        P + "tools/<int:pk>/questions/<int:question_pk>/edit/",
        tools.question_edit,
        name="question-edit",
    ),
    path(P + "themes/", themes.theme_list, name="theme-list"),
    path(P + "themes/new/", themes.theme_create, name="theme-create"),
    path(P + "themes/<int:pk>/", themes.theme_detail, name="theme-detail"),
    path(P + "themes/<int:pk>/raise-action/", themes.theme_raise_action, name="theme-raise-action"),
    path(P + "programmes/new/", programmes.programme_create, name="programme-create"),
    path(P + "programmes/<int:pk>/", programmes.programme_detail, name="programme-detail"),
    path(
        P + "programmes/<int:pk>/findings/",
        programmes.programme_findings,
        name="programme-findings",
    ),
    path(P + "programmes/<int:pk>/sample/", programmes.sample_create, name="sample-create"),
    path(P + "programmes/<int:pk>/add-case/", programmes.audit_add, name="audit-add"),
    path(P + "cases/", cases.audit_list, name="audit-list"),
    path(P + "cases/<int:pk>/", cases.audit_detail, name="audit-detail"),
    path(P + "cases/<int:pk>/sections/<int:number>/", cases.audit_section, name="audit-section"),
    path(P + "cases/<int:pk>/grade/", cases.audit_grade, name="audit-grade"),
    path(P + "cases/<int:pk>/reassign/", programmes.audit_reassign, name="audit-reassign"),
    path(P + "cases/<int:pk>/submit/", cases.audit_submit, name="audit-submit"),
    path(P + "cases/<int:pk>/escalate/", cases.audit_escalate, name="audit-escalate"),
    path(P + "cases/<int:pk>/actions/new/", cases.child_action_create, name="child-action-create"),
    path(P + "child-actions/", cases.child_action_list, name="child-action-list"),
    path(
        P + "child-actions/<int:pk>/complete/",
        cases.child_action_complete,
        name="child-action-complete",
    ),
    path(P + "moderation/", moderation.moderation_list, name="moderation-list"),
    path(P + "moderation/<int:pk>/", moderation.moderation_detail, name="moderation-detail"),
]
