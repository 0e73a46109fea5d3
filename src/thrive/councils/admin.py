from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from thrive.councils.models import AccessLogEntry, Council, Membership


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ("name", "la_number", "region", "is_fictional", "regional_benchmarking_consent")
    search_fields = ("name", "la_number", "ons_code")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "council", "role", "team")
    list_filter = ("role", "council")
    search_fields = ("user__username", "user__email")


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the application offers no way to change or delete access-log rows."""

    list_display = ("at", "username", "council", "kind", "what", "purpose")
    list_filter = ("kind", "council")
    search_fields = ("username", "what", "purpose")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
