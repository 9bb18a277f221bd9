"""The situation report: one conflict and period as HTML, PDF or Markdown (docs/report.md).

``build_report(store, ReportQuery(...))`` gathers the figures (the ledger's rows), the
cumulative lines, the contradictions, key events and every sentence behind them;
``render(report, "html" | "pdf" | "md")`` lays them out. The CLI command
(``warledger report``) and the dashboard's ``/report`` page are thin shells over these two.
"""
from __future__ import annotations

from warledger.report.build import Report, ReportQuery, build_report
from warledger.report.render import FORMATS, PAPERS, PdfUnavailable, render

__all__ = ["Report", "ReportQuery", "build_report", "render", "FORMATS", "PAPERS",
           "PdfUnavailable"]
