"""Hostile and broken input: every case is a specific coded error, fast, no traceback."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from analyzer import ingest
from analyzer.errors import KiteiError
from analyzer.ingest import IngestLimits, load_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
POLICY_PDF = FIXTURES / "ja_policy_3p.pdf"


def docx_bytes(text: str = "第1条 この規程は全従業員に適用する。") -> bytes:
    document = docx.Document()
    if text:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def replace_entry(raw: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    return zip_bytes(
        {i.filename: (content if i.filename == name else source.read(i)) for i in source.infolist()}
    )


def upload(data: bytes, name: str) -> Callable[[Path], dict[str, Any]]:
    return lambda tmp_path: {"path": None, "data": data, "name": name}


def on_disk(data: bytes, name: str) -> Callable[[Path], dict[str, Any]]:
    def build(tmp_path: Path) -> dict[str, Any]:
        path = tmp_path / name
        path.write_bytes(data)
        return {"path": path}

    return build


def fixture(name: str) -> Callable[[Path], dict[str, Any]]:
    return lambda tmp_path: {"path": FIXTURES / name}


OLE = bytes.fromhex("D0CF11E0A1B11AE1")
JAPANESE = "情報セキュリティ基本規程。この規程は全従業員に適用する。" * 5

CASES = [
    pytest.param(lambda tmp_path: {"path": tmp_path / "missing.txt"}, "E101", {}, id="missing-file"),
    pytest.param(lambda tmp_path: {"path": tmp_path}, "E103", {}, id="directory"),
    pytest.param(on_disk(b"", "empty.txt"), "E102", {}, id="empty-file"),
    pytest.param(on_disk(b"", "empty.pdf"), "E102", {}, id="empty-pdf"),
    pytest.param(upload(b" \r\n\t\n  ", "blank.txt"), "E102", {}, id="whitespace-only"),
    pytest.param(
        upload("\ufeff\u3000\u3000\n \n".encode(), "blank.txt"), "E102", {}, id="bom-fullwidth-spaces"
    ),
    pytest.param(fixture("legacy.doc"), "E104", {}, id="legacy-doc"),
    pytest.param(
        upload((FIXTURES / "legacy.doc").read_bytes(), "renamed.docx"), "E104", {}, id="doc-named-docx"
    ),
    pytest.param(
        upload(OLE + bytes(100) + "EncryptedPackage".encode("utf-16-le") + bytes(100), "secret.docx"),
        "E122",
        {},
        id="encrypted-docx",
    ),
    pytest.param(fixture("garbage.pdf"), "E111", {}, id="garbage-named-pdf"),
    pytest.param(fixture("header_then_junk.pdf"), "E111", {}, id="pdf-header-then-junk"),
    pytest.param(fixture("truncated.pdf"), "E111", {}, id="truncated-pdf"),
    pytest.param(fixture("encrypted.pdf"), "E110", {}, id="encrypted-pdf"),
    pytest.param(fixture("image_only.pdf"), "E112", {}, id="image-only-pdf"),
    pytest.param(fixture("cid_only.pdf"), "E112", {}, id="cid-garbage-pdf"),
    pytest.param(fixture("ja_policy_3p.pdf"), "E107", {"max_pages": 2}, id="too-many-pages"),
    pytest.param(fixture("ja_policy_3p.pdf"), "E106", {"max_bytes": 1000}, id="too-large-file"),
    pytest.param(
        upload(POLICY_PDF.read_bytes(), "big.pdf"), "E106", {"max_bytes": 1000}, id="too-large-upload"
    ),
    pytest.param(upload(b"abc \x81\x20 def \x82\x0a", "bad.txt"), "E105", {}, id="undecodable-text"),
    pytest.param(upload(JAPANESE.encode("euc_jp"), "euc.txt"), "E105", {}, id="euc-jp-text"),
    pytest.param(upload(JAPANESE.encode("iso2022_jp"), "jis.txt"), "E105", {}, id="iso-2022-jp-text"),
    pytest.param(upload(random.Random(1).randbytes(4096), "noise.bin"), "E103", {}, id="binary-garbage"),
    pytest.param(upload(random.Random(2).randbytes(4096), "noise.txt"), "E103", {}, id="binary-named-txt"),
    pytest.param(upload(b"\x89PNG\r\n\x1a\n" + bytes(64), "scan.png"), "E103", {}, id="png-image"),
    pytest.param(upload(b"{\\rtf1\\ansi hello}", "policy.rtf"), "E103", {}, id="rtf"),
    pytest.param(upload(zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "book.xlsx"), "E103", {}, id="xlsx"),
    pytest.param(upload(zip_bytes({"readme.txt": b"hello"}), "archive.zip"), "E103", {}, id="plain-zip"),
    pytest.param(
        upload(zip_bytes({"readme.txt": b"hello"}), "fake.docx"), "E120", {}, id="zip-without-document-xml"
    ),
    pytest.param(
        upload(random.Random(3).randbytes(2048), "random.docx"), "E120", {}, id="garbage-named-docx"
    ),
    pytest.param(upload(docx_bytes()[:3000], "truncated.docx"), "E120", {}, id="truncated-docx"),
    pytest.param(
        upload(replace_entry(docx_bytes(), "word/document.xml", b"<w:document><broken"), "badxml.docx"),
        "E120",
        {},
        id="docx-broken-xml",
    ),
    pytest.param(
        upload(zip_bytes({f"word/part{i}.xml": b"" for i in range(2001)}), "many.docx"),
        "E121",
        {},
        id="docx-too-many-entries",
    ),
    pytest.param(
        upload(docx_bytes(), "small-limit.docx"), "E121", {"max_zip_total": 1000}, id="docx-total-size"
    ),
    pytest.param(
        lambda tmp_path: {
            "path": None,
            "data": zip_bytes({"word/document.xml": b" " * (20 * 1024 * 1024)}),
            "name": "ratio.docx",
        },
        "E121",
        {},
        id="docx-compression-ratio",
    ),
    pytest.param(
        upload(docx_bytes(), "xml-limit.docx"), "E121", {"max_zip_xml": 1000}, id="docx-xml-part-size"
    ),
    pytest.param(upload(docx_bytes(text=""), "blank.docx"), "E130", {}, id="docx-without-text"),
    pytest.param(
        upload("-----\n＝＝＝＝\n・\n".encode(), "lines.txt"), "E130", {}, id="decoration-only-text"
    ),
]


@pytest.mark.parametrize(("build", "code", "limits"), CASES)
def test_bad_input_gives_specific_code(tmp_path: Path, build, code: str, limits: dict[str, int]) -> None:
    kwargs = build(tmp_path)
    path = kwargs.pop("path")
    started = time.monotonic()
    with pytest.raises(KiteiError, match=rf"^\[{code}\] ") as caught:
        load_document(path, limits=IngestLimits(**limits), **kwargs)
    assert caught.value.code.name == code
    assert "Traceback" not in caught.value.message
    assert time.monotonic() - started < 10


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """A 0.3 MB .docx whose word/document.xml expands to 300 MB of spaces."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            for _ in range(300):
                entry.write(chunk)
    return path


def test_zip_bomb_refused_fast_before_python_docx(zip_bomb: Path, monkeypatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx must not parse a zip bomb")

    monkeypatch.setattr(docx, "Document", never)
    assert zip_bomb.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(KiteiError, match=r"\[E121\]") as caught:
        load_document(zip_bomb)
    assert time.monotonic() - started < 5
    assert "word/document.xml" in caught.value.message or "uncompressed" in caught.value.message


def test_zip_bomb_refused_as_upload(zip_bomb: Path) -> None:
    with pytest.raises(KiteiError, match=r"\[E121\]"):
        load_document(None, data=zip_bomb.read_bytes(), name="bomb.docx")


def test_non_japanese_text_is_a_warning_not_an_error() -> None:
    doc = load_document(None, data=b"Security policy.\nAll staff must lock screens.", name="en.txt")
    assert [w[:6] for w in doc.warnings] == ["[W001]"]


def test_invalid_limits_are_refused() -> None:
    with pytest.raises(KiteiError, match=r"\[E302\]"):
        IngestLimits(max_bytes=0)


def test_no_path_and_no_data() -> None:
    with pytest.raises(KiteiError, match=r"\[E302\]"):
        load_document(None)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "a\x00b.txt"])
def test_upload_names_never_touch_the_filesystem(name: str, monkeypatch) -> None:
    def no_disk(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload must not be read from disk")

    monkeypatch.setattr(ingest, "_read_file", no_disk)
    doc = load_document(None, data="本文です。".encode(), name=name)
    assert doc.blocks[0].text == "本文です。"
