"""Overview figures: coverage per category, and an estimate (推定) of the 審査 result.

The estimate reads the document alone, so it is only an estimate: the certification body
also reads the attestations, URLs and reports the applicant submits. Scoring rule
(:data:`POINTS_RULE_JA`): an item the document covers earns its maximum recommended
points, a partly covered item half of them, a missing item none. 必須 items must all be
met (an item that does not apply, e.g. 指定電気通信事業者 items for a company that is not
one, counts as met); items answered by an attestation, a URL or a report are not judged
from the document and are listed as 要外部確認 with what to prepare. The pass line comes
from the ruleset's ``pass_rules`` (ISP: new 必須34項目・推奨119点中92点以上, renewal
必須35項目・推奨114点中88点以上), and an item with ``zero_fails`` fails the application
outright at 0 points (7-1-1, 7-1-2, 7-1-3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from analyzer.report.model import Report, aggregate_item_status
from analyzer.rules.schema import EvidenceKind, Item, PassRule, Ruleset, Status
from analyzer.store.decisions import Decisions, apply_decisions

POINTS_RULE_JA = (
    "推奨点の計算: 充足＝その項目の満点、一部不足＝満点の半分、不足＝0点。"
    "対象外の必須項目は満たしたものとして数え、署名押印・URL・報告書で回答する項目（要外部確認）は"
    "文書からは判定せず別に集計します（レビュー判定があれば外部確認の結果として扱います）。"
)
APPLICATION_JA = {"new": "新規申請", "renewal": "更新申請"}
EXTERNAL_KINDS = frozenset({EvidenceKind.ATTESTATION, EvidenceKind.WEB_URL, EvidenceKind.REPORT})
EVIDENCE_KIND_JA = {
    EvidenceKind.POLICY_TEXT: "規程の該当箇所",
    EvidenceKind.ATTESTATION: "署名押印",
    EvidenceKind.WEB_URL: "URL（トップページからの経路）",
    EvidenceKind.REPORT: "報告書",
}
_DEFAULT_PREPARE = {
    EvidenceKind.ATTESTATION: "責任者・担当者の役職・氏名を明記した署名押印",
    EvidenceKind.WEB_URL: "トップページから該当ページまでの URL の経路",
    EvidenceKind.REPORT: "該当する報告書",
}


class Outlook(str, Enum):
    """The estimated outcome."""

    PASS = "pass"  # 合格の見込み
    DEPENDS = "depends"  # 要外部確認の項目次第
    FAIL = "fail"  # 不合格の見込み


OUTLOOK_JA = {
    Outlook.PASS: "合格の見込み（推定）",
    Outlook.DEPENDS: "要外部確認の項目次第（推定）",
    Outlook.FAIL: "不合格の見込み（推定）",
}


@dataclass(frozen=True)
class ItemEstimate:
    """One review item as the estimate sees it.

    Attributes:
        item_id: e.g. ``7-1-1``.
        title: the item's title.
        category: its category id.
        mandatory: 必須 item.
        status: the item's status (after reviewer decisions), or ``None`` when the
            report has no result for it.
        points_max: maximum recommended points (0 for 必須 items without points).
        points: points earned from the document, ``None`` for 要外部確認 items.
        external: answered by an attestation, a URL or a report (要外部確認).
        zero_fails: 0 points fails the application.
        evidence_kind: what the applicant submits.
        prepare: what to prepare (要外部確認 items).
        submission: how to submit it (e.g. 右肩に「7-1-1」と記入).
    """

    item_id: str
    title: str
    category: str
    mandatory: bool
    status: Status | None
    points_max: int
    points: float | None
    external: bool
    zero_fails: bool
    evidence_kind: EvidenceKind
    prepare: str = ""
    submission: str = ""

    @property
    def met(self) -> bool:
        """Whether the document meets the item (covered, or not applicable)."""
        return self.status in (Status.COVERED, Status.NOT_APPLICABLE)


@dataclass
class Estimate:
    """The estimated 審査 result of one report.

    Attributes:
        ruleset_id: the ruleset.
        application: ``new`` or ``renewal`` (a key of the ruleset's ``pass_rules``).
        rule: the pass line.
        items: every item of the ruleset, in order.
        mandatory_total: 必須 items in the ruleset.
        mandatory_met: 必須 items the document meets.
        mandatory_unmet: 必須 items the document does not meet (missing or partial).
        mandatory_external: 必須 items that need external confirmation.
        points: recommended points estimated from the document.
        points_pending: recommended points of the 要外部確認 items (not counted).
        points_max: sum of the items' maximum points in the ruleset.
        zero_fail_items: ``zero_fails`` items at 0 points.
        outlook: the estimated outcome.
        reasons: why (one short Japanese sentence each).
    """

    ruleset_id: str
    application: str
    rule: PassRule
    items: list[ItemEstimate]
    mandatory_total: int
    mandatory_met: int
    mandatory_unmet: list[ItemEstimate]
    mandatory_external: list[ItemEstimate]
    points: float
    points_pending: int
    points_max: int
    zero_fail_items: list[ItemEstimate]
    outlook: Outlook
    reasons: list[str] = field(default_factory=list)

    @property
    def external_items(self) -> list[ItemEstimate]:
        """Items listed as 要外部確認, with what to prepare."""
        return [i for i in self.items if i.external]

    @property
    def label(self) -> str:
        """The outlook in Japanese, marked 推定."""
        return OUTLOOK_JA[self.outlook]

    @property
    def note(self) -> str:
        """A warning when the ruleset's items don't add up to the pass rule's counts, else ""."""
        parts = []
        if self.mandatory_total != self.rule.mandatory:
            parts.append(f"必須項目数（ルールセット {self.mandatory_total}、合格条件 {self.rule.mandatory}）")
        if self.points_max != self.rule.points_total:
            parts.append(f"推奨点の満点（ルールセット {self.points_max}、合格条件 {self.rule.points_total}）")
        if not parts:
            return ""
        return (
            "ルールセットの項目と合格条件で "
            + "・".join(parts)
            + " が異なります。申請様式の版を確認してください。"
        )


def item_points(status: Status | None, points_max: int) -> float:
    """Recommended points of an item from its status (covered full, partial half, else 0).

    Args:
        status: the item's status.
        points_max: its maximum points.

    Returns:
        The points.
    """
    if status is Status.COVERED:
        return float(points_max)
    if status is Status.PARTIAL:
        return points_max / 2
    return 0.0


def item_statuses(report: Report) -> dict[str, Status]:
    """The status of each item: its item-level result, else its topics aggregated.

    Args:
        report: the analysis (with reviewer decisions applied, if any).

    Returns:
        Status by item id.
    """
    out = {r.id: r.status for r in report.item_results}
    by_item: dict[str, list[Status]] = {}
    for r in report.topic_results:
        by_item.setdefault(r.item, []).append(r.status)
    for item_id, statuses in by_item.items():
        out.setdefault(item_id, aggregate_item_status(statuses))
    return out


def what_to_prepare(item: Item) -> str:
    """What the applicant prepares for an item answered outside the 規程 (its ``prepare``, or a default by kind)."""
    return item.prepare or _DEFAULT_PREPARE.get(item.evidence_kind, "")


def _confirmed(item: Item, decisions: Decisions | None) -> bool:
    """A reviewer verdict on the item, or on every one of its topics."""
    if not decisions:
        return False

    def decided(topic_id: str) -> bool:
        d = decisions.get(topic_id)
        return d is not None and d.status is not None

    return decided(item.id) or all(decided(t.id) for t in item.topics)


def estimate(
    report: Report,
    ruleset: Ruleset,
    application: str = "new",
    decisions: Decisions | None = None,
) -> Estimate:
    """Estimate the 審査 result of a report (see the module docstring for the rules).

    An item answered by an attestation, a URL or a report is 要外部確認 unless a reviewer
    gave a verdict on it (or on each of its topics): that verdict then counts as the
    external confirmation.

    Args:
        report: the analysis of the document against ``ruleset``.
        ruleset: the ruleset (items, points, pass rules).
        application: ``new`` or ``renewal``.
        decisions: reviewer decisions to apply first (by topic id).

    Returns:
        The estimate.

    Raises:
        ValueError: the ruleset has no pass rule for ``application``.
    """
    if application not in ruleset.pass_rules:
        raise ValueError(
            f"ruleset {ruleset.id} has no pass rule {application!r} (has: {', '.join(ruleset.pass_rules)})"
        )
    rule = ruleset.pass_rules[application]
    reviewed = apply_decisions(report, decisions)
    statuses = item_statuses(reviewed)
    items: list[ItemEstimate] = []
    for item in ruleset.items:
        status = statuses.get(item.id)
        external = item.evidence_kind in EXTERNAL_KINDS or status is Status.EXTERNAL
        if external and _confirmed(item, decisions) and status is not Status.EXTERNAL:
            external = False  # the reviewer has checked the attestation / URL / report
        pmax = item.points.max if item.points else 0
        items.append(
            ItemEstimate(
                item_id=item.id,
                title=item.title,
                category=item.category,
                mandatory=item.mandatory,
                status=status,
                points_max=pmax,
                points=None if external else item_points(status, pmax),
                external=external,
                zero_fails=item.zero_fails,
                evidence_kind=item.evidence_kind,
                prepare=what_to_prepare(item) if external else "",
                submission=item.submission,
            )
        )
    mandatory = [i for i in items if i.mandatory]
    m_external = [i for i in mandatory if i.external and i.status is not Status.NOT_APPLICABLE]
    m_met = [i for i in mandatory if i.met and i not in m_external]
    m_unmet = [i for i in mandatory if not i.met and i not in m_external]
    points = sum(i.points or 0.0 for i in items)
    pending = sum(i.points_max for i in items if i.external and i.status is not Status.NOT_APPLICABLE)
    zero_fail = [i for i in items if i.zero_fails and not i.external and (i.points or 0.0) == 0]

    reasons: list[str] = []
    if m_unmet:
        reasons.append(f"必須項目のうち {len(m_unmet)} 項目を文書が満たしていない: {_ids(m_unmet)}")
    if zero_fail:
        reasons.append(f"0点で不合格となる項目が0点: {_ids(zero_fail)}")
    if m_unmet or zero_fail:
        outlook = Outlook.FAIL
    elif points >= rule.points_min and not m_external:
        outlook = Outlook.PASS
        reasons.append(f"必須項目を満たし、推奨点 {points:g} 点が合格点 {rule.points_min} 点以上")
    elif points + pending >= rule.points_min:
        outlook = Outlook.DEPENDS
        if m_external:
            reasons.append(f"要外部確認の必須項目 {len(m_external)} 項目の確認が必要: {_ids(m_external)}")
        if points < rule.points_min:
            reasons.append(
                f"推奨点は文書から {points:g} 点、要外部確認の項目（最大 {pending} 点）次第で"
                f"合格点 {rule.points_min} 点に届く"
            )
    else:
        outlook = Outlook.FAIL
        reasons.append(
            f"要外部確認の項目をすべて満点としても推奨点 {points + pending:g} 点で合格点 {rule.points_min} 点に届かない"
        )
    return Estimate(
        ruleset_id=ruleset.id,
        application=application,
        rule=rule,
        items=items,
        mandatory_total=len(mandatory),
        mandatory_met=len(m_met),
        mandatory_unmet=m_unmet,
        mandatory_external=m_external,
        points=points,
        points_pending=pending,
        points_max=sum(i.points_max for i in items),
        zero_fail_items=zero_fail,
        outlook=outlook,
        reasons=reasons,
    )


def _ids(items: list[ItemEstimate], limit: int = 8) -> str:
    ids = [i.item_id for i in items]
    return "、".join(ids[:limit]) + (f" ほか {len(ids) - limit} 項目" if len(ids) > limit else "")


@dataclass(frozen=True)
class CategoryCoverage:
    """Counts of topic statuses in one category (ISP area, Privacy Mark provision)."""

    category: str
    title: str
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        """Number of topics."""
        return sum(self.counts.values())

    @property
    def rate(self) -> float:
        """Share of applicable, document-checkable topics that are covered (partial counts half)."""
        judged = sum(self.counts[s] for s in (Status.COVERED, Status.PARTIAL, Status.MISSING))
        if not judged:
            return 0.0
        return (self.counts[Status.COVERED] + self.counts[Status.PARTIAL] / 2) / judged


def category_coverage(
    report: Report, ruleset: Ruleset | None = None, decisions: Decisions | None = None
) -> list[CategoryCoverage]:
    """Topic status counts per category, in the ruleset's order.

    Args:
        report: the analysis.
        ruleset: gives category titles and order (else the categories of the report,
            titled by their id).
        decisions: reviewer decisions to apply first.

    Returns:
        One entry per category that has topics.
    """
    reviewed = apply_decisions(report, decisions)
    titles = {c.id: c.title for c in ruleset.categories} if ruleset else {}
    order = list(titles) if ruleset else []
    counts: dict[str, dict[Status, int]] = {}
    for r in reviewed.topic_results:
        counts.setdefault(r.category, {s: 0 for s in Status})[r.status] += 1
        if r.category not in order:
            order.append(r.category)
    return [CategoryCoverage(c, titles.get(c, c), counts[c]) for c in order if c in counts]
