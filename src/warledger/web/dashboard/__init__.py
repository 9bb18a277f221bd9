"""The web dashboard: server-rendered pages (``views``), SVG chart geometry (``charts``,
``maps``) and article mark-up (``marks``), served by the app ``warledger.web.app`` builds;
it reads through ``warledger.web.common`` only, never the API's routes."""
