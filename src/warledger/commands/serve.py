"""``warledger serve``: the REST API and the dashboard over one store.

A thin shell: it opens the store the way ``warledger.web.app.open_for_serving`` does
(migrated once; read-only without a token; a DuckDB file an ingest is writing is refused in
one line, by the command guard, before anything is served) and hands the app
``warledger.web.app.create_app`` builds to uvicorn. The start-up line names the store
without its password.
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

    from warledger.store.backends import redact
    from warledger.web.app import create_app, open_for_serving

    store = open_for_serving(options)  # a StoreError: one line from the guard, exit 1
    try:
        app = create_app(options, store)
        where = f"http://{host}:{port}/"
        mode = "writes need the token" if options.token else "read-only: no --token"
        typer.echo(f"warledger: serving {redact(options.db)} at {where} ({mode}); "
                   f"API at {where}openapi.json")
        # no "server: uvicorn" header: an answer does not name the software behind it
        uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    command(app, "serve", settings=("db", "token") + COMMON)(serve)
