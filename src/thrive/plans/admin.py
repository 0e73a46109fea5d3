from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thrive.plans.models import Action, Evidence, Milestone, Owner, Plan, Priority, ProgressUpdate


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("ref", "title", "council", "owner", "status", "due_date", "revised_due_date")
    list_filter = ("council", "status")
    search_fields = ("ref", "title")


for model in (Plan, Priority, Owner, Milestone, ProgressUpdate, Evidence):
    admin.site.register(model, SimpleHistoryAdmin)
