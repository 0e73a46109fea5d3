"""`manage.py plans_digest`: email every owner their due and overdue plan items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thrive.plans.notifications import digest_send


class Command(BaseCommand):
    help = "Email each action owner the plan items they own that are due or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="Site address for links in the email")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digest_send(base_url=options["base_url"])
        self.stdout.write(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
