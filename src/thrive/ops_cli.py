"""CLI commands that need Django: migrate, council add, demo, serve."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import typer
from rich.console import Console
from rich.table import Table

council_app = typer.Typer(help="Manage councils (tenants).", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


def django_setup(*, debug_default: bool = False, needs_tables: bool = True) -> None:
    """Configure Django for a command-line run (settings from the environment).

    With `needs_tables`, stop with a clear message when the database is missing or not migrated.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thrive.settings")
    os.environ.setdefault("THRIVE_CLI", "1")
    if debug_default:
        os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    if needs_tables:
        _require_migrated_database()


def _require_migrated_database() -> None:
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        errors.print(f"[red]Error:[/red] cannot reach the database: {exc}. Check DATABASE_URL.")
        raise typer.Exit(2) from exc
    if pending:
        errors.print(
            "[red]Error:[/red] the database is not set up or is out of date. "
            "Run `thrive migrate` first."
        )
        raise typer.Exit(2)


def migrate() -> None:
    """Create or update the database tables."""
    django_setup(needs_tables=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@council_app.command("add")
def council_add_command(
    code: str = typer.Argument(..., help="DfE LA number, e.g. 887; 990–999 for a fictional one"),
    name: str = typer.Argument(..., help="The council's name"),
    region: str | None = typer.Option(None, help="English region (filled in for real councils)"),
) -> None:
    """Add a council. Real councils get their ONS code, region and neighbours filled in."""
    django_setup()
    from thrive.councils.services import CouncilError, council_add
    from thrive.inspections.services import published_judgement_load

    try:
        council = council_add(code=code, name=name, region=region)
    except CouncilError as exc:
        errors.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    neighbours = len(council.statistical_neighbours)
    console.print(
        f"Added {council.name} (LA {council.la_number}"
        f"{', ' + council.ons_code if council.ons_code else ''}"
        f"{', ' + council.region if council.region else ''}"
        f"{f', {neighbours} statistical neighbours' if neighbours else ''})."
    )
    inspection = published_judgement_load(council=council)
    if inspection is not None:
        console.print(
            f"Recorded its latest published ILACS inspection ({inspection.start_date:%B %Y})."
        )


def demo(
    no_serve: bool = typer.Option(False, "--no-serve", help="Set up only; do not start the server"),
    port: int = typer.Option(8000, min=1024, max=65535, help="Port for the local server"),
) -> None:
    """Set up the demo (migrate, Northbridge, a person for every role) and serve it locally."""
    django_setup(debug_default=True, needs_tables=False)
    from django.core.management import call_command

    from thrive.demo.build import demo_build
    from thrive.demo.people import demo_password

    call_command("migrate", interactive=False, verbosity=0)
    password = os.environ.get("THRIVE_DEMO_PASSWORD") or demo_password()
    built = demo_build(password=password, say=console.print)
    if built.versions_loaded:
        console.print(f"Loaded {built.versions_loaded} synthetic return versions for Northbridge.")
    if built.plan_added:
        console.print("Added Northbridge's inspection, improvement plan and Improvement Board.")
    if built.measure_values_stored:
        console.print(f"Stored {built.measure_values_stored} measure values for Northbridge.")
    logins = built.logins
    table = Table(title="Demo sign-ins (Northbridge, LA 990; the admin is also in Southmoor, 991)")
    table.add_column("username")
    table.add_column("role")
    table.add_column("second step")
    for login in logins:
        table.add_row(
            login.username,
            login.role,
            f"code from: thrive demo-code {login.username}" if login.needs_code else "none",
        )
    console.print(table)
    console.print(f"Password for every demo user: [bold]{password}[/bold]")
    console.print(f"Open http://127.0.0.1:{port}/ and sign in.")
    if not no_serve:
        _serve_with_worker(port)


def _serve_with_worker(port: int) -> None:
    """Run the web server with a background worker beside it (uploads, recomputes).

    The worker is stopped however the server ends: Ctrl+C, an error, or SIGTERM (a service
    manager's stop, `kill`), which otherwise would end this process at once and leave the
    worker running on its own.
    """
    from django.core.management import call_command

    # Our own command under this interpreter, fixed arguments, no shell.
    worker = subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "thrive.cli", "manage", "db_worker", "--no-reload"],
        env={**os.environ},
    )
    console.print(f"Started the background worker (process {worker.pid}).")
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        _worker_stop(worker)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM into the same orderly stop as Ctrl+C (runserver exits on KeyboardInterrupt)."""
    raise KeyboardInterrupt


def _worker_stop(worker: subprocess.Popen[bytes], *, grace_seconds: float = 10) -> None:
    """Ask the worker to stop (SIGTERM), and kill it if it has not stopped after the grace time."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        errors.print(
            f"The background worker (process {worker.pid}) did not stop within "
            f"{grace_seconds:g} seconds, so it was killed."
        )
        worker.kill()
        worker.wait()
    console.print("Stopped the background worker.")


def demo_code(username: str = typer.Argument(..., help="A demo username, e.g. director")) -> None:
    """Show a demo user's current 6-digit security code (fictional councils only)."""
    django_setup()
    from thrive.demo.people import DemoCodeError
    from thrive.demo.people import demo_code as current_code

    try:
        console.print(current_code(username=username))
    except DemoCodeError as exc:
        errors.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc


def serve(
    port: int = typer.Option(8000, min=1024, max=65535, help="Port to listen on"),
) -> None:
    """Run the web app and a background worker on 127.0.0.1 for local use.

    In production use a WSGI server and `thrive manage db_worker` instead (see the README).
    """
    django_setup(debug_default=True)
    _serve_with_worker(port)


def manage(
    args: list[str] = typer.Argument(None, help="Django management command and arguments"),
) -> None:
    """Run a Django management command (for administrators)."""
    django_setup(needs_tables=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line([f"{sys.argv[0]} manage", *(args or [])])
