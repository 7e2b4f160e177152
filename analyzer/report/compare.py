"""Compare two versions of a document: which gaps were closed, which remain, which are new.

A gap is a topic whose status is ``missing`` or ``partial`` (after reviewer decisions,
when given). Topics are matched by id between the two reports of the same ruleset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from analyzer.report.model import Report, TopicResult
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decisions, apply_decisions

GAP_STATUSES = frozenset({Status.MISSING, Status.PARTIAL})
_RANK = {Status.MISSING: 0, Status.PARTIAL: 1, Status.COVERED: 2, Status.NOT_APPLICABLE: 2}


class Change(str, Enum):
    """How a topic changed between the versions."""

    CLOSED = "closed"  # a gap before, not any more
    REMAINS = "remains"  # a gap in both versions
    NEW = "new"  # not a gap before, a gap now
    UNCHANGED = "unchanged"  # not a gap in either version


CHANGE_JA = {
    Change.CLOSED: "解消された指摘",
    Change.REMAINS: "残っている指摘",
    Change.NEW: "新たな指摘",
    Change.UNCHANGED: "変化なし",
}


@dataclass(frozen=True)
class TopicChange:
    """One topic in both versions.

    Attributes:
        topic_id: the topic id.
        title: its title (from the newer version when present).
        mandatory: 必須.
        before: status in the older version (``None``: the topic did not exist).
        after: status in the newer version (``None``: the topic no longer exists).
        change: closed / remains / new / unchanged.
        reason: the newer version's reason (the older one's when the topic is gone).
        locator: the first evidence locator in the newer version, else "".
    """

    topic_id: str
    title: str
    mandatory: bool
    before: Status | None
    after: Status | None
    change: Change
    reason: str = ""
    locator: str = ""

    @property
    def improved(self) -> bool:
        """The status got better (missing → partial, partial → covered, …)."""
        if self.before is None or self.after is None:
            return False
        return _RANK.get(self.after, -1) > _RANK.get(self.before, -1)

    @property
    def worsened(self) -> bool:
        """The status got worse."""
        if self.before is None or self.after is None:
            return False
        return _RANK.get(self.after, 3) < _RANK.get(self.before, 3)


@dataclass
class Comparison:
    """The comparison of two reports of one ruleset.

    Attributes:
        ruleset_id: the ruleset.
        before_sha256: the older document.
        after_sha256: the newer document.
        changes: every topic, in the newer report's order (topics only in the older
            report last).
    """

    ruleset_id: str
    before_sha256: str
    after_sha256: str
    changes: list[TopicChange] = field(default_factory=list)

    def of(self, change: Change) -> list[TopicChange]:
        """Topics with this kind of change, 必須 first."""
        return sorted(
            (c for c in self.changes if c.change is change), key=lambda c: (not c.mandatory, c.topic_id)
        )

    @property
    def closed(self) -> list[TopicChange]:
        """Gaps the revision closed."""
        return self.of(Change.CLOSED)

    @property
    def remaining(self) -> list[TopicChange]:
        """Gaps still open."""
        return self.of(Change.REMAINS)

    @property
    def new(self) -> list[TopicChange]:
        """Gaps the revision introduced."""
        return self.of(Change.NEW)


def _classify(before: Status | None, after: Status | None) -> Change:
    was = before in GAP_STATUSES
    now = after in GAP_STATUSES
    if was and now:
        return Change.REMAINS
    if was:
        return Change.CLOSED
    if now:
        return Change.NEW
    return Change.UNCHANGED


def compare_reports(
    before: Report,
    after: Report,
    before_decisions: Decisions | None = None,
    after_decisions: Decisions | None = None,
) -> Comparison:
    """Compare the topic verdicts of two versions of a document against one ruleset.

    Args:
        before: the report of the older version.
        after: the report of the revised version.
        before_decisions: reviewer decisions on the older version.
        after_decisions: reviewer decisions on the revised version.

    Returns:
        The comparison.

    Raises:
        ValueError: the reports are of different rulesets.
    """
    if before.ruleset.id != after.ruleset.id:
        raise ValueError(f"cannot compare {before.ruleset.id} with {after.ruleset.id}")
    old = {r.id: r for r in apply_decisions(before, before_decisions).topic_results}
    new_results = apply_decisions(after, after_decisions).topic_results
    changes: list[TopicChange] = []

    def change(topic_id: str, b: TopicResult | None, a: TopicResult | None) -> TopicChange:
        ref = a or b
        assert ref is not None
        return TopicChange(
            topic_id=topic_id,
            title=ref.title,
            mandatory=ref.mandatory,
            before=b.status if b else None,
            after=a.status if a else None,
            change=_classify(b.status if b else None, a.status if a else None),
            reason=ref.reason,
            locator=a.evidence[0].locator if a and a.evidence else "",
        )

    seen: set[str] = set()
    for a in new_results:
        seen.add(a.id)
        changes.append(change(a.id, old.get(a.id), a))
    for tid, b in old.items():
        if tid not in seen:
            changes.append(change(tid, b, None))
    return Comparison(before.ruleset.id, before.document.sha256, after.document.sha256, changes)
