"""URLs of the governance app. Council pages use paths starting "c/<str:council_code>/"."""

from django.urls import URLPattern, URLResolver, path

from thrive.governance import views

app_name = "governance"

P = "c/<str:council_code>/governance/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.board_list, name="board-list"),
    path(P + "boards/add/", views.board_add, name="board-add"),
    path(P + "boards/<int:pk>/", views.board_detail, name="board-detail"),
    path(P + "boards/<int:pk>/members/add/", views.member_add_view, name="member-add"),
    path(P + "boards/<int:pk>/meetings/add/", views.meeting_add, name="meeting-add"),
    path(P + "meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path(P + "meetings/<int:pk>/add/<str:kind>/", views.meeting_item_add, name="meeting-item-add"),
    path(P + "papers/<int:pk>/", views.paper_download, name="paper-download"),
    path(P + "action-log/", views.action_log, name="action-log"),
    path(P + "action-log/<int:pk>/promote/", views.log_promote, name="log-promote"),
    path(P + "action-log/<int:pk>/done/", views.log_done, name="log-done"),
]
