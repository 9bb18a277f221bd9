"""warledger: an attributed, cross-checked ledger of what each side of a war claims."""
from __future__ import annotations

__version__ = "0.1.0"
