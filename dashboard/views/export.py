"""Page 4: exports — Excel correspondence table, 指摘事項 (Markdown), JSON, ISP 審査項目回答書 draft."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from analyzer.report.answer_sheet import build_answer_sheet
from analyzer.report.answer_sheet import to_markdown as answer_sheet_markdown
from analyzer.report.estimate import EVIDENCE_KIND_JA
from analyzer.report.excel import to_xlsx
from analyzer.report.render import to_json, to_markdown
from dashboard import services as svc
from dashboard.components import status_label

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title("出力")
cur = svc.current()
if cur is None or not cur.reports:
    st.info("まず「文書の分析・概要」で規程をアップロードしてください。")
    st.page_link("views/analyze.py", label="文書の分析・概要へ", icon=":material/description:")
    st.stop()

reports = list(cur.reports.values())
decisions = cur.decisions
stem = re.sub(r"[^\w\-]+", "_", cur.document.name.rsplit(".", 1)[0])[:40].strip("_") or "kitei"
st.caption(f"対象文書: {cur.document.name} ／ レビュー判定とコメントを含めて出力します。")

c1, c2, c3 = st.columns(3)
c1.download_button(
    "Excel 対応表（.xlsx）",
    data=to_xlsx(reports, decisions),
    file_name=f"{stem}_対応表.xlsx",
    mime=XLSX_MIME,
    width="stretch",
    help="要求事項 ↔ 規程の該当箇所、判定、レビュー判定とコメント（ルールセットごとに1シート）",
)
markdown = to_markdown(reports, decisions)
c2.download_button(
    "指摘事項（Markdown）",
    data=markdown.encode("utf-8"),
    file_name=f"{stem}_指摘事項.md",
    mime="text/markdown",
    width="stretch",
)
c3.download_button(
    "分析結果（JSON）",
    data=to_json(reports).encode("utf-8"),
    file_name=f"{stem}_kitei.json",
    mime="application/json",
    width="stretch",
)
with st.expander("指摘事項のプレビュー"):
    st.markdown(markdown)

for rid, rep in cur.reports.items():
    rs = svc.ruleset(rid)
    if rs is None or not rs.pass_rules:
        continue
    st.subheader(f"審査項目回答書（下書き）: {rs.title}")
    sheet = build_answer_sheet(rep, rs, decisions.get(rid, {}))
    st.caption(
        "規程で回答する項目は添付する箇所・ページと右肩に書く項目番号を、署名押印・URL・報告書で"
        "回答する項目は用意するものを示します（文書の分析からの推定です）。"
    )
    st.download_button(
        "審査項目回答書の下書き（Markdown）",
        data=answer_sheet_markdown(sheet).encode("utf-8"),
        file_name=f"{stem}_審査項目回答書_下書き.md",
        mime="text/markdown",
        key=f"answer-{rid}",
    )
    st.markdown("##### 添付する規程の箇所")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "項目": e.item_id,
                    "内容": e.title,
                    "判定": status_label(e.status),
                    "添付する箇所": "\n".join(s.locator for s in e.sections) or "（該当箇所なし）",
                    "ページ": ", ".join(str(p) for p in e.pages),
                    "右肩の記入": f"「{e.label}」",
                    "要追記": "\n".join(e.to_add),
                }
                for e in sheet.attachments
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown("##### 規程以外に用意するもの（要外部確認）")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "項目": e.item_id,
                    "内容": e.title,
                    "回答方法": EVIDENCE_KIND_JA[e.evidence_kind],
                    "用意するもの": e.prepare,
                }
                for e in sheet.to_prepare
            ]
        ),
        hide_index=True,
        width="stretch",
    )
