"""Extraction: attributed loss claims and attributions from a parsed Document.

``extract_claims(doc, resolver) -> Iterator[Claim]`` and
``extract_attributions(doc, resolver) -> Iterator[Attribution]`` are the library
functions; ``warledger.analyze.analyze(article, options)`` runs the whole chain.
"""
from warledger.extract.attribution import Said, attributions_of, extract_attributions
from warledger.extract.claims import extract_claims
from warledger.extract.quantities import Quantity, parse_quantity

__all__ = ["extract_claims", "extract_attributions", "attributions_of", "Said",
           "parse_quantity", "Quantity"]
