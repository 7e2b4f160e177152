import pytest

from analyzer.report.model import aggregate_item_status
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decision, apply_decisions, effective_status
from tests.report.factories import ALL_GOOD, make_report

C, P, M, E, NA = Status.COVERED, Status.PARTIAL, Status.MISSING, Status.EXTERNAL, Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [([C, C], C), ([M, M], M), ([], M), ([NA, NA], NA), ([C, M], P), ([C, NA], P), ([E], E), ([P], P)],
)
def test_item_status_from_topics(statuses, expected):
    assert aggregate_item_status(statuses) is expected


@pytest.mark.parametrize(
    ("decisions", "topic", "item", "topic_status", "item_status"),
    [
        # overriding a topic re-aggregates its item
        ({"7-1-1.pw": M}, "7-1-1.pw", "7-1-1", M, P),
        ({"7-1-1.pw": M, "7-1-1.log": M}, "7-1-1.log", "7-1-1", M, M),
        # a decision on the item itself wins
        ({"7-1-1.pw": M, "7-1-1": C}, "7-1-1.pw", "7-1-1", M, C),
        # a comment alone changes nothing
        ({"7-1-1.pw": None}, "7-1-1.pw", "7-1-1", C, C),
    ],
)
def test_apply_decisions(decisions, topic, item, topic_status, item_status):
    report = make_report(ALL_GOOD)
    decs = {k: Decision(topic_id=k, status=v, comment="c") for k, v in decisions.items()}
    reviewed = apply_decisions(report, decs)
    assert reviewed.topic(topic).status is topic_status
    assert reviewed.topic(item).status is item_status
    assert report.topic(topic).status is C  # the analyser's report is not modified


def test_override_is_explained_and_counted():
    report = make_report(ALL_GOOD)
    reviewed = apply_decisions(
        report, {"7-1-2": Decision(topic_id="7-1-2", status=M, comment="媒体の定めなし")}
    )
    step = reviewed.topic("7-1-2").explanation[-1]
    assert (step.scorer, step.detail) == ("reviewer", "レビュー判定 covered → missing（媒体の定めなし）")
    assert reviewed.summary.counts["missing"] == report.summary.counts["missing"] + 1


def test_no_decisions_returns_the_same_report():
    report = make_report(ALL_GOOD)
    assert apply_decisions(report, None) is report
    assert apply_decisions(report, {"x": Decision(topic_id="x", comment="only a comment")}) is report


def test_effective_status():
    r = make_report(ALL_GOOD).topic("7-1-2")
    assert effective_status(r, None) is C
    assert effective_status(r, {"7-1-2": Decision(topic_id="7-1-2", status=P)}) is P
    assert effective_status(r, {"7-1-2": Decision(topic_id="7-1-2", comment="c")}) is C
