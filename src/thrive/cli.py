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


# --- Commands registered by domain packages (one line each) -------------------------------


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
