"""The web layer: the REST API (``api``), the dashboard (``dashboard``) and what both share
(``common``: filters, the store a request reads, limits, evidence links, the cached ledger;
``explore``: facets and sorting; ``names``: sides and counts as a reader sees them),
assembled by ``app.create_app``. Neither the API nor the dashboard imports the other."""
