"""Reviewer decisions: a verdict override and a comment per topic, and their effect on a report.

A decision never changes what the analyser said: :func:`apply_decisions` returns a copy
of the report in which overridden topics carry the reviewer's status (the analyser's
verdict stays in the explanation), and item-level results are re-aggregated from their
topics, so that the estimate, the exports and the comparison read the reviewed verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pydantic import BaseModel, Field

from analyzer.report.model import ExplanationStep, Report, TopicResult, aggregate_item_status
from analyzer.rules.schema import Status

#: Decisions of one report, by topic (or item) id.
Decisions = Mapping[str, "Decision"]


class Decision(BaseModel):
    """What a reviewer decided on one topic of one document and ruleset.

    Attributes:
        topic_id: the topic (or item) id, e.g. ``7-6-3`` or ``7-1-1.password-change``.
        status: the reviewer's verdict, or ``None`` to keep the analyser's verdict
            (a comment alone).
        comment: free text for the applicant or the next reviewer.
        reviewer: who decided (free text, optional).
        updated_at: when the decision was last saved (set by the store).
    """

    topic_id: str = Field(min_length=1, max_length=200)
    status: Status | None = None
    comment: str = ""
    reviewer: str = ""
    updated_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        """True when the decision neither overrides nor comments (nothing to keep)."""
        return self.status is None and not self.comment.strip()


def _override(result: TopicResult, decision: Decision) -> TopicResult:
    assert decision.status is not None
    step = ExplanationStep(
        scorer="reviewer",
        detail=f"レビュー判定 {result.status.value} → {decision.status.value}"
        + (f"（{decision.comment.strip()}）" if decision.comment.strip() else ""),
    )
    return result.model_copy(
        update={"status": decision.status, "explanation": [*result.explanation, step]}, deep=True
    )


def apply_decisions(report: Report, decisions: Decisions | None) -> Report:
    """A copy of ``report`` with the reviewer's verdicts applied.

    Topic results whose decision has a status take that status; the item-level result
    of an item with an overridden topic is re-aggregated from its topics (an item-level
    decision wins over both). The summary counts are recomputed. Without decisions the report is
    returned unchanged.

    Args:
        report: the analyser's report.
        decisions: decisions by topic id (ids not in the report are ignored).

    Returns:
        The reviewed report.
    """
    if not decisions or all(d.status is None for d in decisions.values()):
        return report
    from analyzer.matching.engine import summarize

    topics: list[TopicResult] = []
    touched: set[str] = set()
    for r in report.topic_results:
        d = decisions.get(r.id)
        if d is not None and d.status is not None:
            topics.append(_override(r, d))
            touched.add(r.item)
        else:
            topics.append(r)
    by_item: dict[str, list[Status]] = {}
    for r in topics:
        by_item.setdefault(r.item, []).append(r.status)
    items: list[TopicResult] = []
    for r in report.item_results:
        d = decisions.get(r.id)
        if d is not None and d.status is not None:
            items.append(_override(r, d))
        elif r.id in touched:
            items.append(r.model_copy(update={"status": aggregate_item_status(by_item.get(r.id, []))}))
        else:
            items.append(r)
    results = topics + items
    return report.model_copy(update={"results": results, "summary": summarize(results)})


def effective_status(result: TopicResult, decisions: Decisions | None) -> Status:
    """The reviewer's status for ``result`` when there is one, else the analyser's."""
    d = (decisions or {}).get(result.id)
    return d.status if d is not None and d.status is not None else result.status
