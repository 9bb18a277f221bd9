"""What every command shares: its settings flags and the guard that maps errors to exit codes.

A command is a plain function that takes its own arguments plus ``options: Options`` and
returns an exit status (None is 0). ``command(app, ...)`` registers it: the flags of the
settings it names are built from ``warledger.options.SETTINGS`` (so ``--profile`` means the
same everywhere and cannot be forgotten on one command), a value given before the command
(``warledger --db URL ledger``) is used when the command's own flag is not given, and the
project's exceptions become one line on stderr and their exit code (0 all good, 1 some
inputs failed, 2 usage errors), in this one place.
"""
from __future__ import annotations

import functools
import inspect
import sys
import typing
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from warledger.errors import ProfileError, UsageError, WarledgerError
from warledger.options import Options, Setting, setting

if typing.TYPE_CHECKING:  # the store loads only in the commands that open one
    from warledger.store.base import Store

# the settings every command takes (the README: --profile and --model work everywhere)
COMMON = ("profile_paths", "model")
# ... and those of a command that reads the store
STORED = ("db",) + COMMON
GIVEN_BEFORE = "warledger.settings"  # ctx.meta key: settings given before the command

Command = Callable[..., Optional[int]]


def _parameter(s: Setting) -> inspect.Parameter:
    assert s.flag is not None  # command() refuses a setting without one
    decls = [s.flag] + ([s.short] if s.short else [])
    annotation: Any
    if s.many:
        annotation, default = List[str], typer.Option([], *decls, help=s.help)
    elif s.name == "quiet":
        annotation, default = bool, typer.Option(False, *decls, help=s.help)
    elif s.parse is int:
        annotation, default = Optional[int], typer.Option(None, *decls, help=s.help)
    else:
        annotation, default = Optional[str], typer.Option(None, *decls, help=s.help)
    return inspect.Parameter(s.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)


def _given(value: Any) -> bool:
    return value not in (None, False, [], ())


def _value(s: Setting, value: Any) -> Any:
    return tuple(value) if s.many else value


def open_store_of(options: Options) -> Store:
    """The store ``options.db`` names, opened and migrated (the caller closes it)."""
    from warledger.store import open_store

    return open_store(options.db)


def guard(work: Callable[[], Optional[int]]) -> None:
    """Run a command body: its status, or a project error as one line and its exit code."""
    try:
        code = work() or 0
    except WarledgerError as exc:
        print(f"warledger: {exc}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    raise typer.Exit(code)


def build_options(settings: dict[str, Any], ctx: typer.Context | None = None) -> Options:
    """Options from the flags given (the command's, else the global ones), the
    environment and the defaults."""
    before = ctx.meta.get(GIVEN_BEFORE, {}) if ctx is not None else {}
    chosen = {}
    for name, value in settings.items():
        s = setting(name)
        if not _given(value):
            value = before.get(name)
        chosen[name] = _value(s, value) if _given(value) else None
    try:
        options = Options.from_env(**chosen)
    except ValueError as exc:  # an environment variable that does not parse
        raise UsageError(f"bad setting in the environment: {exc}") from None
    for path in options.profile_paths:  # before any work, not once per article
        if not Path(path).exists():
            raise ProfileError(f"{path}: no such profile file or folder")
    return options


CONTEXT = "warledger_context"  # the parameter Typer fills with the command's context

Body = Callable[[Callable[..., Any], dict[str, Any], dict[str, Any], typer.Context], Any]


def _with_settings(fn: Callable[..., Any], names: tuple[str, ...], body: Body
                   ) -> Callable[..., Any]:
    """``fn`` with the flags of ``names`` (and a context) added to its signature, for Typer
    to read; the wrapper takes them off and hands them to ``body`` with the rest."""
    hints = typing.get_type_hints(fn)
    sig = inspect.signature(fn)
    own = [p.replace(annotation=hints.get(p.name, p.annotation))
           for p in sig.parameters.values() if p.name != "options"]
    added = [_parameter(setting(n)) for n in names]
    added.append(inspect.Parameter(CONTEXT, inspect.Parameter.KEYWORD_ONLY,
                                   annotation=typer.Context))

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        values = {n: kwargs.pop(n) for n in names}
        ctx = kwargs.pop(CONTEXT)
        return body(fn, kwargs, values, ctx)

    del wrapper.__wrapped__  # Typer must read the signature below, not fn's
    wrapper.__signature__ = sig.replace(parameters=own + added,  # type: ignore[attr-defined]
                                        return_annotation=None)
    wrapper.__annotations__ = {p.name: p.annotation for p in own + added}
    return wrapper


def command(app: typer.Typer, name: str | None = None,
            settings: tuple[str, ...] = COMMON) -> Callable[[Command], Command]:
    """Register ``fn`` as a command taking the flags of ``settings`` (Options fields) and
    ``options: Options`` built from them; its status or error becomes the exit code."""
    for n in settings:
        if setting(n).flag is None:
            raise KeyError(f"{n} has no command-line flag")

    def run(fn: Callable[..., Any], kwargs: dict[str, Any], values: dict[str, Any],
            ctx: typer.Context) -> None:
        def work() -> Optional[int]:
            options = build_options(values, ctx)
            if "options" in inspect.signature(fn).parameters:
                return typing.cast(Optional[int], fn(**kwargs, options=options))
            return typing.cast(Optional[int], fn(**kwargs))
        guard(work)

    def register(fn: Command) -> Command:
        app.command(name)(_with_settings(fn, settings, run))
        return fn
    return register


def global_options(app: typer.Typer, names: tuple[str, ...]) -> None:
    """The settings a user may give before the command: ``warledger --db URL ledger``."""
    def remember() -> None:
        """An attributed, cross-checked ledger of what each side of a war claims."""

    def body(fn: Callable[..., Any], kwargs: dict[str, Any], values: dict[str, Any],
             ctx: typer.Context) -> None:
        ctx.meta[GIVEN_BEFORE] = {k: v for k, v in values.items() if _given(v)}

    app.callback()(_with_settings(remember, names, body))
