from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in to Thrive. Their powers come from memberships, per council."""

    # Secrets and churn are kept out of history; every other change is recorded.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    def __str__(self) -> str:
        return self.get_full_name() or self.username
