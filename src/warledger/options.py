"""One options object for a run, and the one table that declares every setting.

Stages take the ``Options`` they need and ignore the rest. Each field of ``Options`` is
declared once below with what a user sets it by: the environment variable
(``Options.from_env`` reads them) and the command-line option (``warledger.cli`` builds
every command's flags from the same declaration), so a setting cannot exist in one place
and be missing in another. ``SETTINGS`` lists the declared ones for docs and tests.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable

DEFAULT_DB = Path("var") / "warledger.duckdb"


@dataclass(frozen=True)
class Setting:
    """How a user sets one ``Options`` field: env variable, CLI flag, and whether the flag
    also works before the command (``warledger --db URL ledger``)."""

    name: str  # the Options field
    help: str
    env: str | None = None
    flag: str | None = None  # "--db"; None: library-only
    short: str | None = None  # "-q"
    many: bool = False  # repeatable flag; the env variable is an os.pathsep list
    shared: bool = False  # also a global option of the ``warledger`` command
    parse: Callable[[str], Any] | None = None  # env text -> value (int, ...)


def _setting(default: Any = None, *, factory: Callable[[], Any] | None = None,
             **declared: Any) -> Any:
    meta = {"setting": declared} if declared else {}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Options:
    # where claims are kept: a DuckDB path or a postgresql:// URL
    db: str = _setting(str(DEFAULT_DB), env="WARLEDGER_DB", flag="--db", shared=True,
                       help="DuckDB path or postgresql:// URL "
                            "(default: $WARLEDGER_DB or var/warledger.duckdb).")
    # conflict profiles: extra profile files or folders besides the shipped ones
    profile_paths: tuple[str, ...] = _setting(
        (), env="WARLEDGER_PROFILES", flag="--profile", many=True, shared=True,
        help="Extra conflict profile file or folder (repeatable; $WARLEDGER_PROFILES).")
    # restrict party resolution to one conflict profile ("karabakh"); None: all + fallback
    conflict: str | None = _setting(None, flag="--conflict",
                                    help="Resolve parties with this conflict profile only.")
    # the spaCy pipeline to load (a package name or a path); see README for larger models
    model: str | None = _setting(None, env="WARLEDGER_MODEL", flag="--model", shared=True,
                                 help="spaCy pipeline, a package or a path "
                                      "(default: $WARLEDGER_MODEL or en_core_web_sm).")
    # parse only sentences that can carry a claim or an attribution (see nlp.py)
    selective_parse: bool = True
    # ingestion
    quiet: bool = _setting(False, flag="--quiet", short="-q",
                           help="No progress, no warnings; failures and summary only.")
    languages: tuple[str, ...] = ("en", "fr", "de", "es", "ru", "uk", "ar", "tr", "hy", "az")
    # larger inputs are refused with a clear error
    max_bytes: int = _setting(50 * 1024 * 1024, flag="--max-bytes", parse=int,
                              help="Refuse inputs (or records) larger than this.")
    # one article's clean text longer than this is not analysed: it fails alone (README,
    # "Operating warledger": what a long article costs in time and memory)
    max_article_chars: int = _setting(10 * 1024 * 1024, env="WARLEDGER_MAX_ARTICLE_CHARS",
                                      flag="--max-article-chars", parse=int,
                                      help="Do not analyse an article whose text is longer "
                                           "than this many characters (default 10 Mi).")
    # JSONL/CSV: (their column, our field); the CLI parses THEIR=OURS pairs
    column_map: tuple[tuple[str, str], ...] = ()
    # API
    token: str | None = _setting(None, env="WARLEDGER_TOKEN", flag="--token",
                                 help="Token that allows writes (POST /api/ingest); "
                                      "none: read-only ($WARLEDGER_TOKEN).")
    max_body_bytes: int = 5 * 1024 * 1024
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> "Options":
        """Defaults, then the environment, then ``overrides`` (a None override is unset)."""
        base: dict[str, Any] = {}
        for s in SETTINGS:
            raw = os.environ.get(s.env) if s.env else None
            if not raw:
                continue
            if s.many:
                base[s.name] = tuple(p for p in raw.split(os.pathsep) if p)
            else:
                base[s.name] = s.parse(raw) if s.parse else raw
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(cls(**base), **clean)  # type: ignore[arg-type]


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(name=f.name, **f.metadata["setting"]) for f in fields(Options)
    if "setting" in f.metadata)


def setting(name: str) -> Setting:
    """The declaration of one field (KeyError for a field nobody sets)."""
    for s in SETTINGS:
        if s.name == name:
            return s
    raise KeyError(name)
