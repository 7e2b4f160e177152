"""Plain text and Markdown reader, plus text helpers shared by the other readers.

Text is decoded as UTF-8 (with or without BOM), then CP932 (Shift_JIS, with warning
W002), else rejected with E105. Each non-empty line becomes one :class:`Block`:

* a line containing tabs is a table row (``cells`` split on the tabs);
* a line starting with a bullet (``-``, ``*``, ``・``, ``●`` …) is a list item;
* in Markdown, ``#`` headings become headings with a level and ``| a | b |`` rows
  become table rows (the ``|---|`` separator row is skipped);
* everything else is a paragraph.

Numbering characters (第1条, 1., (1), ① …) are kept in the text: the structure parser
interprets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.document import Block, BlockKind
from analyzer.errors import ErrorCode, KiteiError, Warning_, warning

# --- character classes --------------------------------------------------------------

#: Characters counted as Japanese (kana and kanji) for the W001 ratio.
_KANA_KANJI = (
    "\u3005\u3006\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana (incl. ー)
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0002ffff"  # CJK extensions B-F, compatibility supplement
)
#: Characters that are written without spaces between them in Japanese text: kana, kanji,
#: CJK punctuation (except the ideographic space) and full-width forms.
_JA_CHARS = _KANA_KANJI + "\u3001-\u3004\u3008-\u303f\uff01-\uff65"

_KANA_KANJI_RE = re.compile(f"[{_KANA_KANJI}]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_HALFWIDTH_KANA_RE = re.compile("[\uff66-\uff9f]")
_SPACE_BETWEEN_JA_RE = re.compile(f"(?<=[{_JA_CHARS}]) +(?=[{_JA_CHARS}])")
_JA_CHAR_RE = re.compile(f"[{_JA_CHARS}]")
_HAS_CONTENT_RE = re.compile(r"[^\W_]")  # a letter or a digit in any script
# C0 controls except tab/newline/CR, DEL, C1 controls, BOM and zero-width characters.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u200b\u2028\u2029]")

BULLETS = "・●•▶➤○■◆"
_BULLET_RE = re.compile(f"^(?:[{BULLETS}]|[-*](?:[ \t\u3000]|$))")

_MD_HEADING_RE = re.compile(r"^(#{1,6})(?:[ \t\u3000]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_TABLE_SEP_RE = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_MD_HR_RE = re.compile(r"^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_SETEXT_RE = re.compile(r"^(?:=+|-+)[ \t]*$")
_MD_FENCE_RE = re.compile(r"^(?:```|~~~)")
# Inline markup of a Markdown line: **strong**, __strong__, *emphasis*, `code`, [text](url).
_MD_INLINE = [
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=\S)(.+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![*A-Za-z0-9])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?!\*)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)\s]+\)"), r"\1"),
]


def is_japanese_char(ch: str) -> bool:
    """Return True if ``ch`` is a kana, kanji, CJK punctuation or full-width character."""
    return bool(_JA_CHAR_RE.match(ch))


def japanese_ratio(text: str, sample: int = 200_000) -> tuple[float, int]:
    """Share of kana/kanji among the letters of ``text`` (on a bounded sample).

    Args:
        text: the text to measure.
        sample: number of characters looked at, from the start.

    Returns:
        ``(ratio, letters)``: the share and the number of letters in the sample.
    """
    part = text[:sample]
    _, letters = _LETTER_RE.subn("", part)
    if not letters:
        return 0.0, 0
    _, kana_kanji = _KANA_KANJI_RE.subn("", part)
    return kana_kanji / letters, letters


def remove_spaces_between_japanese(text: str) -> str:
    """Remove ASCII spaces between two Japanese characters (``事 業 者`` → ``事業者``)."""
    return _SPACE_BETWEEN_JA_RE.sub("", text)


def join_all(lines: list[str]) -> str:
    """Join wrapped lines: no space next to a Japanese character, one space otherwise.

    Args:
        lines: the lines, in order (empty ones are skipped).

    Returns:
        The joined text (linear time, for paragraphs of any length).
    """
    parts: list[str] = []
    previous = ""
    for line in lines:
        if not line:
            continue
        if previous and not (
            is_japanese_char(previous[-1])
            or is_japanese_char(line[0])
            or previous[-1] == " "
            or line[0] == " "
        ):
            parts.append(" ")
        parts.append(line)
        previous = line
    return "".join(parts)


def clean_text(text: str) -> str:
    """Remove control characters (except tab) and invisible characters from ``text``."""
    return _CONTROL_RE.sub("", text)


def has_content(text: str) -> bool:
    """Return True if ``text`` has at least one letter or digit (not only decoration)."""
    return _HAS_CONTENT_RE.search(text) is not None


def is_bullet_line(text: str) -> bool:
    """Return True if ``text`` starts with a bullet (``・``, ``●``, ``- `` …)."""
    return _BULLET_RE.match(text.lstrip(" \u3000")) is not None


def split_cells(line: str) -> list[str]:
    """Split a tab-separated line into stripped cells, dropping empty trailing cells."""
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def split_long_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters.

    Cuts after the last ``。`` (or other sentence end) in the second half of the window,
    else at the last space, else hard.

    Args:
        text: the text to split.
        limit: the largest chunk length.

    Returns:
        The chunks (one chunk when ``text`` is short enough).
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    start, size = 0, len(text)
    while size - start > limit:
        window = text[start : start + limit]  # slicing the window only keeps this linear
        cut = max(window.rfind(c) for c in "。．！？!?")
        if cut < limit // 2:
            cut = max(window.rfind(" "), window.rfind("\u3000"), window.rfind("\t"))
        if cut < limit // 2:
            cut = limit - 1
        chunks.append(window[: cut + 1].strip())
        start += cut + 1
    chunks.append(text[start:].strip())
    return [c for c in chunks if c]


# --- decoding -----------------------------------------------------------------------


def looks_binary(raw: bytes) -> bool:
    """Return True if ``raw`` looks like binary data rather than text (NUL or control bytes)."""
    sample = raw[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in (*range(0, 9), *range(14, 26), *range(28, 32), 127))
    return controls / len(sample) > 0.02


def decode_text(raw: bytes, display: str) -> tuple[str, list[str]]:
    """Decode text bytes: UTF-16 (with BOM), UTF-8 (with or without BOM), then CP932.

    Args:
        raw: the file's bytes.
        display: the file name used in messages.

    Returns:
        ``(text, warnings)``; W002 when the text was read as CP932.

    Raises:
        KiteiError: E105 when the text is neither UTF-8 nor CP932 (or is ISO-2022-JP /
            EUC-JP that would decode as CP932 mojibake), E103 when it is binary data.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise KiteiError(ErrorCode.E105, path=display) from None
    if looks_binary(raw):
        raise KiteiError(ErrorCode.E103, detail="binary data / バイナリデータ")
    if b"\x1b$B" in raw[:65536] or b"\x1b$@" in raw[:65536]:  # ISO-2022-JP (JIS)
        raise KiteiError(ErrorCode.E105, path=display)
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        raise KiteiError(ErrorCode.E105, path=display) from None
    # EUC-JP often decodes "successfully" as CP932 into half-width katakana soup.
    _, letters = _LETTER_RE.subn("", text[:200_000])
    _, halfwidth = _HALFWIDTH_KANA_RE.subn("", text[:200_000])
    if letters >= 20 and halfwidth / letters > 0.3:
        raise KiteiError(ErrorCode.E105, path=display)
    return text, [warning(Warning_.W002)]


# --- line classification ------------------------------------------------------------


def _md_table_cells(line: str) -> list[str] | None:
    """Cells of a Markdown table row ``| a | b |``, or None if the line is not one."""
    stripped = line.strip()
    if not stripped.startswith("|") or stripped.count("|") < 2:
        return None
    inner = stripped[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _text_block(text: str) -> Block:
    """A paragraph or list item from one line of text (not a table row)."""
    kind = BlockKind.LIST_ITEM if is_bullet_line(text) else BlockKind.PARAGRAPH
    return Block(kind=kind, text=text, index=0)


def iter_lines(text: str) -> Iterator[str]:
    """Lines of ``text`` without terminators (LF, CRLF, CR, form feed, U+2028 …)."""
    yield from text.splitlines()


def blocks_from_text(text: str, *, markdown: bool = False) -> list[Block]:
    """Turn decoded text into blocks, one per non-empty line.

    Args:
        text: the decoded text.
        markdown: interpret Markdown headings, tables, rules and fences.

    Returns:
        The blocks (indices are assigned later by :func:`analyzer.ingest.load_document`).
    """
    blocks: list[Block] = []
    previous_was_text = False
    for raw_line in iter_lines(text):
        line = clean_text(raw_line).rstrip().lstrip(" \u3000")
        if markdown:
            line = strip_inline_markup(line)
            md = _markdown_block(line, blocks, previous_was_text)
            if md is not False:
                if md is not None:
                    blocks.append(md)
                previous_was_text = md is not None and md.kind is BlockKind.PARAGRAPH
                continue
        if not line.strip() or not has_content(line):
            previous_was_text = False
            continue
        if "\t" in line.strip():
            cells = split_cells(line)
            blocks.append(Block(kind=BlockKind.TABLE_ROW, text=line, index=0, cells=cells))
            previous_was_text = False
            continue
        block = _text_block(line.strip())
        blocks.append(block)
        previous_was_text = block.kind is BlockKind.PARAGRAPH
    return blocks


def strip_inline_markup(line: str) -> str:
    """A Markdown line without its inline markup (a bullet ``* `` and rules ``***`` stay)."""
    if _MD_HR_RE.match(line.strip()):
        return line
    for pattern, repl in _MD_INLINE:
        line = pattern.sub(repl, line)
    return line


def _markdown_block(line: str, blocks: list[Block], previous_was_text: bool) -> Block | None | bool:
    """Markdown-specific handling of one line.

    Returns:
        A block to append, ``None`` to skip the line, or ``False`` when the line is not
        Markdown syntax and should be handled as plain text.
    """
    stripped = line.strip()
    if _MD_FENCE_RE.match(stripped):
        return None
    if previous_was_text and blocks and _MD_SETEXT_RE.match(stripped):
        # "Title\n=====" / "Title\n-----": the previous paragraph is a heading.
        blocks[-1].kind = BlockKind.HEADING
        blocks[-1].level = 1 if stripped.startswith("=") else 2
        return None
    if _MD_HR_RE.match(stripped):
        return None
    heading = _MD_HEADING_RE.match(stripped)
    if heading:
        title = (heading.group(2) or "").strip()
        if not title or not has_content(title):
            return None
        return Block(kind=BlockKind.HEADING, text=title, index=0, level=len(heading.group(1)))
    if stripped.startswith(">"):
        quoted = stripped.lstrip("> ").strip()
        return _text_block(quoted) if quoted and has_content(quoted) else None
    cells = _md_table_cells(stripped)
    if cells is not None:
        if _MD_TABLE_SEP_RE.match(stripped):
            return None
        if not any(has_content(c) for c in cells):
            return None
        return Block(kind=BlockKind.TABLE_ROW, text="\t".join(cells), index=0, cells=cells)
    return False


def read_text(raw: bytes, display: str, *, markdown: bool = False) -> tuple[list[Block], list[str]]:
    """Read a .txt or .md file.

    Args:
        raw: the file's bytes.
        display: the file name used in messages.
        markdown: interpret Markdown syntax.

    Returns:
        ``(blocks, warnings)``.

    Raises:
        KiteiError: E102 (only whitespace), E103 (binary), E105 (undecodable).
    """
    text, warnings = decode_text(raw, display)
    if not text.strip() or not clean_text(text).strip():
        raise KiteiError(ErrorCode.E102, path=display)
    return blocks_from_text(text, markdown=markdown), warnings
