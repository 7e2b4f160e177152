"""Properties of the structure parser on arbitrary text: no crash, offsets inside the document, linear cost."""

from __future__ import annotations

import hashlib
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analyzer.document import Block, BlockKind, Document
from analyzer.structure import match_numbering, parse_clauses
from analyzer.structure.parser import MAX_RECORD_LINES
from tests.conftest import make_document
from tests.property.strategies import FRAGMENTS, lines, mixed_text

PROPS = settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])

blocks = st.lists(
    st.builds(
        Block,
        kind=st.sampled_from(list(BlockKind)),
        text=mixed_text,
        index=st.just(0),
        page=st.one_of(st.none(), st.integers(1, 500)),
        level=st.one_of(st.none(), st.integers(1, 6)),
        numbering=st.one_of(
            st.just(""), st.sampled_from(["第1条", "1.1", "(1)", "一", "①", "第2章", "ア", "・"]), mixed_text
        ),
        cells=st.lists(mixed_text, max_size=4),
    ),
    min_size=1,
    max_size=20,
)


def _document(bs: list[Block]) -> Document:
    for i, b in enumerate(bs):
        b.index = i
    text = "\n".join(b.display_text for b in bs)
    return Document("prop.txt", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), "txt", bs)


def _block_spans(doc: Document) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for b in doc.blocks:
        spans.append((offset, offset + len(b.display_text)))
        offset += len(b.display_text) + 1
    return spans


def assert_clauses_valid(doc: Document) -> None:
    clauses = parse_clauses(doc)
    n = len(doc.text)
    spans = _block_spans(doc)
    for i, c in enumerate(clauses):
        assert c.id == i
        assert 0 <= c.start < c.end <= n, (c.start, c.end, n, c.text)
        assert 0 <= c.block_index < len(doc.blocks)
        lo, hi = spans[c.block_index]
        # a record of label lines (「対象：全従業者 / 頻度：年1回」) starts in its first block and
        # may run over the next MAX_RECORD_LINES - 1 lines; every other clause stays in its block
        last = c.block_index + c.text.count(" / ") if " / " in c.text else c.block_index
        last = min(last, c.block_index + MAX_RECORD_LINES - 1, len(spans) - 1)
        assert lo <= c.start and c.end <= spans[last][1], (c.start, c.end, lo, hi)
        assert isinstance(c.locator, str) and c.locator
        assert c.text.strip() and c.norm


@PROPS
@given(lines)
@example(["0:0", "0:0"])  # found by hypothesis: two label lines are one record spanning both
def test_lines_never_crash_and_offsets_stay_inside(ls):
    assert_clauses_valid(make_document(ls))


@PROPS
@given(blocks)
def test_arbitrary_blocks_never_crash_and_offsets_stay_inside(bs):
    assert_clauses_valid(_document(bs))


@PROPS
@given(mixed_text)
def test_ingested_text_never_crashes(text):
    from analyzer.errors import KiteiError
    from analyzer.ingest import load_document

    try:
        doc = load_document("prop.txt", data=text.encode("utf-8", "surrogatepass"))
    except KiteiError:
        return  # empty, binary-looking or undecodable text is refused with a code
    assert_clauses_valid(doc)


@PROPS
@given(mixed_text)
def test_numbering_label_and_rest_come_from_the_text(text):
    n = match_numbering(text)
    if n is None:
        return
    s = text.lstrip()
    assert s.startswith(n.label) or n.label in s
    assert n.rest == "" or n.rest in s
    assert n.depth >= 1


SLOW_INPUTS = [
    "1." * 2500,
    "1" * 5000,
    "１．" * 2500,
    "第" + "1" * 4999,
    "第" + "1." * 2499 + "条",
    "(" * 5000,
    "（1）" * 1250,
    "1.1.1.1.1.1.1" * 400,
    "1 " * 2500,
    "・" * 5000,
    "一" * 5000,
]


@pytest.mark.parametrize("text", SLOW_INPUTS, ids=lambda t: repr(t[:8]))
def test_long_digit_and_dot_runs_stay_fast(text):
    t0 = time.perf_counter()
    match_numbering(text)
    parse_clauses(make_document([text]))
    parse_clauses(make_document(text.split(" ")))
    assert (
        time.perf_counter() - t0 < 5.0
    )  # a guard against exponential backtracking (normally ~0.05 s), not a speed target


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join))
def test_repeated_fragments_stay_fast(unit):
    text = (unit * (5000 // len(unit) + 1))[:5000]
    t0 = time.perf_counter()
    match_numbering(text)
    parse_clauses(make_document([text]))
    assert time.perf_counter() - t0 < 5.0


def assert_offsets_follow_the_text(doc: Document) -> None:
    clauses = parse_clauses(doc)
    spans = _block_spans(doc)
    last: dict[int, int] = {}
    for c in clauses:
        lo, hi = spans[c.block_index]
        block_text = doc.text[lo:hi]
        if c.block_index in last:
            assert c.start >= last[c.block_index], (c.text, c.start, last[c.block_index])
        last[c.block_index] = c.start
        if block_text.count(c.text) == 1:
            assert doc.text[c.start : c.end] == c.text


@PROPS
@given(lines)
def test_clause_offsets_follow_the_text(ls):
    assert_offsets_follow_the_text(make_document(ls))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("第1条 記録を保存する。記録を保存する。", [4, 12]),
        ("ログを保存する。ログを保存する。 ログを保存する。", [0, 8, 17]),
    ],
)
def test_repeated_sentences_get_their_own_offsets(line, expected):
    assert [c.start for c in parse_clauses(make_document([line]))] == expected
