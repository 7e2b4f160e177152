"""Build the section tree of a 規程 and split it into clauses with human locators.

The builder keeps a stack of open sections. A numbered line whose scheme is already open
closes everything below that scheme and becomes its sibling; a scheme not yet open
becomes a child. Headings with an explicit level (DOCX styles, Markdown ``#``) close the
sections of the same or a deeper level. Article-style documents get 条/項/号 locators
(``第10条第2項第3号``); outline-style documents get heading paths
(``4 アクセス制御及び認証 > 4. 利用者アカウントの管理``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from analyzer.document import Block, BlockKind, Clause, Document, normalize
from analyzer.structure.numbering import Numbering, match_numbering

MAX_TITLE_CHARS = 40
LONG_ROW_CHARS = 150
#: prefix of the heading-path entry that carries a table's header row
TABLE_HEADER_PREFIX = "[表] "
_TAG_RE = re.compile(r"<[^<>]{0,200}>")
_TOC_RE = re.compile(r"(?:[0-9０-９]{1,4}\s*ページ|[.．…・]{4,}\s*[0-9０-９]{1,4})\s*$")
_CAPTION_RE = re.compile(r"^[(（][^()（）]{1,20}[)）]$")
_ARTICLE_CAPTION_RE = re.compile(r"^[(（][^()（）]{1,20}[)）]")
# A bracketed sign-off note is a line of the document, not the caption of what follows:
# 「（社長了承済み）」「（代表承認済）」
_NOTE_RE = re.compile(r"(?:済み?|了承|承認|決裁)[)）]$")
_HEADING_BULLETS = frozenset("■□◆◇【")
_QUESTION_RE = re.compile(r"^(?:Q|Ｑ|問)\s*[0-9０-９]{0,3}\s*[.．:：)）]\s*")
_ANSWER_RE = re.compile(r"^(?:A|Ａ|答)\s*[0-9０-９]{0,3}\s*[.．:：)）]\s*")
_LABEL_LINE = re.compile(r"^[^。：:、]{1,15}[：:]\s*\S")
MAX_RECORD_LINE = 100
MAX_RECORD_LINES = 6
MAX_SOFT_TITLE_CHARS = 25
_UIDS = itertools.count()
_PROVISO = ("ただし", "但し", "ただ、")
_SENTENCE_END = "。"
_OPEN = "「『（(［[【"
_CLOSE = "」』）)］]】"


@dataclass
class _Section:
    """An open section on the stack."""

    key: str  # scheme key: "heading-2", "decimal-1", "article", "paren" …
    label: str  # numbering label, e.g. "第10条", "4.", "(1)"
    title: str  # section title (empty for content-bearing items)
    level: int = 0  # heading level for headings
    uid: int = field(default_factory=lambda: next(_UIDS))

    @property
    def display(self) -> str:
        """Label and title as shown in a heading path."""
        return f"{self.label} {self.title}".strip()


def clean_text(text: str) -> str:
    """Remove HTML tags left by converters (``<p>``, ``<ul …>``) and squeeze spaces."""
    text = _TAG_RE.sub(" ", text)
    return re.sub(r"[ \u3000]{2,}", " ", text).strip()


def split_sentences(text: str) -> list[str]:
    """Split on 。 outside brackets; keep the 。 with its sentence."""
    out: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == _SENTENCE_END and depth == 0:
            piece = text[start : i + 1].strip()
            if piece:
                out.append(piece)
            start = i + 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    # A ただし書 belongs to the sentence it qualifies (本文 + ただし書 form one provision).
    merged: list[str] = []
    for sentence in out:
        if merged and sentence.startswith(_PROVISO):
            merged[-1] += sentence
        else:
            merged.append(sentence)
    return merged


def _is_toc(block: Block) -> bool:
    # Length first: _TOC_RE.search is quadratic on long runs of dots (found by a property test).
    return len(block.display_text) < 120 and bool(_TOC_RE.search(block.display_text.strip()))


_RANKS = {"paren": 4, "half-paren": 4, "kanji-item": 4, "paragraph-no": 4, "circled": 5, "katakana": 6}


def _scheme_rank(key: str) -> int:
    """Usual nesting order of outline schemes: decimal levels first, then (1), ①, ア."""
    if key.startswith("decimal-"):
        return int(key.split("-")[1])
    return _RANKS.get(key, 5)


def _looks_like_title(text: str) -> bool:
    """A short line without a sentence end is a section title."""
    t = text.strip()
    return 0 < len(t) <= MAX_TITLE_CHARS and "。" not in t and not t.endswith(("、", "，"))


def _chapter_row(block: Block) -> tuple[str, str] | None:
    """A table row ``1 <tab> 組織的対策 <tab> 改訂日 …`` that opens a chapter."""
    if not block.cells or not block.cells[0].strip():
        return None  # a chapter number stands in the first column
    cells = [c.strip() for c in block.cells if c.strip()]
    if len(cells) >= 2 and re.fullmatch(r"[0-9０-９]{1,2}", cells[0]) and _looks_like_title(cells[1]):
        return cells[0], cells[1]
    return None


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[_Section] = []
        self.clauses: list[Clause] = []
        self.pending_caption = ""
        # a numbered short line taken as a section title, until content shows it was one:
        # (section, block, text, offset, clause count when pushed)
        self.tentative_title: tuple[_Section, Block, str, int, int] | None = None
        self.soft_caption: _Section | None = None  # a short plain line that may title items
        self._record_block = -1  # last block of the latest clause (label-line records span blocks)
        self.table_header: str | None = None
        self.table_rows = 0
        self.article_clauses: dict[int, list[int]] = {}  # id(article section) -> clause ids in 第1項
        self.article_has_paragraphs: set[int] = set()
        self._cursor: tuple[Block | None, int] = (None, 0)  # (block, search position) for emit()

    # --- stack operations --------------------------------------------------
    def _open(self, key: str) -> bool:
        return any(s.key == key for s in self.stack)

    def _pop_to(self, key: str) -> None:
        while self.stack and self.stack[-1].key != key:
            self.stack.pop()
        if self.stack:
            self.stack.pop()

    def _push_numbered(self, key: str, label: str, title: str) -> _Section:
        if key in ("chapter", "part", "section", "article", "table-chapter") or key.startswith("decimal-"):
            self._drop_caption()  # (1)・①・ア items stay under the caption that titles them
        if key.startswith("decimal-"):
            depth = int(key.split("-")[1])
            # close deeper or equal decimal levels, and anything opened after them
            for i, s in enumerate(self.stack):
                if s.key.startswith("decimal-") and int(s.key.split("-")[1]) >= depth:
                    del self.stack[i:]
                    break
            while self.stack and _scheme_rank(self.stack[-1].key) > depth and self.stack[-1].key in _RANKS:
                self.stack.pop()  # items such as ① that came before this outline level
        elif key in ("paragraph-no", "kanji-item") and self._article() is not None:
            # 項 closes 号; a 号 closes the previous 号 (items live under the article)
            stop = ("article",) if key == "paragraph-no" else ("article", "paragraph-no")
            while self.stack and self.stack[-1].key not in stop:
                self.stack.pop()
        elif self._open(key):
            self._pop_to(key)
        section = _Section(key, label, title)
        self.stack.append(section)
        return section

    def _push_caption(self, title: str) -> None:
        """Open a caption section: the innermost title, replaced by the next caption or section."""
        self._drop_caption()
        self.stack.append(_Section("caption", "", title))

    def _drop_caption(self) -> None:
        """Close the innermost caption section and anything opened under it."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].key == "caption":
                del self.stack[i:]
                return

    def _push_heading(self, level: int, label: str, title: str) -> None:
        self._drop_caption()
        while self.stack and (
            (self.stack[-1].key.startswith("heading-") and self.stack[-1].level >= level)
            or not self.stack[-1].key.startswith("heading-")
        ):
            self.stack.pop()
        self.stack.append(_Section(f"heading-{level}", label, title, level=level))

    # --- locators --------------------------------------------------------------
    def _article(self) -> _Section | None:
        for s in reversed(self.stack):
            if s.key == "article":
                return s
        return None

    def locator(self) -> str:
        article = self._article()
        if article is None:
            return " > ".join(s.display for s in self.stack if s.display) or "本文"
        before: list[str] = []
        for s in self.stack:
            if s is article:
                break
            if s.key not in ("chapter", "part", "section") and s.display:
                before.append(s.display)
        loc = article.label
        after = self.stack[self.stack.index(article) + 1 :]
        for s in after:
            if s.key == "paragraph-no":
                loc += f"第{s.label}項"
            elif s.key == "kanji-item":
                loc += f"第{s.label}号"
            else:
                loc += f" {s.label}"
        return " > ".join([*before, loc])

    def heading_path(self) -> list[str]:
        path = [s.display for s in self.stack if s.title]
        if self.table_header:
            path.append(f"{TABLE_HEADER_PREFIX}{self.table_header}")
        return path

    # --- emission ----------------------------------------------------------------
    def emit(self, block: Block, text: str, offset: int) -> None:
        text = clean_text(text)
        if not text or not re.search(r"[\w\u3040-\u30ff\u4e00-\u9fff]", text):
            return
        block_text = block.display_text
        # Search after the previous clause of the same block, so that a repeated sentence
        # gets its own offset rather than the first occurrence's (found by a property test).
        after = self._cursor[1] if self._cursor[0] is block else 0
        pos = block_text.find(text[:20], after)
        if pos < 0:
            pos = block_text.find(text[:20])
        if pos >= 0:
            self._cursor = (block, pos + len(text[:20]))
        start = offset + max(0, pos)
        if self._continues_record(block, text):
            prev = self.clauses[-1]
            prev.text = f"{prev.text} / {text}"
            prev.norm = normalize(prev.text)
            prev.end = min(offset + len(block_text), start + len(text))
            self._record_block = block.index
            return
        clause = Clause(
            id=len(self.clauses),
            text=text,
            norm=normalize(text),
            locator=self.locator(),
            heading_path=self.heading_path(),
            kind=block.kind,
            block_index=block.index,
            page=block.page,
            start=start,
            end=min(offset + len(block_text), start + len(text)),
        )
        self.clauses.append(clause)
        self._record_block = block.index
        article = self._article()
        if article is not None and not any(s.key == "paragraph-no" for s in self.stack):
            self.article_clauses.setdefault(article.uid, []).append(clause.id)

    def _continues_record(self, block: Block, text: str) -> bool:
        """「教育対象：全従業者」「実施頻度：年1回」 on consecutive lines are one record."""
        if not self.clauses or not _LABEL_LINE.match(text) or len(text) > MAX_RECORD_LINE:
            return False
        prev = self.clauses[-1]
        return (
            self._record_block == block.index - 1
            and _LABEL_LINE.match(prev.text) is not None
            and prev.text.count(" / ") < MAX_RECORD_LINES - 1
            and prev.locator == self.locator()
            and prev.heading_path == self.heading_path()
        )

    def emit_sentences(self, block: Block, text: str, offset: int) -> None:
        for sentence in split_sentences(clean_text(text)):
            self.emit(block, sentence, offset)

    # --- main loop -------------------------------------------------------------
    def feed(self, block: Block, offset: int) -> None:
        text = block.display_text.strip()
        if not text or _is_toc(block):
            return
        if block.kind is not BlockKind.TABLE_ROW:
            self.table_header, self.table_rows = None, 0

        if block.kind is BlockKind.TABLE_ROW:
            self.feed_row(block, offset)
            return

        if (q := _QUESTION_RE.match(text)) and block.kind is not BlockKind.TABLE_ROW:
            # 「Q4. ログってどれくらい残すの？」 titles the answers below it, like a caption
            self._resolve_tentative_title(None, None)
            self._push_caption(text[q.end() :].strip() or text)
            self.pending_caption = ""
            return
        if a := _ANSWER_RE.match(text):
            text = text[a.end() :].strip()
            if not text:
                return
        if _CAPTION_RE.match(text) and not _NOTE_RE.search(text):  # （目的） before 第1条
            if self.tentative_title and self.tentative_title[0].key in _RANKS:
                self._resolve_tentative_title(None, None)  # a caption ends the item list before it
            self.pending_caption = text
            return

        numbering = match_numbering(block.numbering) if block.numbering else None
        if numbering is not None:
            body = block.text.strip()
        else:
            numbering = match_numbering(text)
            body = numbering.rest if numbering else text

        self._resolve_tentative_title(block, numbering)
        if self.soft_caption is not None:
            if (
                self.stack
                and self.stack[-1] is self.soft_caption
                and (numbering is None or block.kind is BlockKind.HEADING)
            ):
                self.stack.pop()  # no item followed: the short line was content only
            self.soft_caption = None
        if self.pending_caption and not (numbering and self._scheme_key(numbering) == "article"):
            # a caption that no 第N条 follows titles the text below it (「（適用範囲）」 + 本文)
            self._push_caption(self.pending_caption)
            self.pending_caption = ""
        if (
            numbering is not None
            and numbering.scheme == "bullet"
            and numbering.label in _HEADING_BULLETS
            and block.kind is not BlockKind.HEADING
            and _looks_like_title(body)
        ):  # 「■ 情報セキュリティ基本方針」: a marked title line, not a list item
            self._push_caption(body)
            return

        if block.kind is BlockKind.HEADING:
            level = block.level or 1
            label = numbering.label if numbering else ""
            if numbering and numbering.scheme in ("chapter", "part", "section", "article"):
                self._push_numbered(numbering.scheme, numbering.label, body)
            else:
                self._push_heading(level, label, body)
            return

        if numbering is None:
            self.emit_sentences(block, text, offset)
            if (
                block.kind is BlockKind.PARAGRAPH
                and self._article() is None
                and len(text) <= MAX_SOFT_TITLE_CHARS
                and _looks_like_title(text)
                and not _LABEL_LINE.match(text)
                and not _NOTE_RE.search(text)
            ):  # 「是正処置手順」 over ① … ④: it titles the items, if items follow
                self._push_caption(text)
                self.soft_caption = self.stack[-1]
            return

        key = self._scheme_key(numbering)
        if key == "bullet":  # bullets never open a section
            self.emit_sentences(block, body, offset)
            return
        if key == "article":
            caption = ""
            m = _ARTICLE_CAPTION_RE.match(body)
            if m:
                caption, body = m.group(0), body[m.end() :].strip()
            elif self.pending_caption:
                caption = self.pending_caption
            self.pending_caption = ""
            section = self._push_numbered("article", numbering.label, caption)
            section.title = caption
            if body:
                self.emit_sentences(block, body, offset)
            return
        self.pending_caption = ""
        if key in ("chapter", "part", "section") or (
            block.kind is not BlockKind.LIST_ITEM
            and _looks_like_title(body)
            and key != "paragraph-no"
            and self._article() is None  # inside 第N条, 号 and (1) items are content, not titles
        ):
            section = self._push_numbered(key, numbering.label, body)
            if key not in ("chapter", "part", "section"):
                self.tentative_title = (section, block, body, offset, len(self.clauses))
            return
        section = self._push_numbered(
            key, numbering.number if key in ("paragraph-no", "kanji-item") else numbering.label, ""
        )
        if key == "paragraph-no":
            article = self._article()
            if article is not None:
                self.article_has_paragraphs.add(article.uid)
        del section
        self.emit_sentences(block, body, offset)

    def _scheme_key(self, n: Numbering) -> str:
        in_article = self._article() is not None
        if n.scheme == "bare-number":
            return "paragraph-no" if in_article else "decimal-1"
        if n.scheme == "kanji-item" and in_article:
            return "kanji-item"
        if n.scheme == "decimal":
            return f"decimal-{n.depth}"
        return n.scheme

    def _next_chapter(self, number: str) -> bool:
        """A chapter row must continue the chapter sequence (1, 2, 3 …)."""
        current = [s for s in self.stack if s.key == "table-chapter"]
        n = int(normalize(number))
        if not current:
            return not self.table_rows and n <= 2
        step = n - int(normalize(current[0].label))
        if 0 < step <= 3:
            self.table_rows = 0
            return True
        return False

    def feed_row(self, block: Block, offset: int) -> None:
        chapter = _chapter_row(block)
        if chapter is not None and self._next_chapter(chapter[0]):
            number, title = chapter
            self._push_numbered("table-chapter", number, title)
            self.table_rows = 0
            return
        cells = [clean_text(c) for c in (block.cells or block.text.split("\t"))]
        cells = [c for c in cells if c]
        if not cells:
            return
        self.table_rows += 1
        if self.table_rows == 1 and len(cells) >= 2 and all(len(c) <= 15 and "。" not in c for c in cells):
            self.emit(block, " | ".join(cells), offset)
            self.table_header = " | ".join(cells)
            return
        row_text = " | ".join(cells)
        if len(row_text) <= LONG_ROW_CHARS:
            self.emit(block, row_text, offset)
            return
        lead = cells[0] if len(cells[0]) <= 20 else ""
        for cell in cells[1:] if lead else cells:
            for sentence in split_sentences(cell):
                self.emit(block, f"{lead} | {sentence}" if lead else sentence, offset)

    def _resolve_tentative_title(self, block: Block | None, numbering: Numbering | None) -> None:
        """A 「① 情報資産を洗い出す」 line with nothing under it was a list item, not a title.

        Called before each block (and at the end): when the tentative title has no clause
        under it and the next block is a sibling item of the same scheme, a heading, a
        section of a higher order, or the end of the document, the line is emitted as content.
        """
        if self.tentative_title is None:
            return
        section, title_block, text, offset, count = self.tentative_title
        if len(self.clauses) > count or not self.stack or self.stack[-1] is not section:
            self.tentative_title = None
            return
        if block is not None and block.kind is not BlockKind.HEADING:  # None: a caption or the end
            if numbering is None:
                return  # a paragraph follows: the line titles it
            key = self._scheme_key(numbering)
            if key == "bullet" or (
                key != section.key
                and key not in ("chapter", "part", "section", "article")
                and not self._closes(key, section.key)
            ):
                return  # a deeper item follows: (1) under 1., ・ under ①
        self.tentative_title = None
        section.title = ""
        self.emit_sentences(title_block, text, offset)

    def _closes(self, key: str, current: str) -> bool:
        """Whether a section of scheme ``key`` ends the ``current`` one rather than nesting in it.

        True when a level of that scheme is already open, or when the scheme ranks at or
        above the current one in the usual order of Japanese outlines (1. > (1) > ① > ア).
        """
        if key.startswith("decimal-"):
            depth = int(key.split("-")[1])
            if any(s.key.startswith("decimal-") and int(s.key.split("-")[1]) >= depth for s in self.stack):
                return True
        elif self._open(key):
            return True
        return _scheme_rank(key) <= _scheme_rank(current)

    def finish(self) -> list[Clause]:
        self._resolve_tentative_title(None, None)
        # 第N条 with numbered paragraphs: its unnumbered first paragraph is 第1項.
        for article_id, ids in self.article_clauses.items():
            if article_id in self.article_has_paragraphs:
                for cid in ids:
                    c = self.clauses[cid]
                    c.locator = re.sub(r"(第[^ >第]+条)(?!第[^ >]+項)", r"\1第1項", c.locator, count=1)
        return self.clauses


def parse_clauses(doc: Document) -> list[Clause]:
    """Split a document into clauses, each with a locator and heading path."""
    builder = _Builder(doc)
    offset = 0
    for block in doc.blocks:
        builder.feed(block, offset)
        offset += len(block.display_text) + 1
    return builder.finish()
