"""Tenant scoping: the only way views reach council-owned rows.

`council_queryset(request, Model)` returns the rows of the council in the URL, after the view
decorator has checked membership. Never write `Model.objects.filter(council=...)` in a view.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from thrive.councils.models import Council

M = TypeVar("M", bound=Model)


def current_council(request: HttpRequest) -> Council:
    council = getattr(request, "council", None)
    if not isinstance(council, Council):
        raise Http404("No council selected")
    return council


def council_queryset(request: HttpRequest, model: type[M]) -> QuerySet[M]:
    """All rows of `model` that belong to the request's council."""
    if not any(field.name == "council" for field in model._meta.get_fields()):
        raise TypeError(f"{model.__name__} is not council-owned")
    manager: Any = model._default_manager
    return manager.filter(council=current_council(request))


def council_object(request: HttpRequest, model: type[M], **lookup: Any) -> M:
    """One row of the request's council, or 404 (another council's row is simply not found)."""
    try:
        return council_queryset(request, model).get(**lookup)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404(f"No such {model._meta.verbose_name}") from exc
