"""The `thrive` command line: one Typer app; each domain adds its commands here.

Commands are registered by name (`module:attribute`) and imported only when they run or show
their help, so `thrive --version` and `thrive validate --help` do not pay for Polars, Django,
the generator or Rich (tested in tests/test_cli.py). Add a command with one line in COMMANDS;
its short help there must match the first line of its docstring (also tested).
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

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
    "retention": LazyCommand(
        "thrive.returns.retention:retention_command",
        "Delete uploaded return files older than the retention period and report what went.",
    ),
    "measures": LazyCommand(
        "thrive.measures.command:measures_command",
        "Compute every measure for one council from its current returns.",
    ),
    "council": LazyCommand("thrive.ops_cli:council_app", "Manage councils (tenants)."),
    "enrol-link": LazyCommand(
        "thrive.accounts.command:enrol_link_command",
        "Issue a one-time link to set a password and an authenticator app (removes the old one).",
    ),
    "plan": LazyCommand(
        "thrive.plans.command:plan_app",
        "The improvement plan: Excel export and import, digest.",
    ),
    "inspections": LazyCommand(
        "thrive.inspections.command:inspections_app", "Ofsted inspections and visits."
    ),
    "audits": LazyCommand("thrive.audits.command:audits_app", "Quality-assurance case audits."),
    "backup": LazyCommand(
        "thrive.backup.command:backup_command",
        "Back up every table and the data files (returns, keys, packs, media) to one archive.",
    ),
    "restore": LazyCommand(
        "thrive.backup.command:restore_command",
        "Restore a backup: check every checksum first, then replace the database and files.",
    ),
    "report": LazyCommand(
        "thrive.packs.command:report_command",
        "Write a pack (board, DfE, evidence, self-evaluation, members) as PDF or HTML.",
    ),
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
    _plain_coercion(command)
    return command


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "t", "yes", "y", "on"}:
        return True
    if text in {"0", "false", "f", "no", "n", "off"}:
        return False
    raise ValueError(text)


_PLAIN_TYPES: dict[Any, Any] = {str: str, int: int, float: float, bool: _to_bool, Path: Path}
_PATH_CHECKS = ("parser", "min", "max", "exists", "resolve_path", "allow_dash", "writable",
                "path_type", "formats")  # fmt: skip


def _plain_param(param: click.Parameter) -> None:
    """Give one Typer parameter a converter that needs no Pydantic, when it is plain.

    Typer checks every value with a Pydantic adapter, and importing Pydantic costs about a
    quarter of a second on every run. Parameters with anything more (choices, ranges, path
    checks, custom parsers) keep Typer's own checks; so does everything if Typer's internals
    change (the attributes are looked up defensively; tests/test_cli.py notices).
    """
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", 0) is not None:
        return
    annotation, info = descriptor.annotation, descriptor.parameter_info
    leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
    extras = any(getattr(info, name, None) for name in _PATH_CHECKS) or not (
        getattr(info, "file_okay", True) and getattr(info, "dir_okay", True)
    )
    plain = _plain_runtime_class()
    if plain is not None and leaf in _PLAIN_TYPES and not extras and not descriptor.is_file:
        param._runtime_param = plain(parameter_info=info, annotation=annotation)  # type: ignore[attr-defined]


@functools.cache
def _plain_runtime_class() -> type | None:
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - a Typer without the runtime-param layer
        return None

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: click.Context) -> Any:
            many = get_origin(self.annotation) is list
            convert = _PLAIN_TYPES[get_args(self.annotation)[0] if many else self.annotation]
            items = list(value) if many else [value]
            try:
                result = [convert(item) for item in items]
            except (TypeError, ValueError) as error:
                kind = {int: "whole number", float: "number", _to_bool: "yes or no"}
                raise click.exceptions.BadParameter(
                    f"{value!r} is not a {kind.get(convert, 'valid value')}.", ctx=ctx, param=param
                ) from error
            return result if many else result[0]

    return Plain


def _plain_coercion(command: click.Command) -> None:
    """`_plain_param` for every parameter of a command, its sub-commands and --help options."""
    commands = [command]
    while commands:
        current = commands.pop()
        commands.extend(getattr(current, "commands", {}).values())
        for param in current.params:
            _plain_param(param)
        original = current.get_help_option

        def help_option(ctx: click.Context, _original: Any = original) -> Any:
            option = _original(ctx)
            if option is not None:
                _plain_param(option)
            return option

        current.get_help_option = help_option  # type: ignore[method-assign]


class LazyGroup(TyperGroup):
    """The root group: knows command names and short help without importing them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_coercion(self)  # --version alone would otherwise import Pydantic

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
