"""Analysis results: pydantic models, because they cross boundaries (JSON, database, UI).

Every topic result carries its evidence clauses with locators and an explanation: the
steps each scorer or check added, with the score before and after (Presidio's
``AnalysisExplanation``, appended to, never overwritten).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from analyzer.rules.schema import EvidenceKind, Item, Status


class Evidence(BaseModel):
    """A clause that supports (or, for a gap, explains) a verdict."""

    text: str
    locator: str
    page: int | None = None
    clause_id: int
    start: int
    end: int
    aspect: str = ""
    status: Status = Status.COVERED
    note: str = ""


class ExplanationStep(BaseModel):
    """One step of the reasoning behind a verdict."""

    scorer: str
    detail: str
    score_before: float | None = None
    score_after: float | None = None


class TopicResult(BaseModel):
    """The verdict on one topic (or one item, aggregated from its topics)."""

    id: str
    item: str
    title: str
    category: str
    status: Status
    mandatory: bool
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)
    evidence_kind: EvidenceKind
    requirement: str = ""
    satisfied_by: str = ""
    remedy: str = ""
    references: list[str] = Field(default_factory=list)
    level: str = "topic"  # "topic" or "item"
    score: float = 0.0
    explanation: list[ExplanationStep] = Field(default_factory=list)


def aggregate_item_status(statuses: list[Status]) -> Status:
    """The status of an item from the statuses of its topics.

    The analyser's rule (covered / missing / not_applicable when all topics agree, else
    partial), extended to any status the topics agree on (all external → external).

    Args:
        statuses: statuses of the item's topics.

    Returns:
        The common status when all topics agree (missing when there are none), else partial.
    """
    kinds = set(statuses)
    if not kinds:
        return Status.MISSING
    if len(kinds) == 1:
        return next(iter(kinds))
    return Status.PARTIAL


def item_result(item: Item, topic_results: list[TopicResult]) -> TopicResult:
    """The item-level result (e.g. ``7-1-1``) aggregated from the results of its topics.

    Args:
        item: the ruleset item.
        topic_results: the results of the item's topics, in ruleset order.

    Returns:
        A result with ``level="item"``: the aggregated status, the topics that fall short as
        the reason, the first evidence of each topic, and the lowest topic score.
    """
    gaps = [f"{r.title}（{r.status.value}）" for r in topic_results if r.status is not Status.COVERED]
    return TopicResult(
        id=item.id,
        item=item.id,
        title=item.title,
        category=item.category,
        status=aggregate_item_status([r.status for r in topic_results]),
        mandatory=item.mandatory,
        reason="すべての小項目に定めあり" if not gaps else "不足: " + "、".join(gaps),
        evidence=[e for r in topic_results for e in r.evidence[:1]],
        evidence_kind=item.evidence_kind,
        requirement=item.question,
        level="item",
        score=min((r.score for r in topic_results), default=0.0),
    )


class DocumentInfo(BaseModel):
    """What was analysed."""

    path: str
    sha256: str
    format: str
    clauses: int
    pages: int | None = None
    characters: int = 0
    warnings: list[str] = Field(default_factory=list)


class RulesetInfo(BaseModel):
    """Which ruleset was applied."""

    id: str
    version: str
    title: str


class Summary(BaseModel):
    """Counts per status and the mandatory gaps."""

    counts: dict[str, int]
    item_counts: dict[str, int] = Field(default_factory=dict)
    mandatory_gaps: list[str] = Field(default_factory=list)
    mandatory_partial: list[str] = Field(default_factory=list)


class Report(BaseModel):
    """The analysis of one document against one ruleset."""

    document: DocumentInfo
    ruleset: RulesetInfo
    analyzer_version: str
    results: list[TopicResult]
    summary: Summary
    applicability: dict[str, bool] = Field(default_factory=dict)
    elapsed_seconds: float = 0.0

    def topic(self, topic_id: str) -> TopicResult:
        """The result for a topic or item id."""
        for r in self.results:
            if r.id == topic_id:
                return r
        raise KeyError(topic_id)

    @property
    def topic_results(self) -> list[TopicResult]:
        """Topic-level results only."""
        return [r for r in self.results if r.level == "topic"]

    @property
    def item_results(self) -> list[TopicResult]:
        """Item-level results only."""
        return [r for r in self.results if r.level == "item"]
