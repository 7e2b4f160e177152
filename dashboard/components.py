"""Small rendering helpers shared by the pages (labels, highlighted text, charts)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from analyzer.report.estimate import CategoryCoverage
from analyzer.report.model import Evidence, TopicResult
from analyzer.report.render import STATUS_JA
from analyzer.rules.schema import Status

STATUS_COLOR = {
    Status.COVERED: "#2e7d32",
    Status.PARTIAL: "#ef6c00",
    Status.MISSING: "#c62828",
    Status.EXTERNAL: "#1565c0",
    Status.NOT_APPLICABLE: "#9e9e9e",
}
#: Marks that every CJK font renders (no emoji font is needed).
STATUS_ICON = {
    Status.COVERED: "✓",
    Status.PARTIAL: "△",
    Status.MISSING: "✗",
    Status.EXTERNAL: "？",
    Status.NOT_APPLICABLE: "－",
}
STATUS_ORDER = [Status.MISSING, Status.PARTIAL, Status.COVERED, Status.EXTERNAL, Status.NOT_APPLICABLE]
CONTEXT_CHARS = 240


def status_label(status: Status | None) -> str:
    """``✗ 不足`` style label."""
    if status is None:
        return "（分析結果のまま）"
    return f"{STATUS_ICON[status]} {STATUS_JA[status]}"


def topic_row(r: TopicResult, **extra: str) -> dict[str, str]:
    """One row of a topic table: id, 必須, title, verdict, then ``extra`` columns, then the reason."""
    row = {
        "項目": r.id,
        "必須": "必須" if r.mandatory else "",
        "内容": r.title,
        "判定": status_label(r.status),
    }
    row.update(extra)
    row.setdefault("理由", r.reason)
    return row


def locator_text(e: Evidence) -> str:
    """Locator with the page, e.g. ``第12条第2項（p.3）``."""
    return e.locator + (f"（p.{e.page}）" if e.page else "")


@dataclass(frozen=True)
class Span:
    """A highlighted range of the document text."""

    start: int
    end: int
    label: str
    status: Status


def _merge(spans: Iterable[Span], length: int) -> list[Span]:
    clean = sorted(
        (Span(max(0, s.start), min(length, s.end), s.label, s.status) for s in spans if s.end > s.start),
        key=lambda s: (s.start, -s.end),
    )
    out: list[Span] = []
    for s in clean:
        if out and s.start < out[-1].end:  # overlapping: keep the first, extend it
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, s.end), last.label, last.status)
        else:
            out.append(s)
    return out


def highlight_html(text: str, spans: Sequence[Span], window: tuple[int, int] | None = None) -> str:
    """HTML of ``text`` (escaped) with the spans in ``<mark>``; only ``window`` when given.

    Args:
        text: the document text.
        spans: ranges to highlight (offsets into ``text``).
        window: ``(start, end)`` of the part to show, else the whole text.

    Returns:
        HTML safe to render (every piece of the document is escaped).
    """
    lo, hi = window or (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    parts: list[str] = []
    pos = lo
    for s in _merge(spans, len(text)):
        if s.end <= lo or s.start >= hi:
            continue
        a, b = max(s.start, lo), min(s.end, hi)
        parts.append(html.escape(text[pos:a]))
        color = STATUS_COLOR[s.status]
        parts.append(
            f'<mark class="kitei-evidence" title="{html.escape(s.label)}" '
            f'style="background:{color}22;border-bottom:2px solid {color};padding:0 1px">'
            f"{html.escape(text[a:b])}</mark>"
        )
        pos = b
    parts.append(html.escape(text[pos:hi]))
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    body = prefix + "".join(parts) + suffix
    return (
        '<div class="kitei-doc" style="white-space:pre-wrap;line-height:1.7;font-size:0.92rem;'
        'border:1px solid #ddd;border-radius:6px;padding:0.6rem 0.8rem;max-height:28rem;overflow:auto">'
        f"{body}</div>"
    )


def context_window(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[int, int]:
    """A window of about ``chars`` characters each side of ``start:end``, widened to whole lines.

    A line longer than ``chars`` is cut instead of widened (the window stays bounded).
    """
    lo = max(0, start - chars)
    hi = min(len(text), end + chars)
    nl = text.rfind("\n", max(0, lo - chars), lo)
    lo = nl + 1 if nl != -1 else (0 if lo <= chars else lo)
    nl = text.find("\n", hi, min(len(text), hi + chars))
    hi = nl if nl != -1 else (len(text) if len(text) - hi <= chars else hi)
    return lo, hi


_LOOSE = re.compile(r"[\s|｜]+")


def loose(text: str) -> str:
    """``text`` without whitespace and table separators, to compare a clause with the document text."""
    return _LOOSE.sub("", text)


def anchor(text: str, e: Evidence) -> Span | None:
    """The evidence clause as a span of the document text.

    The offsets are used when the text there is the clause (the tabs of a table row read
    " | " in the clause); else the clause is searched for; else the source line at the
    start offset is highlighted; ``None`` when the offsets are outside the text.

    Args:
        text: the document text (:attr:`analyzer.document.Document.text`).
        e: the evidence.

    Returns:
        The span to highlight, or ``None``.
    """
    label = locator_text(e)
    if 0 <= e.start < e.end <= len(text) and loose(text[e.start : e.end]) == loose(e.text):
        return Span(e.start, e.end, label, e.status)
    pos = text.find(e.text) if e.text else -1
    if pos != -1:
        return Span(pos, pos + len(e.text), label, e.status)
    if 0 <= e.start < len(text):
        lo = text.rfind("\n", 0, e.start) + 1
        hi = text.find("\n", e.start)
        return Span(lo, hi if hi != -1 else len(text), label, e.status)
    return None


def coverage_chart(rows: list[CategoryCoverage]) -> alt.Chart:
    """A stacked horizontal bar per category: topics covered, partial, missing, external, n/a."""
    data = pd.DataFrame(
        [
            {
                "区分": f"{r.category} {r.title}"[:40],
                "判定": STATUS_JA[s],
                "件数": r.counts[s],
                "順": STATUS_ORDER.index(s),
            }
            for r in rows
            for s in STATUS_ORDER
            if r.counts[s]
        ]
    )
    if data.empty:
        data = pd.DataFrame([{"区分": "-", "判定": STATUS_JA[Status.MISSING], "件数": 0, "順": 0}])
    order = [STATUS_JA[s] for s in STATUS_ORDER]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("区分:N", sort=[f"{r.category} {r.title}"[:40] for r in rows], title=None),
            x=alt.X("件数:Q", stack="zero", title="小項目の数"),
            color=alt.Color(
                "判定:N",
                scale=alt.Scale(domain=order, range=[STATUS_COLOR[s] for s in STATUS_ORDER]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("順:Q"),
            tooltip=["区分", "判定", "件数"],
        )
    )


def show_error(message: str) -> None:
    """A coded bilingual error message (never a traceback)."""
    st.error(message, icon=":material/error:")
