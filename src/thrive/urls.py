"""Top-level URLs. Council pages live under /c/<LA number>/ so tenancy is explicit in every link."""

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from thrive.web import views as web_views

# System administrators must have passed MFA to reach the admin site.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Thrive administration"
admin.site.site_title = "Thrive administration"

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("accounts/", include("thrive.accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("thrive.web.urls")),
    path("", include("thrive.returns.urls")),
    path("", include("thrive.measures.urls")),
    path("", include("thrive.inspections.urls")),
    path("", include("thrive.plans.urls")),
    path("", include("thrive.governance.urls")),
    path("", include("thrive.audits.urls")),
    path("", include("thrive.voice.urls")),
    path("", include("thrive.packs.urls")),
    path("", include("thrive.alerts.urls")),
    path("", include("thrive.accounts.people_urls")),
]

handler403 = "thrive.web.views.error_403"
handler404 = "thrive.web.views.error_404"
handler500 = "thrive.web.views.error_500"
