"""``warledger serve``: the REST API and the dashboard over one store.

A thin shell: it builds ``Options`` from flags and the environment and hands the app that
``warledger.api.create_app`` builds to uvicorn. Without a token the server is read-only.
"""
from __future__ import annotations

import typer

from warledger.commands import COMMON, command
from warledger.options import Options


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; 0.0.0.0 exposes the server to the network"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="port to listen on"),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level"),
    *, options: Options,
) -> None:
    """Serve the REST API (/api, /openapi.json) and the dashboard (/)."""
    import uvicorn

    from warledger.api import create_app

    app = create_app(options)
    where = f"http://{host}:{port}/"
    mode = "writes need the token" if options.token else "read-only: no --token"
    typer.echo(f"warledger: serving {options.db} at {where} ({mode}); API at {where}openapi.json")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(app: typer.Typer) -> None:
    command(app, "serve", settings=("db", "token") + COMMON)(serve)
