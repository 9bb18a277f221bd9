"""The web dashboard: server-rendered pages (``views``), SVG chart geometry (``charts``)
and article mark-up (``marks``), served by the app ``warledger.api.create_app`` builds."""
