"""warledger: an attributed, cross-checked ledger of what each side of a war claims.

The library a user calls, in the order of the data flow::

    import warledger

    options = warledger.Options(conflict="zolta")
    for item in warledger.read_articles(["demo/"], options):
        if isinstance(item, warledger.Article):
            analysis = warledger.analyze(item, options)   # claims, events, attributions
    store = warledger.open_store("var/warledger.duckdb")
    rows = warledger.build_ledger(store, warledger.LedgerQuery(conflict="zolta"))

Every name is loaded when first used, so ``import warledger`` costs no spaCy, no store
engine and no web framework; ``__all__`` is the public API (sorted; a test checks it).
"""
from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_HOMES = {
    "read_articles": "warledger.ingest",
    "analyze": "warledger.analyze",
    "analyze_many": "warledger.analyze",
    "open_store": "warledger.store",
    "Store": "warledger.store.base",
    "Query": "warledger.store.base",
    "build_ledger": "warledger.ledger",
    "LedgerQuery": "warledger.ledger",
    "LedgerRow": "warledger.ledger",
    "Figure": "warledger.ledger",
    "Options": "warledger.options",
    **{name: "warledger.records" for name in (
        "Actor", "Analysis", "Article", "Attribution", "Claim", "Count", "Document", "Event",
        "Location", "PartyRef", "Period", "Target")},
    **{name: "warledger.errors" for name in (
        "AuthError", "InputError", "NotFound", "ProfileError", "ReadOnly", "StoreError",
        "TooLarge", "UsageError", "WarledgerError")},
}

__all__ = [
    "Actor",
    "Analysis",
    "Article",
    "Attribution",
    "AuthError",
    "Claim",
    "Count",
    "Document",
    "Event",
    "Figure",
    "InputError",
    "LedgerQuery",
    "LedgerRow",
    "Location",
    "NotFound",
    "Options",
    "PartyRef",
    "Period",
    "ProfileError",
    "Query",
    "ReadOnly",
    "Store",
    "StoreError",
    "Target",
    "TooLarge",
    "UsageError",
    "WarledgerError",
    "analyze",
    "analyze_many",
    "build_ledger",
    "open_store",
    "read_articles",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'warledger' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """The package module, except that importing the submodule ``warledger.analyze``
    leaves ``warledger.analyze`` the function users call (the import system would bind
    the submodule over it; ``from warledger.analyze import ...`` still finds the module)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _HOMES.get(name) == f"{__name__}.{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ loads
    from warledger.analyze import analyze, analyze_many
    from warledger.errors import (AuthError, InputError, NotFound, ProfileError, ReadOnly,
                                  StoreError, TooLarge, UsageError, WarledgerError)
    from warledger.ingest import read_articles
    from warledger.ledger import Figure, LedgerQuery, LedgerRow, build_ledger
    from warledger.options import Options
    from warledger.records import (Actor, Analysis, Article, Attribution, Claim, Count,
                                   Document, Event, Location, PartyRef, Period, Target)
    from warledger.store import open_store
    from warledger.store.base import Query, Store
