"""The `thrive` command line: one Typer app; each domain adds its commands here.

Commands are registered by name (`module:attribute`) and imported only when they run or show
their help, so `thrive --version` and `thrive validate --help` do not pay for Polars, Django,
the generator or Rich (tested in tests/test_cli.py). Add a command with one line in COMMANDS;
its short help there must match the first line of its docstring (also tested).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from thrive import __version__


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """A command (a function) or a group (a Typer app), imported when first used."""

    target: str
    help: str
    settings: dict[str, Any] = field(default_factory=dict)


# Listed in the order `thrive --help` shows them.
COMMANDS: dict[str, LazyCommand] = {
    "migrate": LazyCommand("thrive.ops_cli:migrate", "Create or update the database tables."),
    "demo": LazyCommand(
        "thrive.ops_cli:demo",
        "Set up the demo (migrate, Northbridge, a person for every role) and serve it locally.",
    ),
    "demo-code": LazyCommand(
        "thrive.ops_cli:demo_code",
        "Show a demo user's current 6-digit security code (fictional councils only).",
    ),
    "serve": LazyCommand(
        "thrive.ops_cli:serve",
        "Run the web app and a background worker on 127.0.0.1 for local use.",
    ),
    "manage": LazyCommand(
        "thrive.ops_cli:manage",
        "Run a Django management command (for administrators).",
        {"context_settings": {"allow_extra_args": True, "ignore_unknown_options": True}},
    ),
    "bench": LazyCommand(
        "thrive.bench_cli:bench_command",
        "Run benchmarks and append the results, with machine and date, to docs/benchmarks.md.",
    ),
    "generate": LazyCommand(
        "thrive.synth.command:generate_command",
        "Generate synthetic councils: SSDA903, CIN census, Annex A and workforce files.",
    ),
    "validate": LazyCommand(
        "thrive.statutory.command:validate_command",
        "Check statutory return files and report every error by file, row, column and child.",
    ),
    "rules": LazyCommand(
        "thrive.statutory.command:rules_command",
        "List the validation rules (the catalogue docs/rules.md is generated from).",
    ),
    "ingest": LazyCommand(
        "thrive.returns.command:ingest_command",
        "Check statutory return files and load them for a council as new versions.",
    ),
    "measures": LazyCommand(
        "thrive.measures.command:measures_command",
        "Compute every measure for one council from its current returns.",
    ),
    "council": LazyCommand("thrive.ops_cli:council_app", "Manage councils (tenants)."),
    "plan": LazyCommand(
        "thrive.plans.command:plan_app",
        "The improvement plan: Excel export and import, digest.",
    ),
    "inspections": LazyCommand(
        "thrive.inspections.command:inspections_app", "Ofsted inspections and visits."
    ),
    "audits": LazyCommand("thrive.audits.command:audits_app", "Quality-assurance case audits."),
}


def load_command(name: str) -> click.Command:
    """Import one command's module and build its click command (or group)."""
    entry = COMMANDS[name]
    module, _, attribute = entry.target.partition(":")
    obj = getattr(importlib.import_module(module), attribute)
    if isinstance(obj, typer.Typer):
        command: click.Command = typer.main.get_group(obj)
    else:
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name, **entry.settings)(obj)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """The root group: knows command names and short help without importing them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, entry.help) for name, entry in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="thrive",
    help="Thrive: statutory returns, measures and improvement plans for children's services.",
    no_args_is_help=True,
    add_completion=False,
    cls=LazyGroup,
    # Plain help: Rich's help formatting costs more start-up time than the whole command.
    rich_markup_mode=None,
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


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
