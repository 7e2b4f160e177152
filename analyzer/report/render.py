"""Render reports: JSON, Markdown (指摘事項), and a linter-style table."""

from __future__ import annotations

import json

from analyzer.report.model import Report, TopicResult
from analyzer.rules.schema import Status

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


def to_markdown(reports: list[Report]) -> str:
    """A 指摘事項 list a reviewer can hand back, then the full correspondence table."""
    out: list[str] = []
    for rep in reports:
        out.append(f"# 指摘事項: {rep.document.path}")
        out.append("")
        out.append(f"- ルールセット: {rep.ruleset.title}（{rep.ruleset.id} {rep.ruleset.version}）")
        out.append(f"- 文書 SHA-256: `{rep.document.sha256}`、条項数 {rep.document.clauses}")
        c = rep.summary.counts
        out.append(
            f"- 判定: 充足 {c['covered']}・一部不足 {c['partial']}・不足 {c['missing']}・"
            f"対象外 {c['not_applicable']}・要外部確認 {c['external']}"
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
        out.append("")
        out.append("## 対応表")
        out.append("")
        out.append("| 項目 | 内容 | 必須 | 判定 | 該当箇所 | 理由 |")
        out.append("|---|---|---|---|---|---|")
        for r in rep.topic_results:
            reason = r.reason.replace("|", "｜")
            out.append(
                f"| {r.id} | {r.title} | {'必須' if r.mandatory else ''} | {STATUS_MARK[r.status]} "
                f"{STATUS_JA[r.status]} | {_first_locator(r).replace('|', '｜')} | {reason} |"
            )
        out.append("")
    return "\n".join(out)
