"""kitei dashboard: upload a 規程, see its coverage, review the gaps, compare versions, export.

Run with ``streamlit run dashboard/app.py`` (``KITEI_SAMPLE=1`` preloads the sample
document, ``KITEI_ANALYZER_MODE=rules`` skips the classifier). The pages are thin: the
analysis, estimate, comparison and exports live in :mod:`analyzer`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from sqlalchemy.exc import SQLAlchemyError  # noqa: E402

from analyzer.errors import KiteiError  # noqa: E402
from dashboard import services as svc  # noqa: E402
from dashboard.components import show_error  # noqa: E402

st.set_page_config(page_title="kitei 規程チェック", page_icon=":material/description:", layout="wide")

PAGES = [
    st.Page(
        "views/analyze.py",
        title="文書の分析・概要",
        icon=":material/description:",
        url_path="analyze",
        default=True,
    ),
    st.Page("views/gaps.py", title="指摘事項と根拠", icon=":material/fact_check:", url_path="gaps"),
    st.Page("views/compare.py", title="版の比較", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("views/export.py", title="出力", icon=":material/download:", url_path="export"),
]

page = st.navigation(PAGES)

try:
    svc.get_store()
except (SQLAlchemyError, OSError) as exc:
    show_error(
        f"データベースを開けません（KITEI_DB / KITEI_DB_URL を確認してください）。"
        f" / Cannot open the database (check KITEI_DB / KITEI_DB_URL): {type(exc).__name__}"
    )
    st.stop()
try:
    svc.restore_from_url()
except KiteiError as exc:
    show_error(exc.message)
svc.sync_query_params()

with st.sidebar:
    st.caption("kitei — 規程の要求事項カバレッジ分析")
    doc = (
        svc.get_store().get_document(st.session_state[svc.K_DOC]) if st.session_state.get(svc.K_DOC) else None
    )
    if doc is not None:
        st.markdown(f"**対象文書**: {doc.name}")
        st.caption(f"SHA-256 {doc.sha256[:12]}… ／ {doc.format.upper()}")
        titles = svc.ruleset_titles()
        for rid in st.session_state.get(svc.K_RULESETS) or []:
            st.caption(f"ルールセット: {titles.get(rid, rid)}")
    else:
        st.caption("文書が選ばれていません。「文書の分析・概要」でアップロードしてください。")

page.run()
