"""``warledger serve``: the REST API and the dashboard over one store.

A thin shell: it builds ``Options`` from flags and the environment and hands the app that
``warledger.api.create_app`` builds to uvicorn. Without a token the server is read-only.
"""
from __future__ import annotations

import typer

from warledger.options import Options


def serve(
    db: str = typer.Option(None, "--db", help="DuckDB path or postgresql:// URL (default: WARLEDGER_DB or var/warledger.duckdb)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; 0.0.0.0 exposes the server to the network"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="port to listen on"),
    token: str = typer.Option(None, "--token", envvar="WARLEDGER_TOKEN", show_envvar=True,
                              help="token that allows writes (POST /api/ingest); none: read-only"),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level"),
) -> None:
    """Serve the REST API (/api, /openapi.json) and the dashboard (/)."""
    import uvicorn

    from warledger.api import create_app

    options = Options.from_env(db=db, token=token)
    app = create_app(options)
    where = f"http://{host}:{port}/"
    mode = "writes need the token" if options.token else "read-only: no --token"
    typer.echo(f"warledger: serving {options.db} at {where} ({mode}); API at {where}openapi.json")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
