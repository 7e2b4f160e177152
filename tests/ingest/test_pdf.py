"""PDF reader: layout (headers, page numbers, re-joined lines, tables) and the worker.

The PDFs under tests/fixtures/ingest were made once by make_pdf_fixtures.py
(LibreOffice + Noto CJK + qpdf); the tests need none of those tools.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analyzer.document import BlockKind
from analyzer.errors import KiteiError
from analyzer.ingest import IngestLimits, load_document
from analyzer.ingest import pdf as pdf_module
from analyzer.ingest.pdf import (
    _Line,
    _Page,
    fix_letter_spacing,
    is_page_number,
    layout_blocks,
    normalize_compat,
    remove_headers_footers,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
POLICY = FIXTURES / "ja_policy_3p.pdf"


@pytest.fixture(scope="module")
def policy():
    return load_document(POLICY)


# --- the real 3-page PDF ---------------------------------------------------------------


def test_pages_and_block_pages(policy) -> None:
    assert policy.format == "pdf"
    assert policy.pages == 3
    assert policy.warnings == []
    assert {b.page for b in policy.blocks} == {1, 2, 3}
    assert all(b.page is not None for b in policy.blocks)
    assert [b.index for b in policy.blocks] == list(range(len(policy.blocks)))


def test_headers_footers_and_page_numbers_removed(policy) -> None:
    texts = [b.text for b in policy.blocks]
    assert not any("社外秘" in t for t in texts)
    assert not any(t.strip("- ").isdigit() for t in texts)
    assert texts[0] == "情報セキュリティ基本規程"  # the title differs from the header: kept


def test_wrapped_lines_rejoined_without_spaces(policy) -> None:
    texts = [b.text for b in policy.blocks]
    assert (
        "この規程は、当社の役員、正社員、契約社員、派遣社員及びアルバイトを含む全ての従業者に適用する。"
        "また、当社の業務を受託する委託先についても、契約により本規程と同等の義務を課すものとする。"
    ) in texts
    assert "第2条（適用範囲）" in texts
    assert "（1）パスワードは12文字以上とし、定期的に変更する。" in texts
    assert "（2）離席時にはスクリーンロックを行う。" in texts


def test_letter_spaced_heading(policy) -> None:
    assert "第6条（事業者の義務）" in [b.text for b in policy.blocks]


def test_bullet_is_list_item(policy) -> None:
    block = next(b for b in policy.blocks if b.text.startswith("・"))
    assert block.kind is BlockKind.LIST_ITEM


@pytest.mark.parametrize("glyph", ["\uf0b7", "\uf0a7", "\uf0d8", "\uf0fc"])
def test_symbol_font_bullet_becomes_a_bullet(glyph) -> None:
    assert pdf_module.normalize_line(f"{glyph} 障害の内容") == "・障害の内容"


def test_word_bullets_in_a_real_pdf_are_list_items() -> None:
    # a Word document converted by LibreOffice: its bullets are U+F0B7 in the text layer
    doc = load_document(Path(__file__).resolve().parents[2] / "corpus" / "docs" / "isp-incident-rules.pdf")
    assert not any("\uf0b7" in b.text for b in doc.blocks)
    item = next(b for b in doc.blocks if "速やかに通知すること" in b.text)
    assert item.kind is BlockKind.LIST_ITEM and item.text.startswith("・")


def test_table_rows_in_place_and_not_in_running_text(policy) -> None:
    rows = [b for b in policy.blocks if b.kind is BlockKind.TABLE_ROW]
    assert [r.cells for r in rows] == [
        ["役職名", "役割と責任"],
        ["情報セキュリティ責任者", "情報セキュリティ対策の決定権限を有する。"],
        ["教育責任者", "従業者への教育を企画・実施する。"],
    ]
    assert {r.page for r in rows} == {2}
    texts = [b.text for b in policy.blocks]
    first_row = texts.index("役職名\t役割と責任")
    assert texts[first_row - 1] == "各役職の役割と責任は次の表のとおりとする。"
    assert texts[first_row + 3] == "第5条（教育）"
    assert not any(b.kind is not BlockKind.TABLE_ROW and "教育責任者 従業者" in b.text for b in policy.blocks)


def test_page_without_text_warns() -> None:
    doc = load_document(FIXTURES / "with_scanned_page.pdf")
    assert doc.pages == 4
    assert [w[:6] for w in doc.warnings] == ["[W003]"]
    assert "p. 4" in doc.warnings[0]


def test_pdf_from_bytes() -> None:
    doc = load_document(None, data=POLICY.read_bytes(), name="アップロード.pdf")
    assert doc.path == "アップロード.pdf"
    assert doc.pages == 3


# --- worker limits ---------------------------------------------------------------------


def test_timeout_with_tiny_limit() -> None:
    started = time.monotonic()
    with pytest.raises(KiteiError, match=r"\[E113\]"):
        load_document(POLICY, limits=IngestLimits(pdf_timeout=0.01))
    assert time.monotonic() - started < 2


def test_timeout_kills_a_hanging_worker(monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "WORKER_CODE", "import time; time.sleep(60)")
    started = time.monotonic()
    with pytest.raises(KiteiError, match=r"\[E113\].*1 秒"):
        load_document(POLICY, limits=IngestLimits(pdf_timeout=1))
    assert time.monotonic() - started < 5


def test_crashing_worker_is_a_coded_error(monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "WORKER_CODE", "import os; os._exit(3)")
    with pytest.raises(KiteiError, match=r"\[E111\].*exit code 3"):
        load_document(POLICY)


def test_worker_garbage_output_is_a_coded_error(monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "WORKER_CODE", "print('not json')")
    with pytest.raises(KiteiError, match=r"\[E111\]"):
        load_document(POLICY)


def test_memory_limit_applies_in_the_worker() -> None:
    with pytest.raises(KiteiError, match=r"\[E111\].*(memory|メモリ)"):
        load_document(POLICY, limits=IngestLimits(pdf_memory=40 * 1024 * 1024))


# --- layout units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3", True),
        ("- 3 -", True),
        ("－３－", True),
        ("3/10", True),
        ("3 / 10", True),
        ("Page 3", True),
        ("page 3 of 10", True),
        ("p.3", True),
        ("３ページ", True),
        ("12頁", True),
        ("第3条", False),
        ("3. 目的", False),
        ("2024年4月1日", False),
        ("12345", False),
    ],
)
def test_is_page_number(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("第 2 条 事 業 者", "第2条事業者"),
        ("事 業 者 の 義 務", "事業者の義務"),
        ("第 6 条（事業者の義務）", "第6条（事業者の義務）"),
        ("第1章 総則", "第1章 総則"),  # one space between words is kept
        ("附則 この規程は、2024年4月1日から施行する。", "附則 この規程は、2024年4月1日から施行する。"),
        ("ISO 27001 に基づく", "ISO 27001 に基づく"),
    ],
)
def test_fix_letter_spacing(line: str, expected: str) -> None:
    assert fix_letter_spacing(line) == expected


def test_kangxi_radicals_normalised_only() -> None:
    assert normalize_compat("⽬的と⼿順（１）") == "目的と手順（１）"  # full-width digits untouched


def line(text: str, top: float, x1: float = 500.0, x0: float = 90.0) -> _Line:
    return _Line(text=text, x0=x0, x1=x1, top=top, bottom=top + 10)


def texts_of(pages: list[_Page]) -> list[str]:
    return [b.text for b in layout_blocks(pages)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # full-width lines continue; a sentence end closes the paragraph
        (
            [
                line("情報資産は台帳で管理し、", 100),
                line("定期的に見直す。", 115, 300),
                line("次の段落。", 130, 200),
            ],
            ["情報資産は台帳で管理し、定期的に見直す。", "次の段落。"],
        ),
        # a numbering token starts a block even after a full-width line
        (
            [
                line("委託先は次の事項を守る。ただし、", 100),
                line("(1) 秘密保持", 115, 200),
                line("(2) 再委託の禁止", 130, 200),
            ],
            ["委託先は次の事項を守る。ただし、", "(1) 秘密保持", "(2) 再委託の禁止"],
        ),
        (
            [
                line("前文の続き", 100),
                line("第3条 目的", 115, 200),
                line("① 施錠", 130, 200),
                line("ア 記録", 145, 200),
            ],
            ["前文の続き", "第3条 目的", "① 施錠", "ア 記録"],
        ),
        (
            [
                line("手順は以下のとおり", 100),
                line("・ 施錠する", 115, 200),
                line("1.1 概要", 130, 200),
                line("一、総則", 145, 200),
            ],
            ["手順は以下のとおり", "・ 施錠する", "1.1 概要", "一、総則"],
        ),
        # a short line (title) closes its block; a colon too
        (
            [line("総則", 100, 130), line("本規程の目的は次のとおり：", 115), line("安全の確保", 130, 200)],
            ["総則", "本規程の目的は次のとおり：", "安全の確保"],
        ),
        # English wraps get a space
        (
            [line("The policy applies to all", 100), line("employees.", 115, 200)],
            ["The policy applies to all employees."],
        ),
    ],
)
def test_layout_rejoins_lines(lines: list[_Line], expected: list[str]) -> None:
    assert texts_of([_Page(number=1, width=600, lines=lines)]) == expected


def test_paragraph_continues_across_pages() -> None:
    pages = [
        _Page(number=1, width=600, lines=[line("第1条 目的", 90, 200), line("この規程は、情報資産を", 100)]),
        _Page(
            number=2,
            width=600,
            lines=[line("保護することを目的とする。", 100, 300), line("第2条 定義", 115, 200)],
        ),
    ]
    blocks = layout_blocks(pages)
    assert [(b.text, b.page) for b in blocks] == [
        ("第1条 目的", 1),
        ("この規程は、情報資産を保護することを目的とする。", 1),
        ("第2条 定義", 2),
    ]


def test_repeated_header_and_footer_removed() -> None:
    pages = [
        _Page(
            number=n,
            width=600,
            height=842,
            lines=[
                line("株式会社サンプル 情報セキュリティ規程", 30, 300),
                line(f"第{n}条 本文{n}。", 300, 200),
                line(f"情報セキュリティ規程 {n}/3", 800, 320, 300),
            ],
        )
        for n in (1, 2, 3)
    ]
    remove_headers_footers(pages)
    assert [[ln.text for ln in p.lines] for p in pages] == [
        ["第1条 本文1。"],
        ["第2条 本文2。"],
        ["第3条 本文3。"],
    ]


def test_lines_outside_the_margins_are_never_headers() -> None:
    pages = [
        _Page(
            number=n, width=600, height=842, lines=[line(f"第{n}条 本文{n}。", 300, 200), line("2", 400, 200)]
        )
        for n in (1, 2, 3)
    ]
    remove_headers_footers(pages)
    assert [len(p.lines) for p in pages] == [2, 2, 2]


def test_single_page_keeps_first_line_but_drops_page_number() -> None:
    pages = [
        _Page(
            number=1,
            width=600,
            height=842,
            lines=[line("情報セキュリティ方針", 30, 300), line("- 1 -", 800, 320, 300)],
        )
    ]
    remove_headers_footers(pages)
    assert [ln.text for ln in pages[0].lines] == ["情報セキュリティ方針"]
