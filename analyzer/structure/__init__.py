"""Structure of a Japanese 規程: numbering schemes, section tree, clauses with locators."""

from analyzer.structure.numbering import Numbering, match_numbering
from analyzer.structure.parser import parse_clauses

__all__ = ["Numbering", "match_numbering", "parse_clauses"]
