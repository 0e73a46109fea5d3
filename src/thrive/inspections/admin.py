from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thrive.inspections.models import Inspection, Judgement, Recommendation, StatutoryClock

for model in (Inspection, Judgement, Recommendation, StatutoryClock):
    admin.site.register(model, SimpleHistoryAdmin)
