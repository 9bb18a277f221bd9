"""One options object for a run, instead of keyword arguments threaded through every stage.

Stages take the ``Options`` they need and ignore the rest; the CLI and API build one from
flags, environment variables and defaults (``Options.from_env``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_DB = Path("var") / "warledger.duckdb"


@dataclass(frozen=True)
class Options:
    # where claims are kept: a DuckDB path or a postgresql:// URL
    db: str = str(DEFAULT_DB)
    # conflict profiles: extra profile files or folders besides the shipped ones
    profile_paths: tuple[str, ...] = ()
    # restrict party resolution to one conflict profile ("karabakh"); None: all + fallback
    conflict: str | None = None
    # the spaCy pipeline to load (a package name or a path); see README for larger models
    model: str | None = None  # None: the bundled en_core_web_sm (see nlp.load_pipeline)
    # parse only sentences that can carry a claim or an attribution (see nlp.py)
    selective_parse: bool = True
    # ingestion
    quiet: bool = False
    languages: tuple[str, ...] = ("en", "fr", "de", "es", "ru", "uk", "ar", "tr", "hy", "az")
    max_bytes: int = 50 * 1024 * 1024  # larger inputs are refused with a clear error
    column_map: tuple[tuple[str, str], ...] = ()  # JSONL/CSV: (their column, our field)
    # API
    token: str | None = None
    max_body_bytes: int = 5 * 1024 * 1024
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> "Options":
        base = cls(
            db=os.environ.get("WARLEDGER_DB", str(DEFAULT_DB)),
            model=os.environ.get("WARLEDGER_MODEL") or None,
            token=os.environ.get("WARLEDGER_TOKEN") or None,
            profile_paths=tuple(p for p in os.environ.get("WARLEDGER_PROFILES", "").split(os.pathsep) if p),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **clean)  # type: ignore[arg-type]
