"""View decorators that put the council from the URL on the request and check permissions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from thrive.councils.models import Council
from thrive.councils.permissions import can, membership_for
from thrive.councils.roles import Action

ViewFunc = Callable[..., HttpResponse]


def council_view(action: Action) -> Callable[[ViewFunc], ViewFunc]:
    """For URLs under /c/<council_code>/: sign-in, membership and `action` are required.

    A council the user does not belong to answers 404, so its existence is not revealed.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, council_code: str, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            council = Council.objects.filter(la_number=council_code).first()
            membership = membership_for(request.user, council) if council else None
            if council is None or membership is None:
                raise Http404("No such council")
            if not can(request.user, action, council):
                raise PermissionDenied("Your role does not allow this.")
            request.council = council  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
