from __future__ import annotations

from django.http import HttpRequest

from thrive.councils.permissions import councils_for
from thrive.web.navigation import navigation_for


def current_council(request: HttpRequest) -> dict[str, object]:
    """The council in the URL (if any) and the user's councils, for the header switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"council": None, "user_councils": []}
    return {
        "council": getattr(request, "council", None),
        "membership": getattr(request, "membership", None),
        "user_councils": councils_for(user),
        "navigation": navigation_for(request),
    }
