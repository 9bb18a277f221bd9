"""The one small protocol every store implements (DuckDB embedded, PostgreSQL server).

Only ``warledger.store`` knows SQL. Everything above (ledger, CLI, API, dashboard, Spark
import) talks to a ``Store``; ``open_store(url)`` picks the plugin by URL scheme.
"""
