"""Properties of the extractors on arbitrary text: no crash, spans inside the text, round trips, linear cost."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analyzer.document import normalize
from analyzer.extract.authorities import find_authorities
from analyzer.extract.polarity import Polarity, classify, find_reference
from analyzer.extract.quantities import (
    Bound,
    find_durations,
    find_frequencies,
    format_days,
    parse_number,
)
from tests.property.strategies import FRAGMENTS, mixed_text

PROPS = settings(max_examples=200, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
texts = mixed_text.map(normalize)


@PROPS
@given(texts)
def test_durations_never_crash_and_spans_match(text):
    for d in find_durations(text):
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.text
        assert d.days >= 0
        assert isinstance(d.bound, Bound)


@PROPS
@given(texts)
@example("0年1回")  # found by hypothesis: a zero period divided by zero
@example("0か月ごとに")
def test_frequencies_never_crash_and_spans_match(text):
    for f in find_frequencies(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.per_year >= 0


@PROPS
@given(texts)
def test_authorities_never_crash_and_do_not_overlap(text):
    found = find_authorities(text)
    for a in found:
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.text
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


@PROPS
@given(texts)
def test_polarity_always_classifies(text):
    result = classify(text)
    assert isinstance(result.polarity, Polarity)
    assert all(cue and cue in text for cue in result.cues)
    ref = find_reference(text)
    assert ref is None or ref in text


@PROPS
@given(texts)
def test_general_affairs_department_is_never_the_ministry(text):
    for a in find_authorities(text + "総務部"):
        if a.text in ("総務部", "総務課"):
            assert a.id == "internal-ga"


UNITS = {"年": 365, "か月": 30, "ヶ月": 30, "カ月": 30, "箇月": 30, "日": 1, "週間": 7}
CONTEXTS = ["{}", "{}間", "ログは{}保存する。", "保存期間は{}とする", "記録を{}以上保管する"]


@PROPS
@given(st.integers(1, 9999), st.sampled_from(list(UNITS)), st.sampled_from(CONTEXTS))
def test_duration_round_trip(n, unit, context):
    if unit == "年" and n >= 1000 and context in ("{}",):
        return  # 2022年 alone is a year, not a period
    text = context.format(f"{n}{unit}")
    found = [d for d in find_durations(normalize(text)) if not d.forever]
    if unit == "年" and n >= 1000:
        assert not found or found[0].days == n * 365  # a four-digit 年 may be read as a year
        return
    assert len(found) == 1, (text, found)
    assert found[0].days == pytest.approx(n * UNITS[unit])


@PROPS
@given(st.integers(1, 999), st.sampled_from([365, 30, 1]))
def test_format_days_round_trips(n, per_unit):
    days = n * per_unit
    text = format_days(days)
    found = find_durations(f"保存期間は{text}とする")
    assert len(found) == 1, (days, text, found)
    assert found[0].days == pytest.approx(days)


@PROPS
@given(st.integers(0, 99999), st.sampled_from(["年", "か月", "日", "週間"]))
def test_a_longer_number_is_never_cut(n, unit):
    """「12345日」 must not be read as 2345 days: a duration never starts inside a number."""
    text = f"保存期間は{n}{unit}間とする"
    for d in find_durations(text):
        assert not text[d.start - 1 : d.start].isdigit(), (text, d)


@given(st.integers(1, 9999))
@settings(max_examples=100, deadline=1000)
def test_parse_number_reads_arabic_numbers(n):
    assert parse_number(str(n)) == n


SLOW_INPUTS = [
    "1." * 2500,
    "1" * 5000,
    "1.1" * 1666,
    "1年" * 2500,
    "1 年" * 1666,
    "年1" * 2500,
    "年に" * 2500,
    "一" * 5000,
    "十百" * 2500,
    "禁止" * 2500,
    "・" * 5000,
    "総務" * 2500,
    "1年1年1か月" * 700,
]


@pytest.mark.parametrize("text", SLOW_INPUTS, ids=lambda t: repr(t[:8]))
def test_long_inputs_stay_fast(text):
    t0 = time.perf_counter()
    find_durations(text)
    find_frequencies(text)
    find_authorities(text)
    classify(text)
    find_reference(text)
    assert time.perf_counter() - t0 < 0.5


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join))
def test_repeated_fragments_stay_fast(unit):
    text = normalize((unit * (5000 // len(unit) + 1))[:5000])
    t0 = time.perf_counter()
    find_durations(text)
    find_frequencies(text)
    find_authorities(text)
    classify(text)
    assert time.perf_counter() - t0 < 0.5


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("保存期間は12345日間とする", None),
        ("ログは10000か月保存", None),
        ("ログは1.234年保存", None),
        ("ログは90日保存", 90),
    ],
)
def test_regression_numbers_are_not_cut(text, days):
    found = find_durations(text)
    assert [d.days for d in found] == ([] if days is None else [days])


@pytest.mark.parametrize(
    ("days", "text"), [(364, "364日"), (366, "366日"), (365, "1年"), (360, "12か月"), (90, "3か月")]
)
def test_regression_format_days_is_exact(days, text):
    assert format_days(days) == text
