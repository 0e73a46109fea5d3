"""The `thrive` command line: one Typer app; each domain adds its commands here."""

from __future__ import annotations

import typer

from thrive import __version__

app = typer.Typer(
    name="thrive",
    help="Thrive: statutory returns, measures and improvement plans for children's services.",
    no_args_is_help=True,
    add_completion=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"thrive {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Show the version."
    ),
) -> None:
    """Thrive command line."""


# --- Commands that need Django --------------------------------------------------------------
from thrive import ops_cli  # noqa: E402

app.command("migrate")(ops_cli.migrate)
app.command("demo")(ops_cli.demo)
app.command("demo-code")(ops_cli.demo_code)
app.command("serve")(ops_cli.serve)
app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
    ops_cli.manage
)
app.add_typer(ops_cli.council_app, name="council")

# --- Commands registered by domain packages (one line each) -------------------------------
from thrive.bench_cli import bench_command  # noqa: E402

app.command("bench")(bench_command)
from thrive.synth.command import generate_command  # noqa: E402

app.command("generate")(generate_command)
from thrive.statutory.command import rules_command, validate_command  # noqa: E402

app.command("validate")(validate_command)
app.command("rules")(rules_command)
from thrive.returns.command import ingest_command  # noqa: E402

app.command("ingest")(ingest_command)
from thrive.measures.command import measures_command  # noqa: E402

app.command("measures")(measures_command)
from thrive.plans.command import plan_app  # noqa: E402

app.add_typer(plan_app, name="plan")
from thrive.inspections.command import inspections_app  # noqa: E402

app.add_typer(inspections_app, name="inspections")
from thrive.audits.command import audits_app  # noqa: E402

app.add_typer(audits_app, name="audits")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
