import pytest

from analyzer.report.render import to_markdown
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decision
from tests.report.factories import ALL_GOOD, make_report, make_ruleset

C, P, M = Status.COVERED, Status.PARTIAL, Status.MISSING
RID = make_ruleset().id


def md(decisions=None):
    return to_markdown([make_report({**ALL_GOOD, "7-1-2": M, "7-1-1.pw": P})], decisions)


def test_without_decisions_the_table_keeps_its_columns():
    out = md()
    assert "| 項目 | 内容 | 必須 | 判定 | 該当箇所 | 理由 |" in out
    assert "レビュー" not in out
    assert out == md({}) == md({RID: {}})


@pytest.mark.parametrize(
    ("decision", "in_gap_list", "expected"),
    [
        (Decision(topic_id="7-1-1.pw", comment="規程改定予定"), True, "   - レビュー: 規程改定予定"),
        (
            Decision(topic_id="7-1-1.pw", status=M, comment="90日では不足", reviewer="佐藤"),
            True,
            "   - レビュー: 不足（分析結果: 一部不足） 90日では不足 — 佐藤",
        ),
        (
            Decision(topic_id="7-1-1.pw", status=C, comment="別規程で定め"),
            False,
            "- **7-1-1.pw パスワード変更** — 充足（分析結果: 一部不足） 別規程で定め",
        ),
    ],
)
def test_decisions_appear_in_the_findings(decision, in_gap_list, expected):
    out = md({RID: {"7-1-1.pw": decision}})
    assert expected in out
    findings = out.split("## 対応表")[0]
    gap_part = findings.split("## レビューで指摘から外した項目")[0]
    assert ("**7-1-1.pw パスワード変更**" in gap_part.split("## 指摘事項")[1]) is in_gap_list
    assert "| 項目 | 内容 | 必須 | 判定（分析） | 該当箇所 | 理由 | レビュー判定 | コメント |" in out


def test_table_row_shows_analyser_and_reviewer_verdicts():
    out = md({RID: {"7-1-2": Decision(topic_id="7-1-2", status=C, comment="第5条|で可")}})
    row = next(line for line in out.splitlines() if line.startswith("| 7-1-2 |"))
    assert "✗ 不足" in row and row.endswith("| 充足 | 第5条｜で可 |")
    assert "- 判定: 充足 4・一部不足 1・不足 0" in out  # counts after review
