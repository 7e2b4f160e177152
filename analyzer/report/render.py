"""Render reports: JSON, Markdown (指摘事項), and a linter-style table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from analyzer.report.model import Report, TopicResult
from analyzer.rules.schema import Status

if TYPE_CHECKING:
    from analyzer.store.decisions import Decisions

STATUS_JA = {
    Status.COVERED: "充足",
    Status.PARTIAL: "一部不足",
    Status.MISSING: "不足",
    Status.NOT_APPLICABLE: "対象外",
    Status.EXTERNAL: "要外部確認",
}
STATUS_MARK = {
    Status.COVERED: "✓",
    Status.PARTIAL: "△",
    Status.MISSING: "✗",
    Status.NOT_APPLICABLE: "-",
    Status.EXTERNAL: "?",
}


def to_json(reports: list[Report]) -> str:
    """One report as an object, several as a list."""
    data = [r.model_dump(mode="json") for r in reports]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)


def _first_locator(r: TopicResult) -> str:
    return r.evidence[0].locator if r.evidence else "-"


def to_table(reports: list[Report]) -> str:
    """``file:locator  topic  status  reason`` lines, like a linter; mandatory gaps first."""
    lines: list[str] = []
    for rep in reports:
        order = {
            Status.MISSING: 0,
            Status.PARTIAL: 1,
            Status.COVERED: 2,
            Status.EXTERNAL: 3,
            Status.NOT_APPLICABLE: 4,
        }
        rows = sorted(rep.topic_results, key=lambda r: (order[r.status], not r.mandatory))
        for r in rows:
            must = "必須" if r.mandatory else "    "
            lines.append(
                f"{rep.document.path}:{_first_locator(r)}\t{r.id}\t{must}\t{r.status.value}\t{r.reason}"
            )
        c = rep.summary.counts
        lines.append(
            f"# {rep.ruleset.id}: covered {c['covered']}, partial {c['partial']}, missing {c['missing']}, "
            f"not_applicable {c['not_applicable']}, external {c['external']}; "
            f"必須の不足 {len(rep.summary.mandatory_gaps)}: {', '.join(rep.summary.mandatory_gaps) or 'なし'}"
        )
    return "\n".join(lines) + "\n"


def _decision_note(r: TopicResult, analysed: Status, decisions: Decisions) -> str | None:
    d = decisions.get(r.id)
    if d is None:
        return None
    parts = []
    if d.status is not None:
        parts.append(f"{STATUS_JA[d.status]}（分析結果: {STATUS_JA[analysed]}）")
    if d.comment.strip():
        parts.append(d.comment.strip().replace("\n", " "))
    if d.reviewer.strip():
        parts.append(f"— {d.reviewer.strip()}")
    return " ".join(parts) or None


def to_markdown(reports: list[Report], decisions: Mapping[str, Decisions] | None = None) -> str:
    """A 指摘事項 list a reviewer can hand back, then the full correspondence table.

    Args:
        reports: one report per ruleset.
        decisions: reviewer decisions by ruleset id, then topic id. When given, the
            reviewer's verdicts replace the analyser's (the analyser's verdict is shown
            beside them), comments are listed, and the table gains レビュー columns.

    Returns:
        Markdown text.
    """
    out: list[str] = []
    for analysed_rep in reports:
        decs = (decisions or {}).get(analysed_rep.ruleset.id) or {}
        rep = analysed_rep
        if decs:
            from analyzer.store.decisions import apply_decisions

            rep = apply_decisions(analysed_rep, decs)
        analysed = {r.id: r.status for r in analysed_rep.results}
        out.append(f"# 指摘事項: {rep.document.path}")
        out.append("")
        out.append(f"- ルールセット: {rep.ruleset.title}（{rep.ruleset.id} {rep.ruleset.version}）")
        out.append(f"- 文書 SHA-256: `{rep.document.sha256}`、条項数 {rep.document.clauses}")
        c = rep.summary.counts
        out.append(
            f"- 判定: 充足 {c['covered']}・一部不足 {c['partial']}・不足 {c['missing']}・"
            f"対象外 {c['not_applicable']}・要外部確認 {c['external']}"
        )
        if decs:
            overridden = sum(1 for d in decs.values() if d.status is not None)
            out.append(
                f"- レビュー: 判定の変更 {overridden} 件、コメント {sum(1 for d in decs.values() if d.comment.strip())} 件（判定はレビュー後のもの）"
            )
        for w in rep.document.warnings:
            out.append(f"- ⚠ {w}")
        out.append("")
        gaps = [r for r in rep.topic_results if r.status in (Status.MISSING, Status.PARTIAL)]
        gaps.sort(key=lambda r: (not r.mandatory, r.status is Status.PARTIAL))
        out.append("## 指摘事項（必須の不足を先頭に）")
        out.append("")
        if not gaps:
            out.append("指摘事項はありません。")
        for n, r in enumerate(gaps, 1):
            must = "【必須】" if r.mandatory else ""
            out.append(f"{n}. {must}**{r.id} {r.title}** — {STATUS_JA[r.status]}")
            out.append(f"   - 理由: {r.reason}")
            for e in r.evidence[:2]:
                page = f"（p.{e.page}）" if e.page else ""
                out.append(f"   - 該当箇所: {e.locator}{page}「{e.text[:120]}」")
            if r.remedy:
                out.append(f"   - 修正案: {r.remedy}")
            note = _decision_note(r, analysed.get(r.id, r.status), decs)
            if note:
                out.append(f"   - レビュー: {note}")
        if decs:
            cleared = [
                r
                for r in rep.topic_results
                if r.status not in (Status.MISSING, Status.PARTIAL)
                and analysed.get(r.id) in (Status.MISSING, Status.PARTIAL)
            ]
            if cleared:
                out.append("")
                out.append("## レビューで指摘から外した項目")
                out.append("")
                for r in cleared:
                    out.append(f"- **{r.id} {r.title}** — {_decision_note(r, analysed[r.id], decs)}")
        out.append("")
        out.append("## 対応表")
        out.append("")
        if decs:
            out.append("| 項目 | 内容 | 必須 | 判定（分析） | 該当箇所 | 理由 | レビュー判定 | コメント |")
            out.append("|---|---|---|---|---|---|---|---|")
        else:
            out.append("| 項目 | 内容 | 必須 | 判定 | 該当箇所 | 理由 |")
            out.append("|---|---|---|---|---|---|")
        for r in analysed_rep.topic_results:
            reason = r.reason.replace("|", "｜")
            row = (
                f"| {r.id} | {r.title} | {'必須' if r.mandatory else ''} | {STATUS_MARK[r.status]} "
                f"{STATUS_JA[r.status]} | {_first_locator(r).replace('|', '｜')} | {reason} |"
            )
            if decs:
                d = decs.get(r.id)
                review = STATUS_JA[d.status] if d is not None and d.status is not None else ""
                comment = (d.comment.strip() if d is not None else "").replace("|", "｜").replace("\n", " ")
                row += f" {review} | {comment} |"
            out.append(row)
        out.append("")
    return "\n".join(out)
