from pathlib import Path

import pytest

from analyzer.errors import KiteiError
from analyzer.rules.loader import available_rulesets, load_ruleset, load_ruleset_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rulesets"


def test_mini_ruleset_loads():
    rs = load_ruleset_file(FIXTURES / "mini.yaml")
    assert rs.id == "mini"
    assert [t.id for _, t in rs.topics][:2] == ["7-1-1.access-log-retention", "7-1-2"]


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("unknown-key", r"\[E202\].*unknown-key\.yaml: items\.0\.colour: Extra inputs are not permitted"),
        ("missing-title", r"\[E202\].*missing-title\.yaml: title: Field required"),
        ("bad-topic-id", r"\[E202\].*bad-topic-id\.yaml: items\.0\.topics.*must be '7-1-1'"),
        (
            "unknown-concept",
            r"\[E203\].*unknown-concept\.yaml: items\.7-1-1\.topics\.7-1-1\.access-log-retention.*@keep",
        ),
        ("id-mismatch", r"\[E202\].*id-mismatch\.yaml: id: id 'other' != file name"),
        ("bad-check", r"\[E202\].*bad-check\.yaml: items\.0\.topics\.0\.match\.checks\.0.*min_days"),
        ("not-yaml", r"\[E202\].*not-yaml\.yaml: line \d+"),
        (
            "bad-breadth",
            r"\[E202\].*bad-breadth\.yaml: items\.0\.topics\.0\.match\.breadth.*min=3 but only 2 groups",
        ),
    ],
)
def test_broken_ruleset_names_file_and_key(name, pattern):
    with pytest.raises(KiteiError, match=pattern):
        load_ruleset_file(FIXTURES / "broken" / f"{name}.yaml")


def test_unknown_ruleset_id_lists_the_available_ones():
    with pytest.raises(KiteiError, match=r"\[E201\].*nope.*mini"):
        load_ruleset("nope", directory=FIXTURES)


@pytest.mark.parametrize("ruleset_id", ["isp-anshin-mark", "pmark-jisq15001"])
def test_shipped_rulesets_validate(ruleset_id):
    assert ruleset_id in available_rulesets()
    rs = load_ruleset(ruleset_id)
    assert rs.topics
