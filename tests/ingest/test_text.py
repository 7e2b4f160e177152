"""Text and Markdown reader: line classification, encodings, limits, the real seed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analyzer.document import BlockKind
from analyzer.errors import KiteiError
from analyzer.ingest import IngestLimits, load_document

SEED = str(
    Path(__file__).resolve().parents[2] / "corpus" / "docs" / "happymari.txt"
)  # seed 002, byte-identical


def load_text(text: str, name: str = "policy.txt", **limits: int):
    return load_document(None, data=text.encode("utf-8"), name=name, limits=IngestLimits(**limits))


@pytest.mark.parametrize(
    ("line", "kind", "cells"),
    [
        ("第1条（目的）", BlockKind.PARAGRAPH, []),
        ("1. 情報セキュリティのための組織", BlockKind.PARAGRAPH, []),
        ("(1) パスワードは12文字以上とする。", BlockKind.PARAGRAPH, []),
        ("① 入退室を記録する。", BlockKind.PARAGRAPH, []),
        ("一、総則", BlockKind.PARAGRAPH, []),
        ("- 情報セキュリティ関連規程の改訂", BlockKind.LIST_ITEM, []),
        ("* USBメモリの持込み禁止", BlockKind.LIST_ITEM, []),
        ("・USBメモリの持込み禁止", BlockKind.LIST_ITEM, []),
        ("●推奨：推測困難であるもの", BlockKind.LIST_ITEM, []),
        ("• 施錠する", BlockKind.LIST_ITEM, []),
        ("▶ 施錠する", BlockKind.LIST_ITEM, []),
        ("➤ 施錠する", BlockKind.LIST_ITEM, []),
        ("○ 施錠する", BlockKind.LIST_ITEM, []),
        ("■ 施錠する", BlockKind.LIST_ITEM, []),
        ("◆ 施錠する", BlockKind.LIST_ITEM, []),
        ("-1 は負の数", BlockKind.PARAGRAPH, []),
        ("適用範囲\t全社・全従業員\t\t", BlockKind.TABLE_ROW, ["適用範囲", "全社・全従業員"]),
        ("\t特権アカウント\t一般アカウント", BlockKind.TABLE_ROW, ["", "特権アカウント", "一般アカウント"]),
        ("役職名\t 役割と責任 ", BlockKind.TABLE_ROW, ["役職名", "役割と責任"]),
    ],
)
def test_line_classification(line: str, kind: BlockKind, cells: list[str]) -> None:
    doc = load_text(line)
    assert len(doc.blocks) == 1
    block = doc.blocks[0]
    assert block.kind is kind
    assert block.cells == cells
    if kind is not BlockKind.TABLE_ROW:
        assert block.text == line.strip()  # numbering and bullets are kept in the text


def test_table_row_keeps_the_original_line() -> None:
    block = load_text("適用範囲\t全社・全従業員\t\t").blocks[0]
    assert block.text == "適用範囲\t全社・全従業員"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# 情報セキュリティ規程", [(BlockKind.HEADING, 1, "情報セキュリティ規程", [])]),
        ("### 第1条 目的 ###", [(BlockKind.HEADING, 3, "第1条 目的", [])]),
        ("###### 細目", [(BlockKind.HEADING, 6, "細目", [])]),
        ("#ハッシュタグ", [(BlockKind.PARAGRAPH, None, "#ハッシュタグ", [])]),
        (
            "| 役職 | 役割 |\n|---|:---:|\n| 責任者 | 全責任を負う |",
            [
                (BlockKind.TABLE_ROW, None, "役職\t役割", ["役職", "役割"]),
                (BlockKind.TABLE_ROW, None, "責任者\t全責任を負う", ["責任者", "全責任を負う"]),
            ],
        ),
        (
            "- 項目A\n- 項目B",
            [(BlockKind.LIST_ITEM, None, "- 項目A", []), (BlockKind.LIST_ITEM, None, "- 項目B", [])],
        ),
        (
            "総則\n====\n本文です。",
            [(BlockKind.HEADING, 1, "総則", []), (BlockKind.PARAGRAPH, None, "本文です。", [])],
        ),
        (
            "本文です。\n\n---\n\n次の段落。",
            [(BlockKind.PARAGRAPH, None, "本文です。", []), (BlockKind.PARAGRAPH, None, "次の段落。", [])],
        ),
        ("```\nコード\n```", [(BlockKind.PARAGRAPH, None, "コード", [])]),
        ("> 引用された規定", [(BlockKind.PARAGRAPH, None, "引用された規定", [])]),
        # inline markup is not text: a bold question is not a "*" bullet
        ("**Q. IDは？**", [(BlockKind.PARAGRAPH, None, "Q. IDは？", [])]),
        ("* **注意**：USBは*禁止*", [(BlockKind.LIST_ITEM, None, "* 注意：USBは禁止", [])]),
        ("| **役職** | `root` |", [(BlockKind.TABLE_ROW, None, "役職\troot", ["役職", "root"])]),
        ("[手順書](https://intra.example/a)を見る", [(BlockKind.PARAGRAPH, None, "手順書を見る", [])]),
        ("2 * 3 * 4", [(BlockKind.PARAGRAPH, None, "2 * 3 * 4", [])]),
    ],
)
def test_markdown(markdown: str, expected: list[tuple]) -> None:
    doc = load_text(markdown, name="policy.md")
    assert doc.format == "md"
    assert [(b.kind, b.level, b.text, b.cells) for b in doc.blocks] == expected


def test_markdown_syntax_is_plain_text_in_txt() -> None:
    doc = load_text("# 見出しではない\n| a | b |")
    assert doc.format == "txt"
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_blank_and_decoration_lines_are_skipped_and_indices_consecutive() -> None:
    doc = load_text("第1条\n\n   \n――――――\n本文。\r\n\u3000\u3000第2条\r最後。")
    assert [b.text for b in doc.blocks] == ["第1条", "本文。", "第2条", "最後。"]
    assert [b.index for b in doc.blocks] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("raw", "warning_code"),
    [
        ("第1条 この規程は全従業員に適用する。".encode(), None),
        ("\ufeff第1条 この規程は全従業員に適用する。".encode(), None),  # UTF-8 with BOM
        ("第1条 この規程は全従業員に適用する。".encode("cp932"), "[W002]"),
        ("第1条 この規程は全従業員に適用する。".encode("utf-16"), None),  # with BOM
    ],
)
def test_encodings(raw: bytes, warning_code: str | None) -> None:
    doc = load_document(None, data=raw, name="a.txt")
    assert doc.blocks[0].text == "第1条 この規程は全従業員に適用する。"
    codes = [w[:6] for w in doc.warnings]
    assert codes == ([warning_code] if warning_code else [])


def test_cp932_file_on_disk(tmp_path) -> None:
    path = tmp_path / "sjis.txt"
    path.write_bytes("情報資産管理\t機密情報は施錠保管する。\n・持出し禁止".encode("cp932"))
    doc = load_document(path)
    assert doc.path == str(path)
    assert doc.warnings[0].startswith("[W002]")
    assert doc.blocks[0].cells == ["情報資産管理", "機密情報は施錠保管する。"]
    assert doc.blocks[1].kind is BlockKind.LIST_ITEM


def test_non_japanese_text_warns_but_loads() -> None:
    doc = load_text("This information security policy applies to all employees.\nPasswords must be long.")
    assert len(doc.blocks) == 2
    assert any(w.startswith("[W001]") for w in doc.warnings)


def test_japanese_text_has_no_w001() -> None:
    assert load_text("本規程は ISMS (ISO/IEC 27001) に基づき全従業員に適用する。").warnings == []


def test_long_lines_are_split_at_sentence_ends() -> None:
    sentence = "情報資産は適切に管理しなければならない。"  # 20 characters
    doc = load_text(sentence * 30, max_line_chars=100)
    assert all(len(b.text) <= 100 for b in doc.blocks)
    assert len(doc.blocks) >= 6
    assert "".join(b.text for b in doc.blocks) == sentence * 30
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))


def test_long_line_without_break_is_hard_split() -> None:
    doc = load_text("あ" * 1001, max_line_chars=500)
    assert [len(b.text) for b in doc.blocks] == [500, 500, 1]


def test_long_table_row_is_split_into_rows() -> None:
    doc = load_text("項目\t" + "い" * 250, max_line_chars=100)
    assert all(b.kind is BlockKind.TABLE_ROW and len(b.text) <= 100 for b in doc.blocks)
    assert "".join("".join(b.cells) for b in doc.blocks) == "項目" + "い" * 250


def test_uploaded_name_is_display_only(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    raw = "# 規程\n本文。".encode()
    doc = load_document(None, data=raw, name="../../etc/passwd.md")
    assert doc.path == "../../etc/passwd.md"
    assert doc.format == "md"  # the extension is only a hint
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_path_is_display_name_when_data_given() -> None:
    doc = load_document("upload.txt", data="本文。".encode())
    assert doc.path == "upload.txt"


def test_env_limits(monkeypatch) -> None:
    monkeypatch.setenv("KITEI_MAX_BYTES", "10")
    with pytest.raises(KiteiError, match=r"\[E106\]"):
        load_document(None, data="本文です。本文です。".encode(), name="a.txt")
    monkeypatch.setenv("KITEI_MAX_BYTES", "lots")
    with pytest.raises(KiteiError, match=r"\[E302\]"):
        load_document(None, data="本文".encode(), name="a.txt")
    monkeypatch.setenv("KITEI_MAX_BYTES", "")
    monkeypatch.setenv("KITEI_MAX_PAGES", "7")
    assert IngestLimits.from_env().max_pages == 7


def test_seed_document() -> None:
    doc = load_document(SEED)
    assert doc.format == "txt"
    assert doc.warnings == []
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    rows = [b for b in doc.blocks if b.kind is BlockKind.TABLE_ROW]
    scope = next(b for b in rows if b.text.startswith("適用範囲"))
    assert scope.cells == ["適用範囲", "全社・全従業員"]
    roles = next(b for b in rows if b.cells[:1] == ["情報セキュリティ責任者"])
    assert roles.cells[1].startswith("情報セキュリティに関する責任者。")
    assert doc.blocks[0].text == "結婚相談所ハピマリ新潟 情報セキュリティ関連規程"
    assert any(
        b.text == "1. 情報セキュリティのための組織" and b.kind is BlockKind.PARAGRAPH for b in doc.blocks
    )
    bullets = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert bullets and all(b.text[0] in "-*・●•▶➤○■◆" for b in bullets)
    assert len(rows) > 100
