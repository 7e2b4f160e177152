"""DOCX reader: automatic numbering, headings, tracked changes, text boxes, tables.

The fixtures are built here with python-docx; numbering definitions are injected into
numbering.xml through the XML API.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from analyzer.document import BlockKind
from analyzer.ingest import load_document
from analyzer.ingest.docx import format_number

W = nsdecls("w")
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'


# --- builders -------------------------------------------------------------------------


def load(document: docx.document.Document):
    buffer = io.BytesIO()
    document.save(buffer)
    return load_document(None, data=buffer.getvalue(), name="policy.docx")


def add_abstract(document, abstract_id: int, levels: list[tuple[str, str]], start: int = 1) -> None:
    """Add a w:abstractNum with one w:lvl per (numFmt, lvlText)."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    element = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(element)
    else:
        numbering.append(element)


def add_num(document, num_id: int, abstract_id: int, start_override: int | None = None) -> None:
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        if start_override is not None
        else ""
    )
    document.part.numbering_part.element.append(
        parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>')
    )


def numbered(document, text: str, num_id: int | None, ilvl: int | None = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    parts = ""
    if ilvl is not None:
        parts += f'<w:ilvl w:val="{ilvl}"/>'
    if num_id is not None:
        parts += f'<w:numId w:val="{num_id}"/>'
    paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {W}>{parts}</w:numPr>"))
    return paragraph


def list_of(fmt: str, text: str, count: int = 3, start: int = 1) -> list[str]:
    document = docx.Document()
    add_abstract(document, 100, [(fmt, text)], start=start)
    add_num(document, 100, 100)
    for i in range(count):
        numbered(document, f"項目{i}", 100)
    return [b.numbering for b in load(document).blocks]


# --- numbering --------------------------------------------------------------------------


def test_article_numbering_is_rendered_into_numbering_not_text() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimal", "第%1条")])
    add_num(document, 100, 100)
    for title in (
        "（目的）この規程は情報資産の保護を目的とする。",
        "（適用範囲）全従業者に適用する。",
        "（定義）",
    ):
        numbered(document, title, 100)
    blocks = load(document).blocks
    assert [b.numbering for b in blocks] == ["第1条", "第2条", "第3条"]
    assert blocks[0].text == "（目的）この規程は情報資産の保護を目的とする。"
    assert blocks[0].display_text == "第1条 （目的）この規程は情報資産の保護を目的とする。"
    assert {b.kind for b in blocks} == {BlockKind.LIST_ITEM}


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("decimal", "(%1)", ["(1)", "(2)", "(3)"]),
        ("decimal", "（%1）", ["（1）", "（2）", "（3）"]),
        ("decimalFullWidth", "%1.", ["１.", "２.", "３."]),
        ("japaneseCounting", "%1", ["一", "二", "三"]),
        ("japaneseCounting", "第%1章", ["第一章", "第二章", "第三章"]),
        ("aiueoFullWidth", "%1", ["ア", "イ", "ウ"]),
        ("aiueo", "(%1)", ["(ｱ)", "(ｲ)", "(ｳ)"]),
        ("irohaFullWidth", "%1", ["イ", "ロ", "ハ"]),
        ("iroha", "%1", ["ｲ", "ﾛ", "ﾊ"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
        ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
        ("upperRoman", "%1.", ["I.", "II.", "III."]),
        ("bullet", "\uf0b7", ["・", "・", "・"]),
        ("bullet", "●", ["●", "●", "●"]),
    ],
)
def test_number_formats(fmt: str, text: str, expected: list[str]) -> None:
    assert list_of(fmt, text) == expected


def test_start_value() -> None:
    assert list_of("decimal", "第%1条", count=2, start=5) == ["第5条", "第6条"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (10, "japaneseCounting", "十"),
        (11, "japaneseCounting", "十一"),
        (20, "japaneseCounting", "二十"),
        (105, "japaneseCounting", "百五"),
        (12, "decimalFullWidth", "１２"),
        (20, "decimalEnclosedCircle", "⑳"),
        (21, "decimalEnclosedCircle", "㉑"),
        (27, "lowerLetter", "aa"),
        (4, "upperRoman", "IV"),
        (3, "none", ""),
        (7, "someFutureFormat", "7"),
    ],
)
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_multilevel_counters_and_restart() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimal", "第%1条"), ("decimal", "%1.%2"), ("decimal", "(%3)")])
    add_num(document, 100, 100)
    for ilvl in (0, 1, 2, 2, 1, 2, 0, 1):
        numbered(document, "本文", 100, ilvl)
    labels = [b.numbering for b in load(document).blocks]
    assert labels == ["第1条", "1.1", "(1)", "(2)", "1.2", "(1)", "第2条", "2.1"]


def test_start_override_restarts_and_shared_abstract_continues() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimal", "(%1)")])
    add_num(document, 100, 100)
    add_num(document, 101, 100)  # same abstractNum, no override: continues
    add_num(document, 102, 100, start_override=1)  # "restart numbering"
    for num_id in (100, 100, 101, 102, 102):
        numbered(document, "項目", num_id)
    assert [b.numbering for b in load(document).blocks] == ["(1)", "(2)", "(3)", "(1)", "(2)"]


def test_numbering_inherited_from_style_chain() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimal", "第%1条")])
    add_num(document, 100, 100)
    base = document.styles.add_style("条文", WD_STYLE_TYPE.PARAGRAPH)
    base.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="100"/></w:numPr>'))
    child = document.styles.add_style("条文（本文）", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    document.add_paragraph("（目的）", style="条文")
    document.add_paragraph("（定義）", style="条文（本文）")
    document.add_paragraph("番号のない段落")
    blocks = load(document).blocks
    assert [(b.numbering, b.kind) for b in blocks] == [
        ("第1条", BlockKind.LIST_ITEM),
        ("第2条", BlockKind.LIST_ITEM),
        ("", BlockKind.PARAGRAPH),
    ]


def test_num_style_link_is_followed() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimalFullWidth", "第%1項")])
    add_num(document, 100, 100)
    list_style = document.styles.add_style("規程番号", WD_STYLE_TYPE.LIST)
    list_style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="100"/></w:numPr>'))
    linked = parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="101"><w:numStyleLink w:val="{list_style.style_id}"/></w:abstractNum>'
    )
    document.part.numbering_part.element.find(qn("w:num")).addprevious(linked)
    add_num(document, 101, 101)
    numbered(document, "一項", 101)
    numbered(document, "二項", 101)
    assert [b.numbering for b in load(document).blocks] == ["第１項", "第２項"]


def test_builtin_list_number_style() -> None:
    document = docx.Document()
    document.add_paragraph("一つ目", style="List Number")
    document.add_paragraph("二つ目", style="List Number")
    assert [b.numbering for b in load(document).blocks] == ["1.", "2."]


def test_num_id_zero_removes_numbering() -> None:
    document = docx.Document()
    numbered(document, "番号なし", 0, style="List Number")
    block = load(document).blocks[0]
    assert block.numbering == ""
    assert block.kind is BlockKind.PARAGRAPH


def test_empty_numbered_paragraph_keeps_its_number() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimal", "第%1条")])
    add_num(document, 100, 100)
    numbered(document, "", 100)
    numbered(document, "（目的）", 100)
    assert [(b.numbering, b.text) for b in load(document).blocks] == [("第1条", ""), ("第2条", "（目的）")]


# --- headings -----------------------------------------------------------------------


def test_headings_by_style_name_and_outline_level() -> None:
    document = docx.Document()
    document.add_heading("情報セキュリティ規程", level=1)
    document.add_heading("総則", level=2)
    document.styles.add_style("見出し 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("細則", style="見出し 3")
    outlined = document.add_paragraph("アウトライン付き段落")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="1"/>'))
    body = document.add_paragraph("本文。")
    body._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="9"/>'))
    blocks = load(document).blocks
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        (BlockKind.HEADING, 1, "情報セキュリティ規程"),
        (BlockKind.HEADING, 2, "総則"),
        (BlockKind.HEADING, 3, "細則"),
        (BlockKind.HEADING, 2, "アウトライン付き段落"),
        (BlockKind.PARAGRAPH, None, "本文。"),
    ]


def test_numbered_heading_stays_a_heading() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("japaneseCounting", "第%1章")])
    add_num(document, 100, 100)
    heading = document.add_heading("総則", level=1)
    heading._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="100"/></w:numPr>')
    )
    block = load(document).blocks[0]
    assert (block.kind, block.level, block.numbering, block.text) == (BlockKind.HEADING, 1, "第一章", "総則")


# --- runs: tracked changes, hidden text, ruby -----------------------------------------


def test_tracked_insertion_kept_and_deletion_skipped() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("この規程は")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {W} w:id="1" w:author="監査" w:date="2024-04-01T00:00:00Z">'
            "<w:r><w:t>全従業員に</w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:del {W} w:id="2" w:author="監査"><w:r><w:delText>一部の者に</w:delText></w:r></w:del>')
    )
    paragraph.add_run("適用する。")
    assert paragraph.text == "この規程は適用する。"  # what python-docx alone shows
    assert load(document).blocks[0].text == "この規程は全従業員に適用する。"


def test_hidden_runs_and_ruby_readings_are_skipped() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(
        parse_xml(
            f"<w:r {W}><w:ruby><w:rubyPr/><w:rt><w:r><w:t>きてい</w:t></w:r></w:rt>"
            "<w:rubyBase><w:r><w:t>規程</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        )
    )
    paragraph.add_run("を守る。")
    hidden = paragraph.add_run("（非表示メモ）")
    hidden.font.hidden = True
    assert load(document).blocks[0].text == "規程を守る。"


def test_soft_line_break_joins_without_space_in_japanese() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("情報セキュリティ")
    paragraph.add_run().add_break()
    paragraph.add_run("基本方針")
    assert load(document).blocks[0].text == "情報セキュリティ基本方針"


# --- text boxes, content controls, headers ----------------------------------------------

TEXTBOX_RUN = (
    f"<w:r {W} {MC} {WPS} {WP} {A} {V}><mc:AlternateContent>"
    '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
    "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>テキストボックスの規定</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>テキストボックスの規定</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
    "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_box_read_once() -> None:
    document = docx.Document()
    anchor = document.add_paragraph("本文の段落。")
    anchor._p.append(parse_xml(TEXTBOX_RUN))
    document.add_paragraph("次の段落。")
    assert [b.text for b in load(document).blocks] == ["本文の段落。", "テキストボックスの規定", "次の段落。"]


def test_vml_only_text_box() -> None:
    document = docx.Document()
    anchor = document.add_paragraph()
    anchor._p.append(
        parse_xml(
            f"<w:r {W} {V}><w:pict><v:shape><v:textbox><w:txbxContent>"
            "<w:p><w:r><w:t>古い形式の枠</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    assert [b.text for b in load(document).blocks] == ["古い形式の枠"]


def test_content_control_and_headers_footers() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "社外秘ヘッダー"
    document.sections[0].footer.paragraphs[0].text = "フッター"
    first = document.add_paragraph("前の段落。")
    first._p.addnext(
        parse_xml(
            f'<w:sdt {W}><w:sdtPr><w:alias w:val="本文"/></w:sdtPr><w:sdtContent>'
            "<w:p><w:r><w:t>コンテンツコントロール内の規定。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
    )
    document.add_paragraph("後の段落。")
    texts = [b.text for b in load(document).blocks]
    assert texts == ["前の段落。", "コンテンツコントロール内の規定。", "後の段落。"]


def test_toc_entries_are_skipped() -> None:
    document = docx.Document()
    document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("第1条 目的 ........ 3", style="TOC 1")
    document.add_paragraph("第1条 この規程は…")
    assert [b.text for b in load(document).blocks] == ["第1条 この規程は…"]


# --- tables -----------------------------------------------------------------------------


def test_table_rows_merged_cells_and_nested_table_in_reading_order() -> None:
    document = docx.Document()
    document.add_paragraph("前文。")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))  # horizontal merge (gridSpan)
    merged.text = "区分"
    table.cell(0, 2).text = "内容"
    vertical = table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge (vMerge)
    vertical.text = "管理者"
    table.cell(1, 1).text = "情報システム管理者"
    table.cell(1, 2).text = "アカウントを管理する。"
    table.cell(2, 1).text = "教育責任者"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "入れ子A"
    inner.cell(0, 1).text = "入れ子B"
    document.add_paragraph("後文。")
    blocks = load(document).blocks
    assert [(b.kind, b.cells) for b in blocks] == [
        (BlockKind.PARAGRAPH, []),
        (BlockKind.TABLE_ROW, ["区分", "内容"]),
        (BlockKind.TABLE_ROW, ["管理者", "情報システム管理者", "アカウントを管理する。"]),
        (BlockKind.TABLE_ROW, ["", "教育責任者"]),
        (BlockKind.TABLE_ROW, ["入れ子A", "入れ子B"]),
        (BlockKind.PARAGRAPH, []),
    ]
    assert blocks[1].text == "区分\t内容"
    assert [b.index for b in blocks] == list(range(6))


def test_numbered_paragraphs_in_cells_keep_their_label() -> None:
    document = docx.Document()
    add_abstract(document, 100, [("decimal", "(%1)")])
    add_num(document, 100, 100)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "条件"
    cell = table.cell(0, 1)
    cell.paragraphs[0].text = "12文字以上"
    cell.paragraphs[0]._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="100"/></w:numPr>')
    )
    assert load(document).blocks[0].cells == ["条件", "(1) 12文字以上"]


def test_one_column_table_is_read_as_body_text() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].text = "枠で囲んだ基本方針。"
    table.cell(0, 0).add_paragraph("・全従業員が遵守する。")
    blocks = load(document).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "枠で囲んだ基本方針。"),
        (BlockKind.LIST_ITEM, "・全従業員が遵守する。"),
    ]


def test_document_metadata() -> None:
    document = docx.Document()
    document.add_paragraph("本文。")
    doc = load(document)
    assert (doc.format, doc.pages, doc.path, doc.warnings) == ("docx", None, "policy.docx", [])
    assert len(doc.sha256) == 64
