import pytest

from analyzer.report.estimate import (
    POINTS_RULE_JA,
    Outlook,
    category_coverage,
    estimate,
    item_points,
)
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decision
from tests.report.factories import ALL_GOOD, make_report, make_ruleset

C, P, M, E, NA = Status.COVERED, Status.PARTIAL, Status.MISSING, Status.EXTERNAL, Status.NOT_APPLICABLE
CONFIRM = {"1-1-2": C, "7-4-1": C}  # a reviewer checked the audit report and the URL


@pytest.mark.parametrize(
    ("status", "points_max", "expected"),
    [(C, 5, 5.0), (P, 5, 2.5), (P, 3, 1.5), (M, 5, 0.0), (E, 5, 0.0), (NA, 5, 0.0), (None, 3, 0.0)],
)
def test_item_points_full_half_zero(status, points_max, expected):
    assert item_points(status, points_max) == expected


@pytest.mark.parametrize(
    ("changes", "decided", "application", "outlook", "points", "met", "unmet", "zero_fail"),
    [
        # document meets everything it can; the audit report and the URL still need checking
        ({}, {}, "new", Outlook.DEPENDS, 9.0, 2, [], []),
        # the reviewer confirmed them: pass
        ({}, CONFIRM, "new", Outlook.PASS, 9.0, 4, [], []),
        # 7-1-2 at 0 points fails outright, whatever the total
        ({"7-1-2": M}, CONFIRM, "renewal", Outlook.FAIL, 5.0, 4, [], ["7-1-2"]),
        # one sub-topic partial: the item earns half (2.5) — below the new line, above renewal's
        ({"7-1-1.pw": P}, CONFIRM, "new", Outlook.DEPENDS, 6.5, 4, [], []),
        ({"7-1-1.pw": P}, CONFIRM, "renewal", Outlook.PASS, 6.5, 4, [], []),
        # a mandatory 規程 item not met
        ({"1-1-1.b": M}, CONFIRM, "renewal", Outlook.FAIL, 9.0, 3, ["1-1-1"], []),
        ({"1-1-1.b": P}, CONFIRM, "renewal", Outlook.FAIL, 9.0, 3, ["1-1-1"], []),
        # even with every external point the total stays under the line
        ({"7-1-1.pw": P, "7-1-2": P}, {}, "new", Outlook.FAIL, 4.5, 2, [], []),
        ({"7-1-1.pw": P, "7-1-2": P}, {}, "renewal", Outlook.DEPENDS, 4.5, 2, [], []),
    ],
)
def test_estimate_outlook(changes, decided, application, outlook, points, met, unmet, zero_fail):
    report = make_report({**ALL_GOOD, **changes})
    decisions = {k: Decision(topic_id=k, status=v) for k, v in decided.items()}
    est = estimate(report, make_ruleset(), application, decisions)
    assert est.outlook is outlook, est.reasons
    assert est.points == points
    assert est.mandatory_met == met
    assert [i.item_id for i in est.mandatory_unmet] == unmet
    assert [i.item_id for i in est.zero_fail_items] == zero_fail
    assert est.label.endswith("（推定）")


def test_pass_line_comes_from_pass_rules():
    rs = make_ruleset()
    for kind in ("new", "renewal"):
        est = estimate(make_report(ALL_GOOD), rs, kind)
        assert est.rule == rs.pass_rules[kind]
        assert est.mandatory_total == 4 and est.points_max == 12


def test_external_items_are_listed_with_what_to_prepare():
    est = estimate(make_report(ALL_GOOD), make_ruleset(), "new")
    ext = {i.item_id: i for i in est.external_items}
    assert set(ext) == {"1-1-2", "1-1-3", "7-4-1", "7-2-3"}
    assert ext["1-1-2"].prepare == "直近の監査報告書"
    assert "URL" in ext["7-4-1"].prepare  # default for web_url items without `prepare`
    assert all(i.points is None for i in ext.values())
    assert est.points_pending == 3  # 1-1-3; not-applicable 7-2-3 has no points anyway
    assert [i.item_id for i in est.mandatory_external] == ["1-1-2", "7-4-1"]  # 7-2-3 does not apply


def test_reviewer_decision_replaces_the_analyser_verdict():
    report = make_report({**ALL_GOOD, "7-1-2": M})
    assert estimate(report, make_ruleset(), "new").zero_fail_items
    fixed = estimate(report, make_ruleset(), "new", {"7-1-2": Decision(topic_id="7-1-2", status=C)})
    assert not fixed.zero_fail_items and fixed.points == 9.0


def test_unknown_application_kind():
    with pytest.raises(ValueError, match="no pass rule 'transfer'"):
        estimate(make_report(), make_ruleset(), "transfer")


def test_note_when_ruleset_and_pass_rule_disagree():
    assert estimate(make_report(ALL_GOOD), make_ruleset(), "new").note == ""
    rs = make_ruleset()
    rs = rs.model_copy(
        update={"pass_rules": {"new": rs.pass_rules["new"].model_copy(update={"mandatory": 34})}}
    )
    assert "必須項目数（ルールセット 4、合格条件 34）" in estimate(make_report(ALL_GOOD), rs, "new").note


def test_points_rule_is_stated():
    assert "一部不足＝満点の半分" in POINTS_RULE_JA


def test_category_coverage_counts_topics_per_category():
    rows = category_coverage(make_report({**ALL_GOOD, "7-1-2": M}), make_ruleset())
    assert [(r.category, r.title) for r in rows] == [("1", "ポリシー"), ("7", "個人情報")]
    cat7 = rows[1]
    assert (cat7.counts[C], cat7.counts[M], cat7.counts[E], cat7.counts[NA]) == (2, 1, 1, 1)
    assert cat7.total == 5
    assert cat7.rate == pytest.approx(2 / 3)
