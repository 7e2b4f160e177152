"""Derive clause-level training labels from the corpus label files."""

from __future__ import annotations

from analyzer.classifier.model import ClauseClassifier, TrainingSet, squash
from analyzer.document import Clause
from analyzer.evaluation.labels import DocumentLabels
from analyzer.matching.engine import DocumentContext
from analyzer.rules.schema import Ruleset, Status

MIN_OVERLAP = 8


def anchor_clauses(anchor: str, clauses: list[Clause]) -> set[int]:
    """Clauses containing the anchor, or contained in it (long enough to be meaningful)."""
    a = squash(anchor)
    out: set[int] = set()
    for c in clauses:
        t = squash(c.text)
        if a and (a in t or (len(t) >= MIN_OVERLAP and t in a)):
            out.add(c.id)
    return out


def document_examples(
    label: DocumentLabels, ctx: DocumentContext, rulesets: list[Ruleset]
) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Positive and negative clause ids per topic for one document."""
    clauses = ctx.clauses
    positives: dict[str, set[int]] = {}
    negatives: dict[str, set[int]] = {}
    labelled: dict[int, set[str]] = {}
    for cl in label.clauses:
        for cid in anchor_clauses(cl.text, clauses):
            labelled.setdefault(cid, set()).update(cl.topics)
    for ruleset in rulesets:
        expected = label.expected(ruleset)
        for _, topic in ruleset.topics:
            pos = {cid for cid, topics in labelled.items() if topic.id in topics}
            acceptable = expected[topic.id]
            if acceptable[0] in (Status.COVERED, Status.PARTIAL):
                for anchor in label.evidence(ruleset.id, topic.id):
                    pos |= anchor_clauses(anchor, clauses)
            if set(acceptable) <= {Status.MISSING, Status.NOT_APPLICABLE}:
                neg = {c.id for c in clauses} - pos
            else:
                neg = {cid for cid, topics in labelled.items() if topic.id not in topics} - pos
            if pos:
                positives[topic.id] = pos
            if neg:
                negatives[topic.id] = neg
    return positives, negatives


def train(items: list[tuple[DocumentLabels, DocumentContext]], rulesets: list[Ruleset]) -> ClauseClassifier:
    """Train a classifier on the given (label, prepared document) pairs, in a fixed order."""
    data = TrainingSet()
    for label, ctx in sorted(items, key=lambda p: p[0].id):
        pos, neg = document_examples(label, ctx, rulesets)
        data.add_document(label.id, ctx.clauses, ctx.artifacts, pos, neg)
    return ClauseClassifier().fit(data)
