from django.urls import path

from thrive.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("c/<str:council_code>/", views.council_home, name="council-home"),
    path("c/<str:council_code>/access-log/", views.access_log, name="access-log"),
]
