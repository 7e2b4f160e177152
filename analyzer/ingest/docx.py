"""DOCX reader: python-docx for the package, the XML for what python-docx does not show.

* The zip is checked (entry count, total uncompressed size, per-entry ratio) **before**
  python-docx parses anything (zip bombs).
* Reading order walks the body XML: paragraphs, tables (rows → table rows, nested tables
  recursed, merged cells once), content controls (``w:sdt``, which
  ``Document.iter_inner_content()`` skips) and text boxes (``w:txbxContent``; the VML
  fallback of ``mc:AlternateContent`` is ignored so a box is read once).
* Paragraph text includes tracked insertions (``w:ins``) and skips deletions
  (``w:del``), hidden runs (``w:vanish``) and ruby readings (``w:rt``).
* Headings come from the style name (``Heading N``, ``見出し N``) or ``w:outlineLvl``.
* Automatic numbering (numId → abstractNum → lvl, counters per level with restarts,
  inherited from the paragraph style chain) is rendered into :attr:`Block.numbering`.
* Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from analyzer.document import Block, BlockKind
from analyzer.errors import ErrorCode, KiteiError
from analyzer.ingest.limits import IngestLimits, human_size
from analyzer.ingest.text import clean_text, is_bullet_line, join_all

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"

#: Deepest nesting of containers (tables in cells, text boxes) that is read.
MAX_DEPTH = 40


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = (_w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
W_CUSTOM_XML, W_T, W_TAB, W_PTAB, W_BR, W_CR = (_w(t) for t in ("customXml", "t", "tab", "ptab", "br", "cr"))
W_R, W_RPR, W_PPR, W_VAL, W_TXBX = (_w(t) for t in ("r", "rPr", "pPr", "val", "txbxContent"))
W_NO_BREAK_HYPHEN, W_SYM = _w("noBreakHyphen"), _w("sym")
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = (f"{{{MC_NS}}}{t}" for t in ("AlternateContent", "Choice", "Fallback"))
M_T = f"{{{M_NS}}}t"

#: Elements whose content is never displayed as body text.
_SKIP = frozenset(
    _w(t)
    for t in (
        "del",
        "moveFrom",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "sdtPr",
        "sdtEndPr",
        "rt",
        "rubyPr",
        "instrText",
        "delText",
        "delInstrText",
        "fldData",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
    )
)
_FALSE_VALUES = frozenset({"0", "false", "off"})
_HEADING_NAME_RE = re.compile(r"^(?:heading|見出し)\s*([1-9])$", re.IGNORECASE)
_TOC_NAME_RE = re.compile(r"^(?:toc|目次)\s*[1-9]$", re.IGNORECASE)

# --- zip checks ---------------------------------------------------------------------


def check_zip(raw: bytes, limits: IngestLimits) -> None:
    """Refuse a zip that would expand beyond the limits, before anything is decompressed.

    Args:
        raw: the file's bytes.
        limits: the limits to apply.

    Raises:
        KiteiError: E121 when a limit is exceeded, E120 when the zip is unreadable.
    """
    # The end-of-central-directory record gives the entry count without parsing entries.
    eocd_at = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if eocd_at >= 0 and eocd_at + 22 <= len(raw):
        (declared,) = struct.unpack("<H", raw[eocd_at + 10 : eocd_at + 12])
        if declared != 0xFFFF and declared > limits.max_zip_entries:
            raise KiteiError(ErrorCode.E121, detail=f"{declared} entries > {limits.max_zip_entries}")
    try:
        infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, struct.error) as exc:
        raise KiteiError(ErrorCode.E120, detail=f"{type(exc).__name__}: {exc}") from None
    if len(infos) > limits.max_zip_entries:
        raise KiteiError(ErrorCode.E121, detail=f"{len(infos)} entries > {limits.max_zip_entries}")
    total = sum(info.file_size for info in infos)
    if total > limits.max_zip_total:
        raise KiteiError(
            ErrorCode.E121,
            detail=f"uncompressed {human_size(total)} > {human_size(limits.max_zip_total)}",
        )
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > limits.max_zip_xml:
            raise KiteiError(
                ErrorCode.E121,
                detail=f"{info.filename}: {human_size(info.file_size)} > {human_size(limits.max_zip_xml)}",
            )
        if info.file_size < limits.zip_ratio_min_size:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_zip_ratio:
            raise KiteiError(
                ErrorCode.E121,
                detail=f"{info.filename}: ratio {ratio:.0f} > {limits.max_zip_ratio:.0f}",
            )


# --- numbering formats --------------------------------------------------------------

_KANJI_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "〇壱弐参四伍六七八九"
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
#: Full-width katakana → half-width (ヰ and ヱ have no half-width form: ｲ, ｴ as Word shows).
_TO_HALFWIDTH = {ord(unicodedata.normalize("NFKC", chr(c))): chr(c) for c in range(0xFF66, 0xFF9E)}
_TO_HALFWIDTH.update({ord("ヰ"): "ｲ", ord("ヱ"): "ｴ"})
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _halfwidth(text: str) -> str:
    """Half-width form of full-width katakana (``ア`` → ``ｱ``)."""
    return text.translate(_TO_HALFWIDTH)


def _kanji_number(n: int, digits: str = _KANJI_DIGITS, ten: str = "十") -> str:
    """Japanese counting: 1 → 一, 10 → 十, 21 → 二十一, 105 → 百五, 12000 → 一万二千."""
    if n == 0:
        return digits[0]
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        return _kanji_number(high, digits, ten) + "万" + (_kanji_number(low, digits, ten) if low else "")
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, ten)):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else digits[q]) + unit
    if n:
        out += digits[n]
    return out


def _alphabetic(n: int, symbols: str) -> str:
    """Word-style letters: a … z, aa … zz (the symbol repeated)."""
    q, r = divmod(n - 1, len(symbols))
    return symbols[r] * (q + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        q, n = divmod(n, value)
        out += numeral * q
    return out


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in the OOXML number format ``fmt`` (``w:numFmt``).

    Args:
        n: the counter value.
        fmt: ``decimal``, ``decimalFullWidth``, ``japaneseCounting``, ``aiueo``,
            ``aiueoFullWidth``, ``iroha``, ``irohaFullWidth``, ``decimalEnclosedCircle``,
            ``lowerLetter``, ``upperRoman`` …; unknown formats render as decimal.

    Returns:
        The rendered number (``""`` for ``none``).
    """
    if fmt == "none":
        return ""
    if n <= 0 or n > 99_999_999:
        return str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULLWIDTH_DIGITS)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        if n <= 20:
            return chr(0x2460 + n - 1)
        if n <= 35:
            return chr(0x3251 + n - 21)
        if n <= 50:
            return chr(0x32B1 + n - 36)
        return str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if n <= 20 else f"({n})"
    if fmt == "ideographEnclosedCircle":
        return chr(0x3280 + n - 1) if n <= 10 else _kanji_number(n)
    if fmt in (
        "japaneseCounting",
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    ):
        return _kanji_number(n)
    if fmt in ("japaneseLegal", "chineseLegalSimplified", "ideographLegalTraditional"):
        return _kanji_number(n, _LEGAL_DIGITS, "拾")
    if fmt in ("japaneseDigitalTenThousand", "ideographDigital", "taiwaneseDigital", "koreanDigital"):
        return "".join(_KANJI_DIGITS[int(d)] for d in str(n))
    if fmt == "aiueoFullWidth":
        return _alphabetic(n, _AIUEO)
    if fmt == "aiueo":
        return _halfwidth(_alphabetic(n, _AIUEO))
    if fmt == "irohaFullWidth":
        return _alphabetic(n, _IROHA)
    if fmt == "iroha":
        return _halfwidth(_alphabetic(n, _IROHA))
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt == "lowerLetter":
        return _alphabetic(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _alphabetic(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "hex":
        return format(n, "X")
    if fmt == "chicago":
        return _alphabetic(n, "*†‡§")
    return str(n)


# --- numbering definitions ----------------------------------------------------------


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    is_legal: bool = False
    pstyle: str | None = None


@dataclass
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


def _val(el: Any, tag: str) -> str | None:
    """``w:val`` of the child ``tag`` of ``el`` (None if absent)."""
    if el is None:
        return None
    child = el.find(_w(tag))
    if child is None:
        return None
    return child.get(W_VAL)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(el: Any, tag: str) -> bool:
    """True when the toggle property ``tag`` is set on ``el`` (``<w:vanish/>``)."""
    if el is None:
        return False
    child = el.find(_w(tag))
    return child is not None and (child.get(W_VAL) or "true").lower() not in _FALSE_VALUES


def _parse_level(lvl: Any) -> _Level:
    text_el = lvl.find(_w("lvlText"))
    return _Level(
        start=_int(_val(lvl, "start"), 1) or 0,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=(text_el.get(W_VAL) or "") if text_el is not None else "",
        restart=_int(_val(lvl, "lvlRestart")),
        is_legal=_on(lvl, "isLgl"),
        pstyle=_val(lvl, "pStyle"),
    )


class Numbering:
    """Numbering definitions of a document and the running counters.

    Counters are shared by all ``w:num`` that point to the same ``w:abstractNum``
    (as in Word), except a ``w:num`` with a ``w:startOverride``, which counts on its own.
    """

    def __init__(self, numbering_el: Any, style_num: dict[str, str]) -> None:
        """Index the ``w:numbering`` element.

        Args:
            numbering_el: the ``w:numbering`` root (or None when the part is absent).
            style_num: numbering style id → numId, for ``w:numStyleLink``.
        """
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._style_link: dict[str, str] = {}
        self._nums: dict[str, _Num] = {}
        self._style_num = style_num
        self._counters: dict[str, dict[int, int]] = {}
        if numbering_el is None:
            return
        for absn in numbering_el.iterfind(_w("abstractNum")):
            aid = absn.get(_w("abstractNumId"))
            if aid is None:
                continue
            levels: dict[int, _Level] = {}
            for lvl in absn.iterfind(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")))
                if ilvl is not None and 0 <= ilvl <= 8:
                    levels[ilvl] = _parse_level(lvl)
            self._abstract[aid] = levels
            link = _val(absn, "numStyleLink")
            if link:
                self._style_link[aid] = link
        for num in numbering_el.iterfind(_w("num")):
            num_id = num.get(_w("numId"))
            aid = _val(num, "abstractNumId")
            if num_id is None or aid is None:
                continue
            entry = _Num(abstract_id=aid)
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")))
                if ilvl is None or not 0 <= ilvl <= 8:
                    continue
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    entry.start_overrides[ilvl] = start
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    entry.level_overrides[ilvl] = _parse_level(lvl)
            self._nums[num_id] = entry

    def _levels(self, num_id: str) -> tuple[str, dict[int, _Level]] | None:
        """(counter key, levels) of ``num_id``, following ``w:numStyleLink`` once or twice."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract_id
        levels = self._abstract.get(aid, {})
        for _ in range(3):  # numStyleLink → style → num → abstractNum (bounded: no cycles)
            link = self._style_link.get(aid)
            if levels or link is None:
                break
            linked = self._nums.get(self._style_num.get(link, ""))
            if linked is None:
                break
            aid = linked.abstract_id
            levels = self._abstract.get(aid, {})
        merged = dict(levels)
        merged.update(num.level_overrides)
        key = f"num:{num_id}" if num.start_overrides or num.level_overrides else f"abs:{aid}"
        return key, merged

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose ``w:pStyle`` is ``style_id`` (numbering attached to a style)."""
        found = self._levels(num_id)
        if found is None or style_id is None:
            return None
        for ilvl, level in found[1].items():
            if level.pstyle == style_id:
                return ilvl
        return None

    def is_bullet(self, num_id: str, ilvl: int) -> bool:
        """True if the level is a bullet (or has no number)."""
        found = self._levels(num_id)
        if found is None or ilvl not in found[1]:
            return False
        level = found[1][ilvl]
        return level.fmt == "bullet" or "%" not in level.text

    def next(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and render its label.

        Args:
            num_id: the ``w:numId`` of the paragraph.
            ilvl: the 0-based list level.

        Returns:
            The rendered label (``第1条``, ``(1)``, ``一``, ``・`` …), or ``""``.
        """
        found = self._levels(num_id)
        if found is None:
            return ""
        key, levels = found
        level = levels.get(ilvl)
        if level is None:
            return ""
        overrides = self._nums[num_id].start_overrides
        counters = self._counters.setdefault(key, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else overrides.get(ilvl, level.start)
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return _bullet_label(level.text)

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = levels.get(k)
            if other is None:
                return ""
            value = counters.get(k, overrides.get(k, other.start))
            fmt = "decimal" if level.is_legal and other.fmt != "none" and k < ilvl else other.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", render, level.text).strip()


def _bullet_label(text: str) -> str:
    """A displayable bullet: Symbol/Wingdings private-use glyphs become ``・``."""
    text = text.strip()
    if not text or any(0xE000 <= ord(c) <= 0xF8FF for c in text):
        return "・"
    return text


# --- styles -------------------------------------------------------------------------


@dataclass
class _Style:
    name: str
    base: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


class Styles:
    """Paragraph styles indexed by id, with inheritance along ``w:basedOn``."""

    def __init__(self, document: Any) -> None:
        """Index the styles of a python-docx ``Document``."""
        self._styles: dict[str, _Style] = {}
        self.default_id: str | None = None
        self.numbering_styles: dict[str, str] = {}
        for style in document.styles:
            el = style.element
            style_id = style.style_id
            if style_id is None:
                continue
            ppr = el.find(W_PPR)
            numpr = ppr.find(_w("numPr")) if ppr is not None else None
            base = el.find(_w("basedOn"))
            info = _Style(
                name=unicodedata.normalize("NFKC", style.name or ""),
                base=base.get(W_VAL) if base is not None else None,
                num_id=_val(numpr, "numId"),
                ilvl=_int(_val(numpr, "ilvl")),
                outline=_int(_val(ppr, "outlineLvl")),
            )
            self._styles[style_id] = info
            style_type = el.get(_w("type"))
            if style_type == "numbering" and info.num_id:
                self.numbering_styles[style_id] = info.num_id
            if style_type == "paragraph" and (el.get(_w("default")) or "").lower() in ("1", "true", "on"):
                self.default_id = style_id

    def chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        """The style and its base styles, nearest first (cycles cut)."""
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default_id
        while current is not None and current not in seen and current in self._styles:
            seen.add(current)
            style = self._styles[current]
            yield current, style
            current = style.base

    def name(self, style_id: str | None) -> str:
        """Display name of the style (``Heading 1``, ``見出し 1`` …)."""
        for _, style in self.chain(style_id):
            return style.name
        return ""

    def heading_level(self, style_id: str | None) -> int | None:
        """Heading level from the style name or the inherited ``w:outlineLvl``."""
        for _, style in self.chain(style_id):
            match = _HEADING_NAME_RE.match(style.name)
            if match:
                return int(match.group(1))
            if style.outline is not None:
                return style.outline + 1 if 0 <= style.outline <= 8 else None
        return None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) inherited from the style chain."""
        for _, style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None


# --- reading ------------------------------------------------------------------------


@dataclass
class _Context:
    styles: Styles
    numbering: Numbering
    blocks: list[Block] = field(default_factory=list)


def _choose_alternate(alt: Any) -> Any | None:
    """The single branch of ``mc:AlternateContent`` to read (first Choice, else Fallback)."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


def _collect(el: Any, out: list[str], boxes: list[Any], depth: int = 0) -> None:
    """Append the displayed text under ``el`` to ``out``; text boxes go to ``boxes``."""
    if depth > 4 * MAX_DEPTH:
        return
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in (W_T, M_T):
            out.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == W_NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == W_SYM:
            try:
                code = int(child.get(_w("char")) or "", 16)
            except ValueError:
                code = None
            if code is not None and 0x1F < code <= 0x10FFFF and not 0xE000 <= code <= 0xF8FF:
                out.append(chr(code))
        elif tag == W_TXBX:
            boxes.append(child)
        elif tag == MC_ALTERNATE:
            branch = _choose_alternate(child)
            if branch is not None:
                _collect(branch, out, boxes, depth + 1)
        elif tag == W_R:
            if not _on(child.find(W_RPR), "vanish"):
                _collect(child, out, boxes, depth + 1)
        else:  # w:ins, w:moveTo, w:hyperlink, w:smartTag, w:sdt, w:fldSimple, w:drawing …
            _collect(child, out, boxes, depth + 1)


def _paragraph_text(p: Any) -> tuple[str, list[Any]]:
    """Displayed text of a ``w:p`` (soft breaks joined, tabs as spaces) and its text boxes."""
    parts: list[str] = []
    boxes: list[Any] = []
    _collect(p, parts, boxes)
    raw = clean_text("".join(parts)).replace("\t", " ")
    return join_all([line.strip(" ") for line in raw.split("\n")]).strip(), boxes


def _paragraph_props(p: Any, ctx: _Context) -> tuple[str | None, int | None, str, bool]:
    """(style id, heading level, numbering label, is-bullet) of a paragraph; advances counters."""
    ppr = p.find(W_PPR)
    style_id = _val(ppr, "pStyle")
    level = None
    outline = _int(_val(ppr, "outlineLvl"))
    if outline is not None:
        level = outline + 1 if 0 <= outline <= 8 else None
    else:
        level = ctx.styles.heading_level(style_id)
    numpr = ppr.find(_w("numPr")) if ppr is not None else None
    num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"))
    if num_id is None:
        style_num, style_ilvl = ctx.styles.numbering(style_id)
        num_id = style_num
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None and num_id is not None:
            ilvl = ctx.numbering.level_for_style(num_id, style_id or ctx.styles.default_id)
    if num_id is None or num_id == "0":
        return style_id, level, "", False
    ilvl = ilvl if ilvl is not None and 0 <= ilvl <= 8 else 0
    label = ctx.numbering.next(num_id, ilvl)
    return style_id, level, label, ctx.numbering.is_bullet(num_id, ilvl)


def _is_deleted_paragraph(p: Any) -> bool:
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    return rpr is not None and rpr.find(_w("del")) is not None


def _emit_paragraph(p: Any, ctx: _Context, depth: int) -> None:
    text, boxes = _paragraph_text(p)
    if not text and _is_deleted_paragraph(p):
        return
    style_id, level, label, bullet = _paragraph_props(p, ctx)
    if _TOC_NAME_RE.match(ctx.styles.name(style_id)):
        label = ""  # table-of-contents entries repeat the headings: not body text
        text = ""
    if text or (label and not bullet):
        if level is not None:
            kind = BlockKind.HEADING
        elif label or is_bullet_line(text):
            kind = BlockKind.LIST_ITEM
        else:
            kind = BlockKind.PARAGRAPH
        ctx.blocks.append(Block(kind=kind, text=text, index=0, level=level, numbering=label))
    for box in boxes:
        _walk(box, ctx, depth + 1)


def _iter_children(node: Any, tag: str) -> Iterator[Any]:
    """Children ``tag`` of ``node``, also those inside content controls and custom XML."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _iter_children(content, tag)


def _iter_rows(tbl: Any) -> Iterator[Any]:
    """``w:tr`` of a table."""
    return _iter_children(tbl, W_TR)


def _iter_cells(tr: Any) -> Iterator[Any]:
    """``w:tc`` of a row."""
    return _iter_children(tr, W_TC)


def _is_merge_continuation(tc: Any) -> bool:
    """True for the lower part of a vertical merge (or a legacy horizontal merge)."""
    tcpr = tc.find(_w("tcPr"))
    if tcpr is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = tcpr.find(_w(tag))
        if merge is not None and (merge.get(W_VAL) or "continue") == "continue":
            return True
    return False


def _cell_content(tc: Any, ctx: _Context) -> tuple[str, list[Any]]:
    """Text of a cell (paragraphs joined by spaces) and the nested tables / text boxes."""
    texts: list[str] = []
    nested: list[Any] = []

    def visit(container: Any) -> None:
        for child in container:
            if child.tag == W_P:
                text, boxes = _paragraph_text(child)
                _, _, label, _ = _paragraph_props(child, ctx)
                shown = f"{label} {text}".strip() if label else text
                if shown:
                    texts.append(shown)
                nested.extend(boxes)
            elif child.tag == W_TBL:
                nested.append(child)
            elif child.tag in (W_SDT, W_CUSTOM_XML):
                content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
                if content is not None:
                    visit(content)

    visit(tc)
    return " ".join(texts), nested


def _emit_table(tbl: Any, ctx: _Context, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    rows = list(_iter_rows(tbl))
    if all(sum(1 for _ in _iter_cells(tr)) <= 1 for tr in rows):
        # A one-column table is a frame around text: read its content as body text.
        for tr in rows:
            for tc in _iter_cells(tr):
                _walk(tc, ctx, depth + 1)
        return
    for tr in rows:
        trpr = tr.find(_w("trPr"))
        if trpr is not None and trpr.find(_w("del")) is not None:
            continue
        cells: list[str] = []
        nested: list[Any] = []
        for tc in _iter_cells(tr):
            if _is_merge_continuation(tc):
                cells.append("")
                continue
            text, inner = _cell_content(tc, ctx)
            cells.append(text)
            nested.extend(inner)
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            ctx.blocks.append(Block(kind=BlockKind.TABLE_ROW, text="\t".join(cells), index=0, cells=cells))
        for inner in nested:
            if inner.tag == W_TBL:
                _emit_table(inner, ctx, depth + 1)
            else:
                _walk(inner, ctx, depth + 1)


def _walk(container: Any, ctx: _Context, depth: int = 0) -> None:
    """Emit the blocks of a body, cell, text box or content control, in order."""
    if depth > MAX_DEPTH:
        return
    for child in container:
        tag = child.tag
        if tag == W_P:
            _emit_paragraph(child, ctx, depth)
        elif tag == W_TBL:
            _emit_table(child, ctx, depth + 1)
        elif tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                _walk(content, ctx, depth + 1)
        elif tag in (W_CUSTOM_XML, _w("ins"), _w("moveTo")):
            _walk(child, ctx, depth + 1)
        elif tag == MC_ALTERNATE:
            branch = _choose_alternate(child)
            if branch is not None:
                _walk(branch, ctx, depth + 1)


def _open_docx(raw: bytes) -> Any:
    """Open the package with python-docx; every failure becomes E120."""
    import docx  # imported here: only DOCX input needs it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        return docx.Document(io.BytesIO(raw))
    except (
        zipfile.BadZipFile,
        KeyError,
        zlib.error,
        EOFError,
        ValueError,
        PackageNotFoundError,
        etree.XMLSyntaxError,
        struct.error,
        OSError,
        RecursionError,
        NotImplementedError,
    ) as exc:
        raise KiteiError(ErrorCode.E120, detail=f"{type(exc).__name__}: {exc}"[:300]) from None


def read_docx(raw: bytes, display: str, limits: IngestLimits) -> tuple[list[Block], list[str]]:
    """Read a .docx file.

    Args:
        raw: the file's bytes.
        display: the file name used in messages.
        limits: size limits (the zip is checked before it is parsed).

    Returns:
        ``(blocks, warnings)``.

    Raises:
        KiteiError: E121 (zip bomb), E120 (damaged DOCX).
    """
    check_zip(raw, limits)
    document = _open_docx(raw)
    try:
        styles = Styles(document)
        try:
            numbering_el = document.part.part_related_by(RT_NUMBERING).element
        except KeyError:
            numbering_el = None
        ctx = _Context(styles=styles, numbering=Numbering(numbering_el, styles.numbering_styles))
        _walk(document.element.body, ctx)
    except KiteiError:
        raise
    except (KeyError, ValueError, AttributeError, TypeError, RecursionError, zlib.error, EOFError) as exc:
        raise KiteiError(ErrorCode.E120, detail=f"{type(exc).__name__}: {exc}"[:300]) from None
    return ctx.blocks, []
