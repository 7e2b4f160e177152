import pytest

from analyzer.report.model import Evidence
from analyzer.rules.schema import Status
from dashboard.components import Span, anchor, context_window, highlight_html, loose

TEXT = "第1条 目的\n適用範囲\t全従業員\n第3条 漏えい時は委員会に報告する。\n第4条 ログは3年保存する。"


def ev(text, start, end):
    return Evidence(
        text=text, locator="第3条", page=2, clause_id=0, start=start, end=end, status=Status.PARTIAL
    )


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        # offsets point at the clause
        (ev("第3条 漏えい時は委員会に報告する。", 17, 35), (17, 35)),
        # a table row: tabs in the text, " | " in the clause
        (ev("適用範囲 | 全従業員", 7, 16), (7, 16)),
        # wrong offsets: found by searching
        (ev("第4条 ログは3年保存する。", 0, 5), (36, 50)),
        # neither: the source line at the start offset
        (ev("（変換後の文）", 20, 22), (17, 35)),
        # outside the text
        (ev("（なし）", 500, 510), None),
    ],
)
def test_anchor(evidence, expected):
    span = anchor(TEXT, evidence)
    assert ((span.start, span.end) if span else None) == expected
    if span:
        assert span.label == "第3条（p.2）"


def test_highlight_escapes_the_document():
    text = "前文<script>alert(1)</script>「条文」後文"
    out = highlight_html(text, [Span(text.index("「"), text.index("」") + 1, '"><b>', Status.COVERED)])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="&quot;&gt;&lt;b&gt;"' in out
    assert ">「条文」</mark>" in out


def test_highlight_merges_overlaps_and_windows():
    text = "0123456789" * 10
    out = highlight_html(
        text, [Span(10, 20, "a", Status.COVERED), Span(15, 25, "b", Status.MISSING)], (5, 30)
    )
    assert out.count("<mark") == 1 and ">1234567890123456789012345<" not in out
    assert "… 56789<mark" in out and "</mark>56789 …" in out


@pytest.mark.parametrize(
    ("start", "end", "chars", "expected"),
    [
        (17, 35, 10, (7, 50)),  # widened to whole lines
        (17, 35, 5, (12, 40)),  # lines longer than the margin are cut
        (0, 5, 1000, (0, len(TEXT))),
    ],
)
def test_context_window(start, end, chars, expected):
    assert context_window(TEXT, start, end, chars) == expected


def test_loose_ignores_spaces_and_table_separators():
    assert loose("適用範囲 | 全従業員") == loose("適用範囲\t全従業員") == "適用範囲全従業員"
