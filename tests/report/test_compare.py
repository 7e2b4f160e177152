import pytest

from analyzer.report.compare import Change, compare_reports
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decision
from tests.report.factories import SHA_A, SHA_B, make_report, make_ruleset

C, P, M, E, NA = Status.COVERED, Status.PARTIAL, Status.MISSING, Status.EXTERNAL, Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("before", "after", "change", "improved", "worsened"),
    [
        (M, C, Change.CLOSED, True, False),
        (P, C, Change.CLOSED, True, False),
        (M, NA, Change.CLOSED, True, False),
        (M, P, Change.REMAINS, True, False),
        (P, M, Change.REMAINS, False, True),
        (M, M, Change.REMAINS, False, False),
        (C, M, Change.NEW, False, True),
        (C, P, Change.NEW, False, True),
        (NA, M, Change.NEW, False, True),
        (C, C, Change.UNCHANGED, False, False),
        (E, E, Change.UNCHANGED, False, False),
    ],
)
def test_change_of_one_topic(before, after, change, improved, worsened):
    comp = compare_reports(make_report({"7-1-2": before}, SHA_A), make_report({"7-1-2": after}, SHA_B))
    c = next(c for c in comp.changes if c.topic_id == "7-1-2")
    assert (c.before, c.after, c.change) == (before, after, change)
    assert (c.improved, c.worsened) == (improved, worsened)


def test_lists_closed_remaining_new_mandatory_first():
    before = make_report({"1-1-1.a": M, "1-1-1.b": C, "7-1-2": M, "7-1-1.log": P, "7-1-1.pw": C}, SHA_A)
    after = make_report({"1-1-1.a": C, "1-1-1.b": M, "7-1-2": C, "7-1-1.log": P, "7-1-1.pw": C}, SHA_B)
    comp = compare_reports(before, after)
    assert [c.topic_id for c in comp.closed] == ["1-1-1.a", "7-1-2"]
    assert [c.topic_id for c in comp.new] == ["1-1-1.b"]
    # missing everywhere (1-1-2, 1-1-3, 7-4-1, 7-2-3 default to missing), mandatory first
    assert [c.topic_id for c in comp.remaining] == ["1-1-2", "7-2-3", "7-4-1", "1-1-3", "7-1-1.log"]
    assert (comp.before_sha256, comp.after_sha256) == (SHA_A, SHA_B)


def test_reviewer_decisions_are_compared():
    before = make_report({"7-1-2": M}, SHA_A)
    after = make_report({"7-1-2": M}, SHA_B)
    accepted = {"7-1-2": Decision(topic_id="7-1-2", status=C)}
    c = next(c for c in compare_reports(before, after, accepted, {}).changes if c.topic_id == "7-1-2")
    assert c.change is Change.NEW
    c = next(c for c in compare_reports(before, after, {}, accepted).changes if c.topic_id == "7-1-2")
    assert c.change is Change.CLOSED


def test_topic_dropped_from_the_ruleset():
    old_rs = make_ruleset()
    new_rs = old_rs.model_copy(update={"items": [i for i in old_rs.items if i.id != "7-1-2"]})
    comp = compare_reports(make_report({"7-1-2": M}, SHA_A, old_rs), make_report({}, SHA_B, new_rs))
    gone = next(c for c in comp.changes if c.topic_id == "7-1-2")
    assert (gone.before, gone.after, gone.change) == (M, None, Change.CLOSED)


def test_different_rulesets_are_refused():
    with pytest.raises(ValueError, match="cannot compare"):
        compare_reports(make_report(), make_report(ruleset=make_ruleset("other")))
