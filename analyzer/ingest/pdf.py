"""PDF reader: pdfplumber in a separate, time- and memory-limited process.

The parent never parses the PDF. A worker process (``python -c`` importing this module)
receives the bytes on stdin, sets ``RLIMIT_AS`` (and a CPU-time backstop) on itself,
extracts per page the text lines (with their positions) and the tables, and writes JSON
on stdout. The parent kills it after :attr:`IngestLimits.pdf_timeout` seconds (E113).

Per page the worker de-duplicates fake-bold characters (``dedupe_chars``), finds tables
(``find_tables``; their area is removed from the running text), extracts the lines with
``x_tolerance_ratio=0.5`` (letter-spaced text) and closes the page (memory).

The parent then lays the lines out (:func:`layout_blocks`): drops repeated headers and
footers and page numbers, re-joins wrapped Japanese lines into paragraphs (a new block
starts at a numbering or bullet token, after a line ending with ``。``/``：``, after a
line clearly shorter than the text width, or after a large vertical gap), and inserts
the table rows where the tables stand. Kangxi radicals and CJK compatibility ideographs
are NFKC-normalised; the rest of the text is kept as printed.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.document import Block, BlockKind
from analyzer.errors import ErrorCode, KiteiError, Warning_, warning
from analyzer.ingest.limits import IngestLimits
from analyzer.ingest.text import (
    clean_text,
    has_content,
    is_bullet_line,
    join_all,
)

#: Python code run by the worker process (tests may replace it).
WORKER_CODE = "from analyzer.ingest.pdf import worker_main; worker_main()"
#: Share of ``(cid:N)`` characters above which the PDF is treated as having no text layer.
CID_RATIO_LIMIT = 0.3
#: Number of lines at the top and at the bottom of a page searched for headers/footers.
EDGE_LINES = 3

TABLE_SETTINGS: dict[str, Any] = {"text_x_tolerance_ratio": 0.6}
TEXT_SETTINGS: dict[str, Any] = {"x_tolerance_ratio": 0.5}

_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])

# --- worker (child process) ---------------------------------------------------------


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _extract_page(page: Any) -> dict[str, Any]:
    """Lines, tables and character counts of one pdfplumber page."""
    from pdfplumber.table import TableSettings

    deduped = page.dedupe_chars()
    chars = deduped.chars
    n_cid = sum(1 for c in chars if str(c.get("text", "")).startswith("(cid:"))
    settings = TableSettings.resolve(TABLE_SETTINGS)
    tables: list[dict[str, Any]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in deduped.find_tables(settings):
        rows = table.extract(**(settings.text_settings or {}))
        if max((sum(1 for cell in row if cell is not None) for row in rows), default=0) < 2:
            continue  # a frame around text, not a table
        boxes.append(tuple(table.bbox))  # type: ignore[arg-type]
        tables.append({"top": table.bbox[1], "bottom": table.bbox[3], "rows": rows})
    text_page = (
        deduped.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
        if boxes
        else deduped
    )
    lines = [
        {
            "text": line["text"],
            "x0": line["x0"],
            "x1": line["x1"],
            "top": line["top"],
            "bottom": line["bottom"],
        }
        for line in text_page.extract_text_lines(return_chars=False, **TEXT_SETTINGS)
    ]
    return {
        "width": float(page.width),
        "height": float(page.height),
        "lines": lines,
        "tables": tables,
        "chars": len(chars),
        "cid": n_cid,
    }


def extract_pages(data: bytes, max_pages: int) -> dict[str, Any]:
    """Extract the raw page content of a PDF (runs in the worker process).

    Args:
        data: the PDF bytes.
        max_pages: the page limit (E107 beyond).

    Returns:
        ``{"pages": [...], "failed": n}`` or ``{"error": code, ...}``.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            return {"error": "E110"}
        return {"error": "E111", "detail": _describe(inner)}
    with pdf:
        try:
            pages = pdf.pages
        except PdfminerException as exc:
            return {"error": "E111", "detail": _describe(exc.args[0] if exc.args else exc)}
        if not pages:
            return {"error": "E111", "detail": "no pages / ページがありません"}
        if len(pages) > max_pages:
            return {"error": "E107", "pages": len(pages)}
        out: list[dict[str, Any]] = []
        failed = 0
        first_error = ""
        for page in pages:
            try:
                out.append(_extract_page(page))
            except (MemoryError, RecursionError):
                raise
            except Exception as exc:  # noqa: BLE001 - one damaged page must not lose the others
                failed += 1
                first_error = first_error or _describe(exc)
                out.append({"width": 0.0, "height": 0.0, "lines": [], "tables": [], "chars": 0, "cid": 0})
            finally:
                page.close()
        if failed == len(out):
            return {"error": "E111", "detail": first_error}
        return {"pages": out, "failed": failed}


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text[:200]


def worker_main(argv: list[str] | None = None) -> None:
    """Entry point of the worker process: limits itself, reads stdin, writes JSON.

    Args:
        argv: ``[max_pages, memory_bytes, cpu_seconds]`` (defaults to ``sys.argv[1:]``).
    """
    args = sys.argv[1:] if argv is None else argv
    max_pages, memory, cpu = int(args[0]), int(args[1]), int(args[2])
    try:
        import resource

        for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu)):
            _, hard = resource.getrlimit(limit)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (value, value if hard == resource.RLIM_INFINITY else hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - non-POSIX
        pass
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    data = sys.stdin.buffer.read()
    try:
        result = extract_pages(data, max_pages)
    except MemoryError:
        result = {"error": "E111", "detail": "memory limit exceeded / メモリ上限を超えました"}
    except RecursionError:
        result = {"error": "E111", "detail": "structure nested too deeply / 構造が深すぎます"}
    except ImportError as exc:  # e.g. a shared library cannot be mapped under RLIMIT_AS
        result = {
            "error": "E111",
            "detail": f"PDF worker cannot start (memory limit?): {_describe(exc)[:120]}",
        }
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a coded error
        result = {"error": "E111", "detail": _describe(exc)}
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()


# --- parent side --------------------------------------------------------------------


def run_worker(data: bytes, limits: IngestLimits) -> dict[str, Any]:
    """Run :func:`extract_pages` in a limited child process.

    Args:
        data: the PDF bytes.
        limits: page, time and memory limits.

    Returns:
        The worker's JSON result.

    Raises:
        KiteiError: E113 on timeout, E111 when the worker dies or answers garbage.
    """
    cpu = max(1, math.ceil(limits.pdf_timeout) + 5)
    cmd = [sys.executable, "-c", WORKER_CODE, str(limits.max_pages), str(limits.pdf_memory), str(cpu)]
    env = dict(os.environ)
    env["PYTHONPATH"] = _PROJECT_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
    except OSError as exc:
        raise KiteiError(ErrorCode.E111, detail=f"cannot start the PDF worker: {exc}") from None
    try:
        out, err = proc.communicate(data, timeout=limits.pdf_timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise KiteiError(ErrorCode.E113, seconds=f"{limits.pdf_timeout:g}") from None
    if proc.returncode != 0 or not out:
        if proc.returncode in (-9, -24):  # SIGKILL / SIGXCPU: the CPU-time backstop
            raise KiteiError(ErrorCode.E113, seconds=f"{limits.pdf_timeout:g}")
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        raise KiteiError(ErrorCode.E111, detail=f"worker failed: {tail[0][:200]}")
    try:
        result = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KiteiError(ErrorCode.E111, detail="worker returned invalid output") from None
    if not isinstance(result, dict):
        raise KiteiError(ErrorCode.E111, detail="worker returned invalid output")
    return result


# --- text normalisation -------------------------------------------------------------

_COMPAT_RE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CID_RE = re.compile(r"\(cid:\d+\)")
_JA = "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9f"
_LETTER_SPACED_GAP_RE = re.compile(f"(?<=[{_JA}0-9０-９]) (?=[{_JA}])|(?<=[{_JA}]) (?=[0-9０-９])")
_SPACED_NUMBERING_RE = re.compile(r"第 ?([0-9０-９]+) ?([条章節款項号])")


def normalize_compat(text: str) -> str:
    """NFKC only Kangxi radicals, CJK radicals and CJK compatibility ideographs (⽬ → 目)."""
    return _COMPAT_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def fix_letter_spacing(text: str) -> str:
    """Remove the spaces of letter-spaced Japanese (``事 業 者 の 義 務`` → ``事業者の義務``).

    A line counts as letter-spaced when at least half of its space-separated tokens
    (and at least three) are single characters; then spaces between two Japanese
    characters (or a digit and a Japanese character) are removed. In other lines a
    single space between Japanese words (``第1章 総則``) is kept; only ``第 1 条`` is
    tightened.
    """
    tokens = text.split(" ")
    singles = sum(1 for t in tokens if len(t) == 1)
    if singles >= 3 and singles * 2 >= len(tokens):
        return _LETTER_SPACED_GAP_RE.sub("", text)
    return _SPACED_NUMBERING_RE.sub(r"第\1\2", text)


# Word writes list bullets in the Symbol / Wingdings fonts: the text layer then holds a
# private-use code point (U+F0B7 , U+F0A7 , U+F0D8 , U+F0FC  …) instead of a bullet.
_SYMBOL_FONT_BULLET_RE = re.compile("^[\uf0a7\uf0b7\uf0d8\uf0fc\uf06c\uf06e\uf076\uf0a8\uf0e0\uf0d7]\\s*")


def normalize_line(text: str) -> str:
    """Display text of one extracted PDF line (a symbol-font bullet becomes 「・」)."""
    text = clean_text(_CID_RE.sub("", text)).replace("\t", " ")
    text = fix_letter_spacing(normalize_compat(text)).strip()
    return _SYMBOL_FONT_BULLET_RE.sub("・", text)


# --- layout -------------------------------------------------------------------------

_NUM = "0-9０-９"
_KANJI_NUM = "一二三四五六七八九十百千〇"
_BLOCK_START_RE = re.compile(
    "|".join(
        (
            f"^第[{_NUM}{_KANJI_NUM}]+[条章節款項編]",
            f"^[{_NUM}]{{1,3}}[.．](?![{_NUM}])",
            f"^[{_NUM}]{{1,3}}(?:[.．][{_NUM}]{{1,3}}){{1,3}}(?=[\\s\u3000{_JA}])",
            f"^[(（][{_NUM}{_KANJI_NUM}a-zA-Zア-ンｱ-ﾝ]{{1,3}}[)）]",
            "^[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2474-\u2487\u2488-\u249b\u3280-\u3289]",
            f"^[{_KANJI_NUM}]{{1,3}}[、.．\\s\u3000]",
            "^[ア-ンｱ-ﾝ][\\s\u3000.．、)）]",
            "^[a-zA-Z][.)．）]\\s",
            "^[・●•▶➤○■◆◇□※★☆◎]",
            "^[-‐－*＊][\\s\u3000]",
            "^附\\s*則",
            "^別\\s*(?:表|紙)",
        )
    )
)
_PAGE_NUMBER_RES = [
    re.compile(r"^[-‐–—―~〜]?\s*\d{1,4}\s*[-‐–—―~〜]?$"),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
    re.compile(r"^(?:page|p\.?)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE),
    re.compile(r"^第?\s*\d{1,4}\s*(?:ページ|頁)(?:\s*/\s*\d{1,4}\s*(?:ページ|頁)?)?$"),
]
_SENTENCE_END = ("。", "：", ":", "｡")


def is_page_number(text: str) -> bool:
    """True for page-number lines: ``3``, ``- 3 -``, ``3/10``, ``Page 3``, ``３ページ``."""
    norm = unicodedata.normalize("NFKC", text).strip()
    return len(norm) <= 20 and any(p.match(norm) for p in _PAGE_NUMBER_RES)


def _edge_key(text: str) -> str:
    """Header/footer comparison key: NFKC, digits as ``#``, no spaces."""
    norm = unicodedata.normalize("NFKC", text)
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", norm))


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class _Page:
    number: int
    width: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    height: float = 0.0

    def in_margin(self, line: _Line) -> bool:
        """True if ``line`` lies in the top or bottom 15 % of the page (or height unknown)."""
        if self.height <= 0:
            return True
        return line.top < 0.15 * self.height or line.bottom > 0.85 * self.height


def _parse_pages(raw_pages: list[dict[str, Any]]) -> list[_Page]:
    pages: list[_Page] = []
    for number, raw in enumerate(raw_pages, start=1):
        page = _Page(
            number=number,
            width=float(raw.get("width") or 0.0),
            tables=list(raw.get("tables") or []),
            height=float(raw.get("height") or 0.0),
        )
        for line in raw.get("lines") or []:
            text = normalize_line(str(line.get("text", "")))
            if text and has_content(text):
                page.lines.append(
                    _Line(
                        text, float(line["x0"]), float(line["x1"]), float(line["top"]), float(line["bottom"])
                    )
                )
        pages.append(page)
    return pages


def remove_headers_footers(pages: list[_Page]) -> None:
    """Drop page numbers and lines repeated at the top or bottom of most pages (in place)."""
    with_text = [p for p in pages if p.lines]
    top_counts: Counter[str] = Counter()
    bottom_counts: Counter[str] = Counter()
    for page in with_text:
        top_counts.update({_edge_key(ln.text) for ln in page.lines[:EDGE_LINES] if page.in_margin(ln)})
        bottom_counts.update({_edge_key(ln.text) for ln in page.lines[-EDGE_LINES:] if page.in_margin(ln)})
    needed = max(2, len(with_text) // 2 + 1)
    for page in with_text:
        n = len(page.lines)
        keep: list[_Line] = []
        for i, line in enumerate(page.lines):
            margin = page.in_margin(line)
            at_top, at_bottom = margin and i < EDGE_LINES, margin and i >= n - EDGE_LINES
            key = _edge_key(line.text)
            repeated = (at_top and top_counts[key] >= needed) or (at_bottom and bottom_counts[key] >= needed)
            page_number = margin and (i < 2 or i >= n - 2) and is_page_number(line.text)
            if not (repeated or page_number):
                keep.append(line)
        page.lines = keep


def _starts_block(text: str) -> bool:
    return _BLOCK_START_RE.match(text) is not None


def _table_rows(table: dict[str, Any], page: int) -> list[Block]:
    blocks: list[Block] = []
    for row in table.get("rows") or []:
        cells: list[str] = []
        for cell in row:
            cells.append(join_all([normalize_line(part) for part in str(cell or "").split("\n")]))
        while cells and not cells[-1]:
            cells.pop()
        if any(has_content(c) for c in cells):
            blocks.append(
                Block(kind=BlockKind.TABLE_ROW, text="\t".join(cells), index=0, page=page, cells=cells)
            )
    return blocks


def _kind(text: str) -> BlockKind:
    return BlockKind.LIST_ITEM if is_bullet_line(text) else BlockKind.PARAGRAPH


def layout_blocks(pages: list[_Page]) -> list[Block]:
    """Re-join wrapped lines into paragraphs and interleave table rows, page by page.

    Args:
        pages: pages after header/footer removal.

    Returns:
        Blocks with their page numbers (indices are assigned later).
    """
    blocks: list[Block] = []
    current: Block | None = None  # the paragraph being built
    current_lines: list[str] = []  # its lines, joined when it is complete
    last: _Line | None = None  # its last line
    last_right = 0.0  # text right edge of the page of ``last``

    def flush() -> None:
        nonlocal current
        if current is not None:
            current.text = join_all(current_lines)
            current.kind = _kind(current.text)
            blocks.append(current)
        current = None
        current_lines.clear()

    for page in pages:
        right = max((line.x1 for line in page.lines), default=0.0)
        gaps = sorted(b.top - a.bottom for a, b in zip(page.lines, page.lines[1:], strict=False))
        median_gap = gaps[len(gaps) // 2] if gaps else 0.0
        items: list[tuple[float, int, Any]] = [(line.top, 1, line) for line in page.lines]
        items += [(float(t.get("top", 0.0)), 0, t) for t in page.tables]
        items.sort(key=lambda item: (item[0], item[1]))
        first_on_page = True
        for _, is_line, item in items:
            if not is_line:
                flush()
                last = None
                blocks.extend(_table_rows(item, page.number))
                continue
            line: _Line = item
            new_block = current is None or last is None or _starts_block(line.text)
            if not new_block and last is not None and current is not None:
                ended = last.text.endswith(_SENTENCE_END)
                short = last_right - last.x1 > 2.0 * last.height
                gap = (not first_on_page) and line.top - last.bottom > max(
                    1.5 * median_gap, 0.6 * last.height
                )
                new_block = ended or short or gap
            if new_block:
                flush()
                current = Block(kind=BlockKind.PARAGRAPH, text="", index=0, page=page.number)
            current_lines.append(line.text)
            last, last_right, first_on_page = line, right, False
    flush()
    return blocks


def read_pdf(raw: bytes, display: str, limits: IngestLimits) -> tuple[list[Block], list[str], int]:
    """Read a PDF file.

    Args:
        raw: the file's bytes.
        display: the file name used in messages.
        limits: page, time and memory limits.

    Returns:
        ``(blocks, warnings, page_count)``.

    Raises:
        KiteiError: E107, E110, E111, E112, E113.
    """
    result = run_worker(raw, limits)
    error = result.get("error")
    if error == "E110":
        raise KiteiError(ErrorCode.E110)
    if error == "E107":
        raise KiteiError(ErrorCode.E107, pages=result.get("pages"), limit=limits.max_pages)
    if error is not None:
        raise KiteiError(ErrorCode.E111, detail=str(result.get("detail") or error))
    raw_pages = result.get("pages")
    if not isinstance(raw_pages, list) or not raw_pages:
        raise KiteiError(ErrorCode.E111, detail="no pages / ページがありません")
    total_chars = sum(int(p.get("chars") or 0) for p in raw_pages)
    cid_chars = sum(int(p.get("cid") or 0) for p in raw_pages)
    if total_chars == 0 or cid_chars / total_chars > CID_RATIO_LIMIT:
        raise KiteiError(ErrorCode.E112)
    pages = _parse_pages(raw_pages)
    empty = [p.number for p in pages if not p.lines and not p.tables]
    if len(empty) == len(pages):
        raise KiteiError(ErrorCode.E112)
    warnings: list[str] = []
    if empty:
        listed = ", ".join(str(n) for n in empty[:20]) + (" …" if len(empty) > 20 else "")
        warnings.append(warning(Warning_.W003, count=len(empty), pages=listed))
    remove_headers_footers(pages)
    return layout_blocks(pages), warnings, len(pages)


__all__ = [
    "extract_pages",
    "fix_letter_spacing",
    "is_page_number",
    "layout_blocks",
    "normalize_compat",
    "read_pdf",
    "remove_headers_footers",
    "run_worker",
    "worker_main",
]
