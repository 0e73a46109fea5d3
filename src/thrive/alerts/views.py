"""Alert pages: the list (open or acknowledged, by measure) and one alert with its
acknowledgement form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.alerts import selectors, services
from thrive.alerts.forms import AcknowledgeForm, AlertFilterForm
from thrive.alerts.models import Alert
from thrive.councils.decorators import council_view
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council
from thrive.web import tables


@council_view(Action.VIEW_PLAN)
def alert_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    names = selectors.measure_names()
    present = sorted(set(council_queryset(request, Alert).values_list("measure_id", flat=True)))
    form = AlertFilterForm(
        request.GET or None, measure_choices=[(m, names.get(m, m)) for m in present]
    )
    status = measure = None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or None
        measure = form.cleaned_data["measure"] or None
    alerts = list(selectors.alert_list(council=council, status=status, measure_id=measure))
    table = tables.DataTable(
        id="alerts",
        caption="Alerts, newest month first",
        columns=[
            tables.Column("measure", "Measure"),
            tables.Column("period", "Month"),
            tables.Column("why", "Why", sortable=False),
            tables.Column("value", "Value", numeric=True),
            tables.Column("target", "Target", numeric=True),
            tables.Column("status", "Status"),
            tables.Column("note", "Note", sortable=False),
        ],
        rows=[
            {
                "measure": names.get(alert.measure_id, alert.measure_id),
                "period": alert.period,
                "why": "; ".join(alert.reasons),
                "value": alert.value,
                "target": alert.target,
                "status": alert.get_status_display(),
                "note": alert.note,
            }
            for alert in alerts
        ],
        links={
            "measure": [
                reverse("alerts:alert-detail", args=[council.la_number, alert.pk])
                for alert in alerts
            ]
        },
    )
    download = tables.table_download(request, table)
    if download is not None:
        return download
    return render(
        request,
        "alerts/alert_list.html",
        {"form": form, "table": tables.table_view(request, table), "count": len(alerts)},
    )


@council_view(Action.VIEW_PLAN)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    alert = council_object(request, Alert, pk=pk)
    may_acknowledge = selectors.can_acknowledge(request.user, alert)
    form = AcknowledgeForm(initial={"version": alert.version})
    if request.method == "POST":
        if not may_acknowledge:
            raise PermissionDenied
        form = AcknowledgeForm(request.POST)
        if form.is_valid():
            try:
                services.alert_acknowledge(
                    alert=alert,
                    user=request.user,
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, "Alert acknowledged.")
                return redirect("alerts:alert-list", council.la_number)
            except services.AlertError as error:
                messages.error(request, str(error))
                return redirect("alerts:alert-detail", council.la_number, alert.pk)
    return render(
        request,
        "alerts/alert_detail.html",
        {
            "alert": alert,
            "measure_name": selectors.measure_names().get(alert.measure_id, alert.measure_id),
            "form": form,
            "may_acknowledge": may_acknowledge and alert.is_open,
            "recipients": list(alert.recipients.order_by("first_name", "username")),
        },
    )
