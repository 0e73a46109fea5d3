"""`thrive inspections load-judgements`: record each council's latest published ILACS."""

from __future__ import annotations

import typer

inspections_app = typer.Typer(help="Ofsted inspections and visits.", no_args_is_help=True)


@inspections_app.command("load-judgements")
def load_judgements_command() -> None:
    """Load the latest published ILACS inspection of every council in Thrive (safe to rerun)."""
    from thrive.ops_cli import django_setup

    django_setup()
    from thrive.inspections.services import published_judgements_load_all

    found, missing = published_judgements_load_all()
    typer.echo(
        f"{found} council{'s' if found != 1 else ''} have their latest ILACS inspection on "
        f"record; {missing} have none published (fictional councils, for example)."
    )
