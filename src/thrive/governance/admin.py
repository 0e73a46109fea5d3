from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thrive.governance.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Decision,
    LogAction,
    Meeting,
    Paper,
)

for model in (Board, BoardMember, Meeting, AgendaItem, Attendance, Paper, Decision, LogAction):
    admin.site.register(model, SimpleHistoryAdmin)
