import math

import pytest

from analyzer.extract.quantities import Bound, find_durations, find_frequencies, parse_number


@pytest.mark.parametrize(
    ("text", "days", "bound"),
    [
        ("通信ログの保存期間は3年間とする。", 1095, Bound.EXACT),
        ("アクセスログは1年以上保存する", 365, Bound.AT_LEAST),
        ("ログは6か月保存する", 180, Bound.EXACT),
        ("ログは6ヶ月間保管する", 180, Bound.EXACT),
        ("ログは半年間保管する", 182.5, Bound.EXACT),
        ("記録は90日保存する", 90, Bound.EXACT),
        ("記録は1年6か月以上保存する", 545, Bound.AT_LEAST),
        ("三年間保存する", 1095, Bound.EXACT),
        ("保存期間は2週間以内とする", 14, Bound.AT_MOST),
        ("ログは無期限に保存する", math.inf, Bound.AT_LEAST),
    ],
)
def test_duration_is_parsed(text, days, bound):
    found = find_durations(text)
    assert found, text
    assert found[0].days == pytest.approx(days)
    assert found[0].bound is bound


@pytest.mark.parametrize(
    "text",
    [
        "改訂日 2022年11月20日",
        "毎年4月1日に見直す",
        "年1回以上教育を行う",
        "1年に1回点検する",
        "第3条に定める",
    ],
)
def test_dates_and_frequencies_are_not_durations(text):
    assert find_durations(text) == []


@pytest.mark.parametrize(
    ("text", "per_year"),
    [
        ("年1回以上実施する", 1),
        ("年に2回実施する", 2),
        ("毎年度実施する", 1),
        ("四半期ごとに確認する", 4),
        ("毎月点検する", 12),
        # once every k units: fewer than once a year is not 「年1回」 (a probe found 2年に1回 → 年に1回)
        ("監査は2年に1回実施する", 0.5),
        ("3年に1回見直す", 1 / 3),
        ("2年ごとに見直す", 0.5),
        ("隔年で実施する", 0.5),
        ("3か月ごとに変更する", 4),
        ("6ヶ月に1回変更する", 2),
        ("半年に1回実施する", 2),
        ("四半期に1回実施する", 4),
        ("月1回点検する", 12),
    ],
)
def test_frequency_is_parsed(text, per_year):
    found = find_frequencies(text)
    assert len(found) == 1, found  # one phrase, one frequency (no 「年に1回」 inside 「2年に1回」)
    assert found[0].per_year == pytest.approx(per_year)


@pytest.mark.parametrize(
    ("token", "value"), [("3", 3), ("十二", 12), ("二十", 20), ("半", 0.5), ("1.5", 1.5)]
)
def test_parse_number(token, value):
    assert parse_number(token) == value
