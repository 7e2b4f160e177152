from io import BytesIO

import pytest
from openpyxl import load_workbook

from analyzer.report.excel import FREEZE, HEADERS, sheet_title, to_xlsx
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decision
from tests.report.factories import ALL_GOOD, make_report, make_ruleset

C, M = Status.COVERED, Status.MISSING
RS = make_ruleset()
RS2 = make_ruleset("pmark-mini")
DECISIONS = {RS.id: {"7-1-2": Decision(topic_id="7-1-2", status=C, comment="第5条で足りる\n確認済み")}}


def workbook(reports=None, decisions=DECISIONS):
    reports = reports or [make_report({**ALL_GOOD, "7-1-2": M})]
    return load_workbook(BytesIO(to_xlsx(reports, decisions, {RS.id: RS, RS2.id: RS2})))


def row_of(ws, topic_id):
    col = HEADERS.index("小項目") + 1
    for row in ws.iter_rows(min_row=2):
        if row[col - 1].value == topic_id:
            return {h: c.value for h, c in zip(HEADERS, row, strict=True)}
    raise KeyError(topic_id)


def test_one_sheet_per_ruleset():
    wb = workbook([make_report(ALL_GOOD), make_report(ALL_GOOD, ruleset=RS2)])
    assert wb.sheetnames == ["isp-mini", "pmark-mini"]


def test_header_is_styled_wrapped_and_frozen():
    ws = workbook().active
    assert [c.value for c in ws[1]] == HEADERS
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("1F4E78") for c in ws[1])
    assert ws.freeze_panes == FREEZE == "E2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert all(c.alignment.wrap_text for c in ws[2])
    assert ws.column_dimensions["F"].width == 44  # 要求事項


def test_rows_map_requirement_to_clause_with_review():
    ws = workbook().active
    assert ws.max_row == 1 + len(RS.topics)
    r = row_of(ws, "7-1-1.log")
    assert (r["項目番号"], r["区分"], r["要求事項"]) == ("7-1-1", "7 個人情報", "ログ保存を定める")
    assert (r["規程の該当箇所"], r["判定（分析）"], r["最終判定"]) == ("第3条（p.3）", "充足", "充足")
    assert r["該当箇所の本文"] == "「第3条（ログ）アクセスログは1年以上保存する。」"
    assert r["回答方法"] == "規程の該当箇所"
    r = row_of(ws, "7-1-2")
    assert (r["判定（分析）"], r["レビュー判定"], r["最終判定"]) == ("不足", "充足", "充足")
    assert r["レビューコメント"] == "第5条で足りる\n確認済み"
    assert r["修正案"] == "持ち出し禁止を追記"


@pytest.mark.parametrize(
    ("status", "color"), [("充足", "C6EFCE"), ("不足", "FFC7CE"), ("要外部確認", "DDEBF7")]
)
def test_verdict_cells_are_coloured(status, color):
    ws = workbook(decisions={}).active
    col = HEADERS.index("判定（分析）") + 1
    cells = [row[col - 1] for row in ws.iter_rows(min_row=2) if row[col - 1].value == status]
    assert cells and all(c.fill.fgColor.rgb.endswith(color) for c in cells)


def test_review_column_offers_the_verdicts():
    ws = workbook().active
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"充足,一部不足,不足,対象外,要外部確認"'
    assert str(dv.sqref).startswith("O2:O")


def test_cli_signature_without_decisions_and_control_characters():
    rep = make_report(ALL_GOOD, path="規程\x07.txt")
    data = to_xlsx([rep])  # the CLI calls to_xlsx(reports)
    assert data[:2] == b"PK"
    wb = load_workbook(BytesIO(data))
    assert row_of(wb.active, "7-1-2")["レビュー判定"] is None


@pytest.mark.parametrize(
    ("rid", "taken", "expected"),
    [
        ("isp-anshin-mark", set(), "isp-anshin-mark"),
        ("a/b:c*d?[e]", set(), "a_b_c_d__e_"),
        ("x" * 40, set(), "x" * 31),
        ("isp", {"ISP"}, "isp~2"),
        ("y" * 40, {"y" * 31}, "y" * 29 + "~2"),
    ],
)
def test_sheet_titles_are_valid_and_unique(rid, taken, expected):
    assert sheet_title(rid, set(taken)) == expected
