"""The ``warledger`` command line: a thin shell over the library.

Each command lives in ``warledger/commands/<name>.py`` as a plain function registered with
``warledger.commands.command``, which gives it its settings flags and maps the project's
exceptions (``warledger.errors``) to an exit status: 0 all good, 1 some inputs failed, 2
usage errors. The settings marked shared (``--db``, ``--profile``, ``--model``) also work
before the command, as the README writes them. Command modules import their library code
inside the command, so ``warledger extract --help`` loads neither the store nor spaCy.
"""
from __future__ import annotations

import importlib

import typer

from warledger.commands import global_options
from warledger.options import SETTINGS

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="An attributed, cross-checked ledger of what each side of a war claims.")
global_options(app, tuple(s.name for s in SETTINGS if s.shared))

# command modules, each with ``register(app)``; a module that is missing is skipped so a
# partial install still has a working CLI
COMMAND_MODULES = ("ingest", "extract", "store", "diff", "events", "serve", "spark", "report")
_loaded: list[str] = []


def _load_commands() -> None:
    if _loaded:  # tests call this before each CliRunner; register the commands once
        return
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"warledger.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("warledger.commands"):
                continue
            raise
        module.register(app)
        _loaded.append(name)


def main() -> None:
    _load_commands()
    app()
