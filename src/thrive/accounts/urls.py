from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from thrive.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views.mfa_verify, name="mfa-verify"),
    path("two-factor/set-up/", views.mfa_setup, name="mfa-setup"),
    path("enrol/<str:token>/", views.enrol, name="enrol"),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
