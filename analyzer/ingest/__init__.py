"""Read .txt, .md, .docx and .pdf files into one :class:`~analyzer.document.Document`.

Usage::

    from analyzer.ingest import load_document, IngestLimits

    doc = load_document("規程.pdf")
    doc = load_document(None, data=uploaded_bytes, name="規程.docx")

The format is detected from the content (``%PDF``, a zip holding ``word/document.xml``,
an OLE compound file for legacy ``.doc``, else text); the file extension is only a hint.
Every failure is a :class:`~analyzer.errors.KiteiError` with an ``E1xx`` code, and all
work is bounded by :class:`IngestLimits` (size, pages, zip expansion, PDF time and
memory, line length).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

from analyzer.document import Block, BlockKind, Document
from analyzer.errors import ErrorCode, KiteiError, Warning_, warning
from analyzer.ingest.limits import IngestLimits, human_size
from analyzer.ingest.text import clean_text, has_content, japanese_ratio, split_long_text

__all__ = ["IngestLimits", "detect_format", "load_document"]

#: Below this share of kana/kanji among letters, W001 is recorded.
JAPANESE_RATIO_WARNING = 0.2

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_OTHER_ZIP_PARTS = {
    "xl/workbook.xml": "Excel (.xlsx)",
    "ppt/presentation.xml": "PowerPoint (.pptx)",
    "mimetype": "OpenDocument (.odt/.ods)",
}


def _extension(name: str) -> str:
    """Lower-case extension of a display name (never used to build a path)."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _read_file(path: Path, display: str, limits: IngestLimits) -> bytes:
    """Read a regular file of at most ``limits.max_bytes`` bytes."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise KiteiError(ErrorCode.E101, path=display) from None
    except (OSError, ValueError) as exc:
        raise KiteiError(ErrorCode.E108, path=display, detail=type(exc).__name__) from None
    if stat.S_ISDIR(info.st_mode):
        raise KiteiError(ErrorCode.E103, detail="ディレクトリ / a directory")
    if not stat.S_ISREG(info.st_mode):
        raise KiteiError(ErrorCode.E103, detail="通常のファイルではありません / not a regular file")
    if info.st_size > limits.max_bytes:
        raise KiteiError(ErrorCode.E106, size=human_size(info.st_size), limit=human_size(limits.max_bytes))
    try:
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise KiteiError(ErrorCode.E108, path=display, detail=exc.strerror or type(exc).__name__) from None
    if len(raw) > limits.max_bytes:
        raise KiteiError(
            ErrorCode.E106, size=f"> {human_size(limits.max_bytes)}", limit=human_size(limits.max_bytes)
        )
    return raw


def _zip_format(raw: bytes, hint: str, limits: IngestLimits) -> str:
    """``docx`` for a Word zip; other zips are refused (E103), broken ones E120, bombs E121."""
    from analyzer.ingest.docx import check_zip

    check_zip(raw, limits)
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:  # pragma: no cover - check_zip saw it
        raise KiteiError(ErrorCode.E120, detail=type(exc).__name__) from None
    if "word/document.xml" in names:
        return "docx"
    for part, label in _OTHER_ZIP_PARTS.items():
        if part in names:
            raise KiteiError(ErrorCode.E103, detail=label)
    if hint == ".docx":
        raise KiteiError(
            ErrorCode.E120, detail="word/document.xml がありません / word/document.xml is missing"
        )
    raise KiteiError(ErrorCode.E103, detail="ZIP")


def detect_format(raw: bytes, hint: str, limits: IngestLimits | None = None) -> str:
    """Detect the format of ``raw`` from its content; the extension ``hint`` breaks ties.

    Args:
        raw: the file's bytes.
        hint: the lower-case extension of the file name (``.pdf``), or ``""``.
        limits: zip limits for the DOCX check.

    Returns:
        ``"pdf"``, ``"docx"``, ``"md"`` or ``"txt"``.

    Raises:
        KiteiError: E103 (unsupported), E104 (legacy .doc), E111 (``.pdf`` without a PDF
            header), E120/E121/E122 (damaged, oversized or encrypted DOCX).
    """
    limits = limits or IngestLimits()
    head = raw[:1024].lstrip(b" \t\r\n\x00")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(raw, hint, limits)
    if raw.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise KiteiError(ErrorCode.E122)
        if hint in (".xls", ".ppt", ".msg"):
            raise KiteiError(ErrorCode.E103, detail=f"Microsoft Office ({hint})")
        raise KiteiError(ErrorCode.E104)
    if raw.startswith(b"{\\rtf"):
        raise KiteiError(ErrorCode.E103, detail="RTF")
    if raw.startswith(_IMAGE_MAGIC):
        raise KiteiError(ErrorCode.E103, detail="画像 / image")
    if hint == ".pdf":
        raise KiteiError(ErrorCode.E111, detail="%PDF ヘッダーがありません / no %PDF header")
    if hint == ".docx":
        raise KiteiError(ErrorCode.E120, detail="ZIP ではありません / not a zip file")
    if hint == ".doc":
        raise KiteiError(ErrorCode.E104)
    if hint in (".md", ".markdown"):
        return "md"
    return "txt"


def _split_block(block: Block, limit: int) -> list[Block]:
    """Split a block whose text exceeds ``limit`` characters (bounds regex cost later)."""
    if len(block.text) <= limit:
        return [block]
    if block.kind is BlockKind.TABLE_ROW:
        pieces = [chunk for cell in block.cells for chunk in split_long_text(cell, limit)]
        rows: list[list[str]] = [[]]
        for piece in pieces:
            if rows[-1] and len("\t".join([*rows[-1], piece])) > limit:
                rows.append([])
            rows[-1].append(piece)
        return [
            Block(kind=BlockKind.TABLE_ROW, text="\t".join(cells), index=0, page=block.page, cells=cells)
            for cells in rows
            if cells
        ]
    out: list[Block] = []
    for i, chunk in enumerate(split_long_text(block.text, limit)):
        if i == 0:
            out.append(Block(block.kind, chunk, 0, block.page, block.level, block.numbering))
        else:
            out.append(Block(BlockKind.PARAGRAPH, chunk, 0, block.page))
    return out


def _finish(
    blocks: list[Block],
    warnings: list[str],
    *,
    display: str,
    raw: bytes,
    fmt: str,
    pages: int | None,
    limit: int,
) -> Document:
    """Split long blocks, number them, add W001 and refuse documents without text."""
    final: list[Block] = []
    for block in blocks:
        if not (block.text.strip() or block.numbering):
            continue
        final.extend(_split_block(block, limit))
    for index, block in enumerate(final):
        block.index = index
    text = "\n".join(block.display_text for block in final)
    if not has_content(text):
        raise KiteiError(ErrorCode.E130, path=display)
    ratio, letters = japanese_ratio(text)
    if letters and ratio < JAPANESE_RATIO_WARNING:
        warnings = [*warnings, warning(Warning_.W001, ratio=ratio)]
    return Document(
        path=display,
        sha256=hashlib.sha256(raw).hexdigest(),
        format=fmt,
        blocks=final,
        pages=pages,
        warnings=warnings,
    )


def load_document(
    path: str | os.PathLike[str] | None,
    *,
    data: bytes | None = None,
    name: str | None = None,
    limits: IngestLimits | None = None,
) -> Document:
    """Read a .txt, .md, .docx or .pdf file into a :class:`Document`.

    Args:
        path: the file to read; when ``data`` is given, only a display name.
        data: the file's bytes (an upload); nothing is read from disk then.
        name: display name of ``data`` (an uploaded file's name). Never used as a
            path; only its extension hints at the format.
        limits: resource limits (default: :meth:`IngestLimits.from_env`).

    Returns:
        The document: blocks in reading order with consecutive indices from 0,
        ``sha256`` of the raw bytes, ``pages`` for PDFs, warnings (W001–W003).

    Raises:
        KiteiError: E101–E108 (file, size, format, encoding), E110–E113 (PDF),
            E120–E122 (DOCX), E130 (no text).
    """
    limits = limits if limits is not None else IngestLimits.from_env()
    if data is not None:
        display = clean_text(name if name else (os.fspath(path) if path is not None else "<upload>"))
        raw = bytes(data)
        if len(raw) > limits.max_bytes:
            raise KiteiError(ErrorCode.E106, size=human_size(len(raw)), limit=human_size(limits.max_bytes))
    else:
        if path is None:
            raise KiteiError(ErrorCode.E302, detail="load_document: path or data is required")
        display = os.fspath(path)
        raw = _read_file(Path(display), display, limits)
    if not raw.strip(b" \t\r\n\x0b\x0c"):
        raise KiteiError(ErrorCode.E102, path=display)
    fmt = detect_format(raw, _extension(display), limits)
    pages: int | None = None
    try:
        if fmt == "pdf":
            from analyzer.ingest.pdf import read_pdf

            blocks, warnings, pages = read_pdf(raw, display, limits)
        elif fmt == "docx":
            from analyzer.ingest.docx import read_docx

            blocks, warnings = read_docx(raw, display, limits)
        else:
            from analyzer.ingest.text import read_text

            blocks, warnings = read_text(raw, display, markdown=fmt == "md")
    except KiteiError:
        raise
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - never a traceback
        detail = f"{type(exc).__name__}: {exc}"[:200]
        if fmt == "pdf":
            raise KiteiError(ErrorCode.E111, detail=detail) from exc
        if fmt == "docx":
            raise KiteiError(ErrorCode.E120, detail=detail) from exc
        raise KiteiError(ErrorCode.E130, path=display) from exc
    return _finish(
        blocks, warnings, display=display, raw=raw, fmt=fmt, pages=pages, limit=limits.max_line_chars
    )
