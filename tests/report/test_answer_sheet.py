import pytest

from analyzer.report.answer_sheet import build_answer_sheet, to_markdown
from analyzer.rules.schema import EvidenceKind, Status
from analyzer.store.decisions import Decision
from tests.report.factories import ALL_GOOD, make_report, make_ruleset

C, P, M = Status.COVERED, Status.PARTIAL, Status.MISSING


def sheet(statuses=None, decisions=None):
    return build_answer_sheet(make_report(statuses or ALL_GOOD), make_ruleset(), decisions)


def entry(s, item_id):
    return next(e for e in s.entries if e.item_id == item_id)


def test_one_entry_per_item_in_ruleset_order():
    assert [e.item_id for e in sheet().entries] == [
        "1-1-1",
        "1-1-2",
        "1-1-3",
        "7-1-1",
        "7-1-2",
        "7-4-1",
        "7-2-3",
    ]


@pytest.mark.parametrize(
    ("item_id", "locators", "pages", "label"),
    [
        ("1-1-1", ["第1条", "第2条"], [1, 2], "1-1-1"),
        ("7-1-1", ["第3条", "第4条"], [3, 4], "7-1-1"),
        ("7-1-2", ["第5条"], [5], "7-1-2"),
    ],
)
def test_policy_items_say_which_sections_and_pages_to_attach(item_id, locators, pages, label):
    e = entry(sheet(), item_id)
    assert [s.locator for s in e.sections] == locators
    assert e.pages == pages
    assert e.label == label
    assert e.ready and not e.to_add


def test_gap_lists_what_to_add_and_skips_missing_evidence():
    e = entry(sheet({**ALL_GOOD, "7-1-1.pw": M, "7-1-1.log": P}), "7-1-1")
    assert [s.topics for s in e.sections] == [("7-1-1.log",)]
    assert not e.ready
    assert e.to_add == [
        "ログ保存（一部不足）: ログ保存を追記",
        "パスワード変更（不足）: パスワード変更を追記",
    ]


@pytest.mark.parametrize(
    ("item_id", "kind", "prepare", "label"),
    [
        ("1-1-2", EvidenceKind.REPORT, "直近の監査報告書", "1-1-2"),
        ("1-1-3", EvidenceKind.ATTESTATION, "責任者の署名押印", ""),
        ("7-4-1", EvidenceKind.WEB_URL, "トップページから該当ページまでの URL の経路", ""),
    ],
)
def test_external_items_say_what_to_prepare(item_id, kind, prepare, label):
    e = entry(sheet(), item_id)
    assert (e.evidence_kind, e.prepare, e.label) == (kind, prepare, label)
    assert e.external and not e.sections


def test_to_prepare_leaves_out_items_that_do_not_apply():
    assert [e.item_id for e in sheet().to_prepare] == ["1-1-2", "1-1-3", "7-4-1"]


def test_reviewer_decision_is_applied():
    s = sheet({**ALL_GOOD, "7-1-2": M}, {"7-1-2": Decision(topic_id="7-1-2", status=C)})
    assert entry(s, "7-1-2").ready


def test_markdown_draft():
    md = to_markdown(sheet({**ALL_GOOD, "7-1-2": M}))
    assert md.startswith("# 審査項目回答書（下書き）: 規程.txt")
    assert "| 7-1-1 | 5点 | アクセス管理 | 第3条（p.3）、第4条（p.4） | 3, 4 | 「7-1-1」 | 提出可 |" in md
    assert "| 7-1-2 | 4点 | 持ち出し禁止 | （該当箇所なし） | - | 「7-1-2」 | 要追記 |" in md
    assert "- 添付する箇所（右肩に「1-1-1」と記入）:" in md
    assert "- 要外部確認 — 用意するもの: 直近の監査報告書" in md
    assert "- 提出物の右肩に「1-1-2」と記入" in md
    assert "- ■ 対象外" in md
    assert "## 7 個人情報" in md
    assert "**推定**" in md
