"""Scores of predicted topic statuses against labels.

* accuracy — predicted status is one of the acceptable statuses;
* false assurance — predicted ``covered`` where ``covered`` is not acceptable (the worst
  error: telling an applicant a gap is fine);
* gap detection — a gap is ``missing`` or ``partial``; precision and recall of gaps.
  Where the label accepts several statuses and the prediction is one of them, the truth
  is taken to agree with the prediction; otherwise the labeller's preferred status
  (the first) decides;
* confusion per topic — (preferred label, predicted) counts.
``external`` topics are excluded: no 規程 can show them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from analyzer.rules.schema import Status

GAP = {Status.MISSING, Status.PARTIAL}


@dataclass
class Outcome:
    """One scored topic of one document."""

    doc: str
    ruleset: str
    topic: str
    predicted: Status
    acceptable: list[Status]
    evidence_ok: bool | None = None  # evidence anchor found in the cited clauses (covered/partial only)

    @property
    def correct(self) -> bool:
        """Whether the prediction is acceptable."""
        return self.predicted in self.acceptable


@dataclass
class Scores:
    """Aggregated figures over a set of outcomes."""

    n: int = 0
    accuracy: float = 0.0
    false_assurance: float = 0.0
    false_assurance_count: int = 0
    gap_precision: float = 0.0
    gap_recall: float = 0.0
    gap_f1: float = 0.0
    evidence_accuracy: float | None = None
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "false_assurance": round(self.false_assurance, 4),
            "false_assurance_count": self.false_assurance_count,
            "gap_precision": round(self.gap_precision, 4),
            "gap_recall": round(self.gap_recall, 4),
            "gap_f1": round(self.gap_f1, 4),
            "evidence_accuracy": None if self.evidence_accuracy is None else round(self.evidence_accuracy, 4),
        }


def score(outcomes: list[Outcome]) -> Scores:
    """Compute the figures for ``outcomes`` (external topics are skipped)."""
    rows = [o for o in outcomes if Status.EXTERNAL not in o.acceptable]
    s = Scores(n=len(rows))
    if not rows:
        return s
    s.accuracy = sum(o.correct for o in rows) / len(rows)
    fa = [o for o in rows if o.predicted is Status.COVERED and Status.COVERED not in o.acceptable]
    s.false_assurance_count = len(fa)
    s.false_assurance = len(fa) / len(rows)
    tp = fp = fn = 0
    for o in rows:
        if not set(o.acceptable) <= {Status.COVERED, Status.PARTIAL, Status.MISSING}:
            continue
        pred_gap = o.predicted in GAP
        true_gap = pred_gap if o.correct else o.acceptable[0] in GAP
        tp += pred_gap and true_gap
        fp += pred_gap and not true_gap
        fn += (not pred_gap) and true_gap
    s.gap_precision = tp / (tp + fp) if tp + fp else 1.0
    s.gap_recall = tp / (tp + fn) if tp + fn else 1.0
    p, r = s.gap_precision, s.gap_recall
    s.gap_f1 = 2 * p * r / (p + r) if p + r else 0.0
    ev = [o.evidence_ok for o in rows if o.evidence_ok is not None]
    s.evidence_accuracy = sum(ev) / len(ev) if ev else None
    conf: dict[str, Counter[str]] = defaultdict(Counter)
    for o in rows:
        conf[o.topic][f"{o.acceptable[0].value}->{o.predicted.value}"] += 1
    s.confusion = {t: dict(c) for t, c in sorted(conf.items())}
    return s
