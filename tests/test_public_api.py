"""The public API: what ``import warledger`` offers, the way httpx checks its own.

``__all__`` is the contract: sorted, every name resolving to the object its home module
defines, nothing private or accidental in it (a module once exported ``dataclasses.field``
through its ``__all__``), and the typing marker shipped so users' type checkers read it.
"""
from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from pathlib import Path

import pytest

import warledger

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert warledger.__all__ == sorted(warledger.__all__)
    assert len(set(warledger.__all__)) == len(warledger.__all__)
    for name in warledger.__all__:
        value = getattr(warledger, name)
        home = importlib.import_module(warledger._HOMES[name])
        assert getattr(home, name) is value, name
        assert value.__module__.startswith("warledger."), name
    assert set(warledger._HOMES) == set(warledger.__all__)
    with pytest.raises(AttributeError):
        warledger.no_such_name  # noqa: B018


def test_the_library_functions_and_records_users_call_are_there() -> None:
    for name in ("read_articles", "analyze", "open_store", "build_ledger", "Query", "Options",
                 "Article", "Claim", "Event", "Attribution", "Analysis", "WarledgerError",
                 "UsageError", "InputError", "StoreError", "ReadOnly", "TooLarge"):
        assert name in warledger.__all__, name
    for name in warledger.__all__:
        value = getattr(warledger, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, warledger.WarledgerError), name
    ns: dict[str, object] = {}
    exec("from warledger import *", ns)  # noqa: S102 - the star import users may write
    assert {k for k in ns if not k.startswith("__")} == set(warledger.__all__)


def test_py_typed_is_shipped() -> None:
    assert (Path(warledger.__file__).parent / "py.typed").is_file()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _modules() -> list[str]:
    out = []
    for info in pkgutil.walk_packages(warledger.__path__, "warledger."):
        if not info.name.endswith("__main__"):  # importing it runs the CLI
            out.append(info.name)
    return sorted(out)


def test_no_module_exports_a_name_it_did_not_mean_to() -> None:
    """Every ``__all__`` in the package names the module's own things: nothing from
    ``dataclasses`` or ``typing``, and nothing missing."""
    checked = 0
    for name in _modules():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional extra (pyspark) that is not installed
            continue
        exported = getattr(module, "__all__", None)
        if exported is None:
            continue
        checked += 1
        for item in exported:
            assert hasattr(module, item), f"{name}.__all__ names {item!r}, which it lacks"
            value = getattr(module, item)
            assert value is not dataclasses.field, f"{name} exports dataclasses.field"
            origin = getattr(value, "__module__", None) or ""
            assert not origin.startswith(("dataclasses", "typing")), f"{name} exports {item}"
    assert checked >= 10


def test_the_readme_example_of_the_package_docstring_runs(tmp_path: Path) -> None:
    options = warledger.Options(conflict="zolta")
    analyses = [warledger.analyze(item, options)
                for item in warledger.read_articles([str(DEMO)], options)
                if isinstance(item, warledger.Article)]
    assert sum(len(a.claims) for a in analyses) > 10
    store = warledger.open_store(str(tmp_path / "w.duckdb"))
    try:
        store.put_batch(analyses)
        rows = warledger.build_ledger(store, warledger.LedgerQuery(conflict="zolta"))
    finally:
        store.close()
    assert rows and all(isinstance(r, warledger.LedgerRow) for r in rows)


def test_the_analyze_function_survives_its_modules_import() -> None:
    """``warledger.analyze`` is the function even after the module of the same name has
    been imported (which binds a submodule on its package)."""
    import warledger.analyze  # noqa: F401
    from warledger.analyze import analyze_many

    assert callable(warledger.analyze) and warledger.analyze.__name__ == "analyze"
    assert warledger.analyze_many is analyze_many
