"""NLP engines: tokenise clauses once, behind one interface (see :mod:`analyzer.nlp.engine`)."""

from analyzer.nlp.engine import NlpArtifacts, NlpEngine, Token
from analyzer.nlp.sudachi_engine import SudachiEngine

__all__ = ["NlpArtifacts", "NlpEngine", "SudachiEngine", "Token", "default_engine"]


def default_engine() -> NlpEngine:
    """The engine the analyser uses by default (Sudachi tokens, GiNZA parser on demand)."""
    from analyzer.nlp.ginza_engine import GinzaParser

    return SudachiEngine(parser=GinzaParser())
