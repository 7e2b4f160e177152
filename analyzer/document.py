"""Document model shared by ingest, structure parsing and matching.

A reader (``analyzer.ingest``) turns a file into a :class:`Document`: an ordered list of
:class:`Block` objects. The structure parser (``analyzer.structure``) turns blocks into
:class:`Clause` objects with human locators. Original text is always kept for display;
``norm`` fields hold the NFKC-normalised text used for matching.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    """Kind of a block produced by a reader."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


def normalize(text: str) -> str:
    """NFKC-normalise ``text`` for matching (full-width digits, Kangxi radicals, …)."""
    return unicodedata.normalize("NFKC", text)


@dataclass
class Block:
    """One unit of text in reading order, as the source format presents it.

    Attributes:
        kind: heading / paragraph / list item / table row.
        text: original text, for display. Table rows join cells with a tab.
        index: 0-based position of the block in the document.
        page: 1-based page number (PDF only; ``None`` elsewhere).
        level: heading level (1 = top) when the source says so (DOCX styles,
            Markdown ``#``), else ``None``.
        numbering: list numbering rendered by the source format but absent from
            ``text`` (DOCX automatic numbering such as "第1条" or "(1)"), else "".
        cells: the cells of a table row, else an empty list.
    """

    kind: BlockKind
    text: str
    index: int
    page: int | None = None
    level: int | None = None
    numbering: str = ""
    cells: list[str] = field(default_factory=list)

    @property
    def display_text(self) -> str:
        """Text with generated numbering prefixed, as a reader of the file sees it."""
        if self.numbering:
            return f"{self.numbering} {self.text}".strip()
        return self.text


@dataclass
class Document:
    """A parsed input file."""

    path: str
    sha256: str
    format: str  # "txt", "md", "docx", "pdf"
    blocks: list[Block]
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All block texts joined by newlines (display form)."""
        return "\n".join(b.display_text for b in self.blocks)


@dataclass
class Clause:
    """The unit that is matched against ruleset topics.

    Attributes:
        id: 0-based position of the clause in the document.
        text: original text, for display and evidence.
        norm: NFKC-normalised text, for matching.
        locator: human locator, e.g. ``第10条第1項`` or
            ``4 アクセス制御及び認証 > 4. 利用者アカウントの管理``.
        heading_path: titles of the enclosing sections, outermost first.
        kind: the block kind the clause came from (sentence of a paragraph,
            list item, table row, heading).
        block_index: index of the source block.
        page: 1-based page (PDF), else ``None``.
        start: character offset of the clause in :attr:`Document.text`.
        end: end offset (exclusive) in :attr:`Document.text`.
    """

    id: int
    text: str
    norm: str
    locator: str
    heading_path: list[str]
    kind: BlockKind
    block_index: int
    page: int | None
    start: int
    end: int

    @property
    def context(self) -> str:
        """Heading path and text in one string (normalised), used by scorers."""
        return normalize(" > ".join(self.heading_path)) + "\n" + self.norm
