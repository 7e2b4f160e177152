"""Durations (保存期間) and frequencies (年1回以上) in Japanese text.

All patterns run on NFKC-normalised text (full-width digits become ASCII). Patterns have
no nested quantifiers, so their cost stays linear in the line length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100}

_NUM = r"(?:\d{1,4}(?:\.\d{1,2})?|[〇一二三四五六七八九十百]{1,4}|半)"
# Units, longest first. Values are days per unit.
_UNITS: list[tuple[str, float]] = [
    ("箇月", 30),
    ("か月", 30),
    ("カ月", 30),
    ("ヶ月", 30),
    ("ケ月", 30),
    ("ヵ月", 30),
    ("ヵ月", 30),
    ("ケ月", 30),
    ("月", 30),
    ("年度", 365),
    ("年", 365),
    ("週間", 7),
    ("週", 7),
    ("日", 1),
]
_UNIT_RE = "|".join(re.escape(u) for u, _ in _UNITS)
# The look-behind keeps a match from starting inside a longer number (「12345日」 is not
# 2345 days; found by a property test).
_DURATION_RE = re.compile(
    rf"(?<![\d.])(?P<num>{_NUM})\s?(?P<unit>{_UNIT_RE})(?P<kan>間)?(?:\s?(?P<num2>{_NUM})\s?(?P<unit2>{_UNIT_RE})(?:間)?)?"
    rf"(?P<bound>以上|以内|未満|を超え|超|まで|程度)?"
)
_HALF_YEAR_RE = re.compile(r"半年(?:間)?(?P<bound>以上|以内|未満|程度)?")
_FREQ_AFTER_RE = re.compile(r"に\d{1,3}回|に[一二三四五六七八九十]回|ごと|毎|おき")
_FOREVER_RE = re.compile(r"永年|永久|無期限|期限を定めず")

# Frequency: 年1回以上, 年に2回, 2年に1回, 3か月ごと, 毎年, 年度ごと, 四半期ごと, 毎月, 隔年
_MONTHS = r"(?:箇月|か月|カ月|ヶ月|ケ月|ヵ月|月)"
_FREQ_RE = re.compile(
    rf"(?:(?<![\d.])(?P<k>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s?)?(?P<per>(?<!半)年度|(?<![半度])年|(?<!四)半期|四半期|{_MONTHS}|週)"
    rf"(?:に|あたり|当たり)?\s?(?P<n>{_NUM})\s?回(?P<bound>以上)?"
)
# 「2年ごと」「6か月ごとに」「3年おき」: once every k units
_EVERY_RE = re.compile(
    rf"(?<![\d.])(?P<k>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s?(?P<per>年度|年|{_MONTHS}|週)(?:ごと|毎|おき|間隔)"
)
_FREQ_WORDS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"毎年度?|年度ごと|年度単位|(?<![半\d〇一二三四五六七八九十])年ごと|毎事業年度|年次"), 1.0),
    # 「1月に点検を行い」: a fixed month of the year means once a year
    (
        re.compile(
            r"(?<![\d年./])(?:1[0-2]|[1-9])月(?:に|中に|末までに)(?=[^。]{0,20}(?:実施|点検|行|開催|見直|監査|教育|研修))"
        ),
        1.0,
    ),
    (re.compile(r"(?<!四)半期ごと|半年ごと|半年に1回"), 2.0),
    (re.compile(r"四半期ごと"), 4.0),
    (re.compile(r"毎月|月次|(?<![\d〇一二三四五六七八九十か])月ごと"), 12.0),
    (re.compile(r"毎週|週次"), 52.0),
    (re.compile(r"隔年"), 0.5),
    (re.compile(r"隔月"), 6.0),
]
_PER_YEAR = {"年": 1.0, "年度": 1.0, "半期": 2.0, "四半期": 4.0, "月": 12.0, "週": 52.0}


def _per_year(unit: str) -> float:
    return _PER_YEAR["月"] if unit.endswith("月") else _PER_YEAR[unit]


_DAYS_PER_UNIT = dict(_UNITS)


class Bound(str, Enum):
    """How a quantity is bounded."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@dataclass(frozen=True)
class Duration:
    """A period of time found in text, in days (365 per year, 30 per month)."""

    days: float
    bound: Bound
    text: str
    start: int
    end: int

    @property
    def forever(self) -> bool:
        """True for 永年/無期限."""
        return self.days == float("inf")

    def describe(self) -> str:
        """Human form used in reasons, e.g. ``3年`` or ``6か月``."""
        return self.text


@dataclass(frozen=True)
class Frequency:
    """A frequency found in text, in times per year."""

    per_year: float
    at_least: bool
    text: str
    start: int
    end: int


def parse_number(token: str) -> float:
    """Parse ``3``, ``1.5``, ``三``, ``十二``, ``半`` (0.5) into a number."""
    if token == "半":
        return 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    total, current = 0, 0
    for ch in token:
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
    return float(total + current)


def _bound(word: str | None) -> Bound:
    if word in ("以上", "を超え", "超"):
        return Bound.AT_LEAST
    if word in ("以内", "未満", "まで"):
        return Bound.AT_MOST
    return Bound.EXACT


def find_durations(text: str) -> list[Duration]:
    """All durations in ``text`` (NFKC-normalised), in order of appearance.

    ``3年間`` → 1095 days; ``6か月`` → 180; ``半年`` → 182.5; ``1年6か月以上`` → 545,
    at least; ``90日`` → 90; ``無期限`` → infinity. Dates such as ``2022年4月1日`` and
    frequencies such as ``年1回`` are not durations.
    """
    found: list[Duration] = []
    for m in _DURATION_RE.finditer(text):
        unit = m.group("unit")
        # A date (2022年4月) or a frequency (年1回) is not a duration.
        after = text[m.end() : m.end() + 2]
        if re.match(r"\d", after) and unit in ("年", "月"):
            continue
        if after.startswith("回") or text[max(0, m.start() - 1) : m.start()] in ("毎",):
            continue
        if _FREQ_AFTER_RE.match(text, m.end()):
            continue  # 1年に1回 / 1年ごと are frequencies
        num_text = m.group("num")
        if unit == "年" and re.fullmatch(r"\d{4}", num_text):
            continue  # 2022年
        if unit == "月" and not m.group("kan") and not m.group("bound"):
            continue  # 4月 / 4月1日 are calendar dates; a period is written か月 or 月間
        if unit == "日" and not m.group("kan") and not m.group("bound") and not m.group("num2"):
            # 4月 / 1日 alone are calendar dates, unless written as 月間 / 日間 or bounded
            if unit == "月" or re.match(r"[\d月]", text[max(0, m.start() - 1) : m.start()] or " "):
                continue
        days = parse_number(num_text) * _DAYS_PER_UNIT[unit]
        if m.group("num2") and m.group("unit2"):
            days += parse_number(m.group("num2")) * _DAYS_PER_UNIT[m.group("unit2")]
        found.append(Duration(days, _bound(m.group("bound")), m.group(0), m.start(), m.end()))
    for m in _HALF_YEAR_RE.finditer(text):
        if not any(d.start <= m.start() < d.end for d in found):
            found.append(Duration(182.5, _bound(m.group("bound")), m.group(0), m.start(), m.end()))
    for m in _FOREVER_RE.finditer(text):
        found.append(Duration(float("inf"), Bound.AT_LEAST, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def find_frequencies(text: str) -> list[Frequency]:
    """All frequencies in ``text``: ``年1回以上`` → 1/year at least, ``毎月`` → 12/year."""
    found: list[Frequency] = []
    for m in _FREQ_RE.finditer(text):
        n = parse_number(m.group("n"))
        k = parse_number(m.group("k")) if m.group("k") else 1.0
        if m.group("per") in ("半期", "四半期") and m.group("k"):
            continue  # 「2半期」 is not a way of writing a period
        if k <= 0:
            continue  # 「0年に1回」 states no frequency
        found.append(
            Frequency(
                n * _per_year(m.group("per")) / k, bool(m.group("bound")), m.group(0), m.start(), m.end()
            )
        )
    for m in _EVERY_RE.finditer(text):
        if not any(f.start <= m.start() < f.end for f in found):
            k = parse_number(m.group("k"))
            if k > 0:
                found.append(Frequency(_per_year(m.group("per")) / k, True, m.group(0), m.start(), m.end()))
    for pattern, per_year in _FREQ_WORDS:
        for m in pattern.finditer(text):
            if not any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
                found.append(Frequency(per_year, True, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def format_days(days: float) -> str:
    """Render a number of days as 年 / か月 / 日 for reasons."""
    if days == float("inf"):
        return "無期限"
    # Exact multiples only: with a 1% tolerance 364日 read 「1年」 in 「364日（1年）は1年以上に満たない」.
    if days >= 365 and abs(days / 365 - round(days / 365)) < 1e-9:
        return f"{round(days / 365)}年"
    if days >= 30 and abs(days / 30 - round(days / 30)) < 1e-9:
        return f"{round(days / 30)}か月"
    return f"{days:g}日"
