"""The ``warledger`` command line: a thin shell over the library.

Each command lives in ``warledger/commands/<name>.py`` as a plain function registered on
the Typer app; it calls one library function and maps the project's exceptions
(``warledger.errors``) to an exit status: 0 all good, 1 some inputs failed, 2 usage errors.
"""
from __future__ import annotations

import importlib
import sys

import typer

from warledger.errors import WarledgerError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="An attributed, cross-checked ledger of what each side of a war claims.")

# command modules, each with ``register(app)``; a module that is missing is skipped so a
# partial install (no Spark) still has a working CLI
COMMAND_MODULES = ("ingest", "extract", "store", "events", "serve", "spark", "report")


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"warledger.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("warledger.commands"):
                continue
            raise
        module.register(app)


def fail(exc: WarledgerError) -> "typer.Exit":
    """Print a project error on one line and return the Exit to raise."""
    print(f"warledger: {exc}", file=sys.stderr)
    return typer.Exit(exc.exit_code)


def main() -> None:
    _load_commands()
    try:
        app()
    except WarledgerError as exc:
        print(f"warledger: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
