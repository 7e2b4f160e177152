"""A draft of the ISP 安全・安心マーク 審査項目回答書 for the applicant.

For each item answered with the 規程 itself (``evidence_kind: policy_text``) the draft
says which sections and pages of the submitted 規程 to attach and the label to write on
them (右肩に「7-1-1」と記入); when the document lacks what the item asks, it says what to
add (the topic's remedy). For items answered with an attestation, a URL or a report it
says what the applicant must still prepare (the item's ``prepare``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.report.estimate import EVIDENCE_KIND_JA, EXTERNAL_KINDS, item_statuses, what_to_prepare
from analyzer.report.model import Report, TopicResult
from analyzer.report.render import STATUS_JA
from analyzer.rules.schema import EvidenceKind, Ruleset, Status
from analyzer.store.decisions import Decisions, apply_decisions


@dataclass(frozen=True)
class SectionRef:
    """A part of the 規程 to attach for an item.

    Attributes:
        locator: 第N条… or the heading path.
        pages: 1-based pages (PDF), empty elsewhere.
        topics: ids of the topics this part answers.
    """

    locator: str
    pages: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass
class AnswerEntry:
    """One item of the 回答書.

    Attributes:
        item_id: e.g. ``7-1-1``.
        title: the item's title.
        category: category id.
        mandatory: 必須.
        points_max: maximum recommended points (0 when none).
        evidence_kind: what is submitted.
        status: the item's status from the document (after reviewer decisions).
        label: the label to write at the top right of the attachment, e.g. ``7-1-1``
            ("" for items answered without an attachment).
        submission: the ruleset's instruction.
        sections: parts of the 規程 to attach.
        to_add: what the 規程 still lacks (topic title and suggested wording).
        prepare: what to prepare for 要外部確認 items.
    """

    item_id: str
    title: str
    category: str
    mandatory: bool
    points_max: int
    evidence_kind: EvidenceKind
    status: Status | None
    label: str = ""
    submission: str = ""
    sections: list[SectionRef] = field(default_factory=list)
    to_add: list[str] = field(default_factory=list)
    prepare: str = ""

    @property
    def external(self) -> bool:
        """Answered by an attestation, a URL or a report (要外部確認)."""
        return self.evidence_kind in EXTERNAL_KINDS

    @property
    def pages(self) -> list[int]:
        """All pages to attach, sorted."""
        return sorted({p for s in self.sections for p in s.pages})

    @property
    def ready(self) -> bool:
        """The 規程 answers the item as it is (covered or not applicable)."""
        return not self.external and self.status in (Status.COVERED, Status.NOT_APPLICABLE)


@dataclass
class AnswerSheet:
    """The draft 回答書 of one document."""

    document: str
    sha256: str
    ruleset_id: str
    ruleset_title: str
    categories: dict[str, str]
    entries: list[AnswerEntry]

    @property
    def attachments(self) -> list[AnswerEntry]:
        """Items answered by attaching parts of the 規程."""
        return [e for e in self.entries if e.evidence_kind is EvidenceKind.POLICY_TEXT]

    @property
    def to_prepare(self) -> list[AnswerEntry]:
        """Items the applicant must still prepare outside the 規程."""
        return [e for e in self.entries if e.external and e.status is not Status.NOT_APPLICABLE]


def build_answer_sheet(report: Report, ruleset: Ruleset, decisions: Decisions | None = None) -> AnswerSheet:
    """Draft the 審査項目回答書 from an analysis.

    Args:
        report: the analysis of the 規程 against ``ruleset``.
        ruleset: the ruleset (items, submission instructions, what to prepare).
        decisions: reviewer decisions to apply first.

    Returns:
        The draft, one entry per item in the ruleset's order.
    """
    reviewed = apply_decisions(report, decisions)
    statuses = item_statuses(reviewed)
    by_item: dict[str, list[TopicResult]] = {}
    for r in reviewed.topic_results:
        by_item.setdefault(r.item, []).append(r)
    entries: list[AnswerEntry] = []
    for item in ruleset.items:
        topics = by_item.get(item.id, [])
        entry = AnswerEntry(
            item_id=item.id,
            title=item.title,
            category=item.category,
            mandatory=item.mandatory,
            points_max=item.points.max if item.points else 0,
            evidence_kind=item.evidence_kind,
            status=statuses.get(item.id),
            submission=item.submission,
        )
        if item.evidence_kind in (EvidenceKind.POLICY_TEXT, EvidenceKind.REPORT):
            entry.label = item.id
        if item.evidence_kind is EvidenceKind.POLICY_TEXT:
            sections: dict[str, tuple[set[int], list[str]]] = {}
            for t in topics:
                if t.status not in (Status.COVERED, Status.PARTIAL):
                    continue
                for e in t.evidence:
                    if e.status is Status.MISSING:
                        continue
                    pages, tids = sections.setdefault(e.locator, (set(), []))
                    if e.page:
                        pages.add(e.page)
                    if t.id not in tids:
                        tids.append(t.id)
            entry.sections = [
                SectionRef(loc, tuple(sorted(pages)), tuple(tids)) for loc, (pages, tids) in sections.items()
            ]
            entry.to_add = [
                f"{t.title}（{STATUS_JA[t.status]}）: {t.remedy}"
                if t.remedy
                else f"{t.title}（{STATUS_JA[t.status]}）"
                for t in topics
                if t.status in (Status.MISSING, Status.PARTIAL)
            ]
        else:
            entry.prepare = what_to_prepare(item)
        entries.append(entry)
    return AnswerSheet(
        document=report.document.path,
        sha256=report.document.sha256,
        ruleset_id=ruleset.id,
        ruleset_title=ruleset.title,
        categories={c.id: c.title for c in ruleset.categories},
        entries=entries,
    )


def _section_text(s: SectionRef) -> str:
    pages = f"（p.{', '.join(str(p) for p in s.pages)}）" if s.pages else ""
    return f"{s.locator}{pages}"


def _points(e: AnswerEntry) -> str:
    if e.mandatory:
        return "必須"
    return f"{e.points_max}点" if e.points_max else ""


def to_markdown(sheet: AnswerSheet) -> str:
    """Render the draft 回答書 as Markdown.

    Args:
        sheet: the draft.

    Returns:
        Markdown text, one section per item grouped by category.
    """
    out = [
        f"# 審査項目回答書（下書き）: {sheet.document}",
        "",
        f"- ルールセット: {sheet.ruleset_title}（{sheet.ruleset_id}）",
        f"- 文書 SHA-256: `{sheet.sha256}`",
        "- この下書きは提出された規程の分析から作成した**推定**です。"
        "提出前に各項目の記載と添付箇所を必ず確認してください。",
        "",
        "## 添付する規程の箇所（右肩に項目番号を記入）",
        "",
        "| 項目 | 区分 | 内容 | 添付する箇所 | ページ | 右肩の記入 | 状態 |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in sheet.attachments:
        where = "、".join(_section_text(s) for s in e.sections) or "（該当箇所なし）"
        pages = ", ".join(str(p) for p in e.pages) or "-"
        state = "提出可" if e.ready else ("要追記" if e.status is not None else "未分析")
        out.append(
            f"| {e.item_id} | {_points(e)} | {e.title} | {where.replace('|', '｜')} | {pages} | "
            f"「{e.label}」 | {state} |"
        )
    out.append("")
    current = None
    for e in sheet.entries:
        if e.category != current:
            current = e.category
            out += [f"## {current} {sheet.categories.get(current, '')}".rstrip(), ""]
        kind = EVIDENCE_KIND_JA[e.evidence_kind]
        out.append(f"### {e.item_id}（{_points(e) or '-'}）{e.title}")
        out.append("")
        out.append(f"- 回答の方法: {kind}" + (f" — {e.submission}" if e.submission else ""))
        if e.evidence_kind is EvidenceKind.POLICY_TEXT:
            box = "■" if e.ready else "□"
            out.append(f"- {box} 規程に定めあり（{STATUS_JA[e.status] if e.status else '未分析'}）")
            if e.sections:
                out.append(f"- 添付する箇所（右肩に「{e.label}」と記入）:")
                for s in e.sections:
                    out.append(f"  - {_section_text(s)} — {', '.join(s.topics)}")
            for add in e.to_add:
                out.append(f"- 要追記: {add}")
        else:
            if e.status is Status.NOT_APPLICABLE:
                out.append("- ■ 対象外（例: 指定電気通信事業者ではない）— 該当欄にチェック")
            else:
                out.append(f"- 要外部確認 — 用意するもの: {e.prepare}")
                if e.label:
                    out.append(f"- 提出物の右肩に「{e.label}」と記入")
        out.append("")
    return "\n".join(out)
