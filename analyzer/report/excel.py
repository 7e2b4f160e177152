"""Excel correspondence table: 要求事項 ↔ 規程の該当箇所, verdict, reviewer decision and comment.

In the spirit of the Privacy Mark 申請様式7「JIS Q 15001要求事項との対応表」: one sheet per
ruleset, one row per topic, with the requirement, where the 規程 answers it (locator,
page and the clause text), the analyser's verdict and reason, the suggested remedy and
the reviewer's verdict and comment. The header row is styled and frozen (with the id
columns), cells wrap, and the レビュー判定 column offers a drop-down of verdicts so that
a reviewer can also fill the table in Excel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from analyzer.errors import KiteiError
from analyzer.report.estimate import EVIDENCE_KIND_JA
from analyzer.report.model import Report, TopicResult
from analyzer.report.render import STATUS_JA
from analyzer.rules.schema import Ruleset, Status
from analyzer.store.decisions import Decisions, effective_status

#: (header, width) of each column, in order.
COLUMNS: list[tuple[str, int]] = [
    ("No.", 5),
    ("区分", 18),
    ("項目番号", 10),
    ("小項目", 22),
    ("内容", 24),
    ("要求事項", 44),
    ("必須", 6),
    ("回答方法", 12),
    ("規程の該当箇所", 30),
    ("該当箇所の本文", 50),
    ("判定（分析）", 11),
    ("理由", 40),
    ("修正案", 44),
    ("根拠", 18),
    ("レビュー判定", 12),
    ("レビューコメント", 36),
    ("最終判定", 11),
]
HEADERS = [h for h, _ in COLUMNS]
FREEZE = "E2"  # header row and the No./区分/項目番号/小項目 columns
STATUS_FILL = {
    Status.COVERED: "C6EFCE",
    Status.PARTIAL: "FFEB9C",
    Status.MISSING: "FFC7CE",
    Status.EXTERNAL: "DDEBF7",
    Status.NOT_APPLICABLE: "EDEDED",
}
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_TEXT = 1000  # characters of clause text per cell
# Characters openpyxl refuses in cell values (XML 1.0 control characters).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def sheet_title(ruleset_id: str, taken: set[str]) -> str:
    """An Excel-safe, unique sheet title (≤ 31 characters) for a ruleset id.

    Args:
        ruleset_id: the ruleset id.
        taken: titles already used (the new title is added to it).

    Returns:
        The title.
    """
    base = _BAD_SHEET_CHARS.sub("_", ruleset_id).strip("'") or "ruleset"
    title = base[:31]
    n = 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f"~{n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title


def _locators(r: TopicResult) -> str:
    lines = []
    for e in r.evidence:
        page = f"（p.{e.page}）" if e.page else ""
        line = f"{e.locator}{page}"
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def _evidence_text(r: TopicResult) -> str:
    return "\n".join(f"「{e.text[:300]}」" for e in r.evidence)[:_MAX_TEXT]


def _ruleset(ruleset_id: str, rulesets: Mapping[str, Ruleset] | None) -> Ruleset | None:
    if rulesets is not None and ruleset_id in rulesets:
        return rulesets[ruleset_id]
    try:
        from analyzer.rules.loader import load_ruleset

        return load_ruleset(ruleset_id)
    except KiteiError:
        return None


def _row(n: int, r: TopicResult, categories: Mapping[str, str], decisions: Decisions) -> list[object]:
    d = decisions.get(r.id)
    review = STATUS_JA[d.status] if d is not None and d.status is not None else ""
    category = f"{r.category} {categories.get(r.category, '')}".strip()
    return [
        n,
        category,
        r.item,
        r.id,
        r.title,
        r.requirement,
        "必須" if r.mandatory else "",
        EVIDENCE_KIND_JA[r.evidence_kind],
        _locators(r),
        _evidence_text(r),
        STATUS_JA[r.status],
        r.reason,
        r.remedy,
        "\n".join(r.references),
        review,
        d.comment if d is not None else "",
        STATUS_JA[effective_status(r, decisions)],
    ]


def _write_sheet(ws: Worksheet, rep: Report, categories: Mapping[str, str], decisions: Decisions) -> None:
    ws.append(HEADERS)
    for col, (_, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    verdict_cols = [HEADERS.index(h) + 1 for h in ("判定（分析）", "最終判定")]
    for n, r in enumerate(rep.topic_results, 1):
        ws.append([_clean(v) if isinstance(v, str) else v for v in _row(n, r, categories, decisions)])
        row = n + 1
        for col in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=row, column=col)
            cell.alignment = _WRAP
            cell.border = _BORDER
        statuses = (r.status, effective_status(r, decisions))
        for col, status in zip(verdict_cols, statuses, strict=True):
            ws.cell(row=row, column=col).fill = PatternFill("solid", fgColor=STATUS_FILL[status])
    ws.freeze_panes = FREEZE
    last = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rep.topic_results) + 1)}"
    review_col = get_column_letter(HEADERS.index("レビュー判定") + 1)
    dv = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_JA[s] for s in Status) + '"', allow_blank=True
    )
    dv.error = "充足・一部不足・不足・対象外・要外部確認 から選んでください"
    ws.add_data_validation(dv)
    dv.add(f"{review_col}2:{review_col}{max(2, len(rep.topic_results) + 1)}")
    ws.oddHeader.center.text = _clean(f"{rep.ruleset.title} 対応表: {rep.document.path}")[:200]
    ws.oddFooter.center.text = "&P / &N"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def to_xlsx(
    reports: list[Report],
    decisions: Mapping[str, Decisions] | None = None,
    rulesets: Mapping[str, Ruleset] | None = None,
) -> bytes:
    """The correspondence table of each report as one Excel workbook.

    Args:
        reports: one report per ruleset (one sheet each, named by the ruleset id).
        decisions: reviewer decisions by ruleset id, then topic id.
        rulesets: rulesets by id, for category titles (loaded by id when absent).

    Returns:
        The ``.xlsx`` file's bytes.
    """
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for rep in reports:
        ws = wb.create_sheet(sheet_title(rep.ruleset.id, taken))
        rs = _ruleset(rep.ruleset.id, rulesets)
        categories = {c.id: c.title for c in rs.categories} if rs else {}
        _write_sheet(ws, rep, categories, (decisions or {}).get(rep.ruleset.id) or {})
    if not reports:
        wb.create_sheet("対応表").append(HEADERS)
    if reports:
        wb.properties.title = _clean(f"要求事項との対応表: {reports[0].document.path}")[:200]
        wb.properties.subject = reports[0].document.sha256
    wb.properties.creator = "kitei"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
