"""Inter-annotator agreement between the label files and a second labeller's readings."""

import pytest
from pydantic import ValidationError

from analyzer.evaluation.agreement import agreement, load_second_readings
from analyzer.evaluation.labels import DocumentLabels, load_labels
from analyzer.rules.loader import load_ruleset

LABEL = {
    "document": "docs/x.txt",
    "title": "x",
    "style": "memo",
    "split": "dev",
    "rulesets": {
        "pmark-jisq15001": {
            "default": "missing",
            "topics": {"pm-identify": {"status": "covered"}, "pm-legal": {"status": ["partial", "covered"]}},
        }
    },
    "id": "x",
}


def second(tmp_path, body: str):
    (tmp_path / "x.yaml").write_text(body, encoding="utf-8")
    return load_second_readings(tmp_path)


@pytest.fixture(scope="module")
def pmark():
    return load_ruleset("pmark-jisq15001")


def readings_for_all(pmark, **overrides):
    lines = ["pmark-jisq15001:"]
    for _, topic in pmark.topics:
        lines.append(f"  {topic.id}: {overrides.get(topic.id, '{status: missing}')}")
    return "\n".join(lines) + "\n"


def test_identical_readings_agree_fully(tmp_path, pmark):
    body = readings_for_all(pmark, **{"pm-identify": "{status: covered}", "pm-legal": "{status: partial}"})
    result = agreement([DocumentLabels.model_validate(LABEL)], [pmark], second(tmp_path, body))
    assert (result.n, result.strict, result.lenient) == (15, 15, 15)


@pytest.mark.parametrize(
    ("reading", "strict", "lenient"),
    [
        ("{status: covered}", 14, 15),  # the first labeller accepts covered too: lenient only
        ("{status: missing, alt: partial}", 14, 15),  # the second accepts partial: overlap
        ("{status: missing}", 14, 14),  # no overlap: a disagreement
    ],
)
def test_alternatives_count_as_overlap(tmp_path, pmark, reading, strict, lenient):
    body = readings_for_all(pmark, **{"pm-identify": "{status: covered}", "pm-legal": reading})
    result = agreement([DocumentLabels.model_validate(LABEL)], [pmark], second(tmp_path, body))
    assert (result.strict, result.lenient) == (strict, lenient)
    assert len(result.disagreements) == 15 - lenient


def test_a_missing_reading_is_an_error(tmp_path, pmark):
    body = "pmark-jisq15001:\n  pm-identify: {status: covered}\n"
    with pytest.raises(ValueError, match="pm-legal"):
        agreement([DocumentLabels.model_validate(LABEL)], [pmark], second(tmp_path, body))


def test_unknown_keys_are_rejected(tmp_path):
    with pytest.raises(ValidationError):
        second(tmp_path, "pmark-jisq15001:\n  pm-identify: {status: covered, because: x}\n")


def test_corpus_second_readings_cover_every_topic():
    rulesets = [load_ruleset("isp-anshin-mark"), load_ruleset("pmark-jisq15001")]
    readings = load_second_readings()
    labels = [lab for lab in load_labels() if lab.id in readings]
    assert len(labels) == len(readings) >= 4
    result = agreement(labels, rulesets, readings)  # raises on a topic without a reading
    assert result.n >= 300
