"""`thrive enrol-link`: issue a one-time set-up link from the server (e.g. for a system
administrator, who belongs to no council and so has no council administrator to ask)."""

from __future__ import annotations

import typer
from rich.console import Console

errors = Console(stderr=True)


def enrol_link_command(
    username: str = typer.Argument(..., help="The person's username"),
    base_url: str = typer.Option(
        "", help="The service's address for the link (default: THRIVE_BASE_URL)"
    ),
    email: bool = typer.Option(True, help="Also email the link to the person"),
) -> None:
    """Issue a one-time link to set a password and an authenticator app (removes the old one)."""
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.accounts.enrolment import EnrolmentError, enrolment_link_issue
    from thrive.accounts.models import EnrolmentLink, User

    user = User.objects.filter(username=username).first()
    if user is None:
        errors.print(f"[red]Error:[/red] no account has the username {username!r}.")
        raise typer.Exit(2)
    try:
        issued = enrolment_link_issue(
            user=user,
            purpose=EnrolmentLink.Purpose.RESET,
            issued_by=None,
            base_url=base_url,
            send_email=email,
        )
    except EnrolmentError as exc:
        errors.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    # Plain print: the link must not be wrapped or styled, and it is shown only this once.
    print(issued.url)
