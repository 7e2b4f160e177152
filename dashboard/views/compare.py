"""Page 3: compare the current document with a revised version (gaps closed, remaining, new)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analyzer.errors import KiteiError
from analyzer.report.compare import CHANGE_JA, Change, TopicChange, compare_reports
from dashboard import services as svc
from dashboard.components import show_error, status_label

K_REVISED = "compare_sha"
K_REVISED_UPLOAD = "_compare_upload"

st.title("版の比較")
cur = svc.current()
if cur is None or not cur.reports:
    st.info("まず「文書の分析・概要」で比較元の規程をアップロードしてください。")
    st.page_link("views/analyze.py", label="文書の分析・概要へ", icon=":material/description:")
    st.stop()

st.markdown(f"**比較元（旧版）**: {cur.document.name}（SHA-256 {cur.document.sha256[:12]}…）")
ids = cur.ruleset_ids
upload = st.file_uploader(
    "改訂版をアップロード（.pdf / .docx / .txt / .md）", type=svc.UPLOAD_TYPES, key="revised"
)
if upload is not None:
    data = upload.getvalue()
    marker = (svc.sha256_of(data), tuple(ids))
    if st.session_state.get(K_REVISED_UPLOAD, (None,))[0:2] != marker:
        try:
            analysis = svc.analyze_and_save(data, upload.name, ids)
        except KiteiError as exc:
            st.session_state[K_REVISED_UPLOAD] = (*marker, exc.message)
        else:
            st.session_state[K_REVISED_UPLOAD] = (*marker, "")
            st.session_state[K_REVISED] = analysis.sha256
    if st.session_state[K_REVISED_UPLOAD][2]:
        show_error(st.session_state[K_REVISED_UPLOAD][2])

others = [d for d in svc.get_store().list_documents() if d.sha256 != cur.document.sha256]
if others:
    with st.expander("保存済みの文書から改訂版を選ぶ"):
        labels = {d.sha256: f"{d.name} — {d.created_at:%Y-%m-%d %H:%M} — {d.sha256[:10]}" for d in others}
        pick = st.selectbox("改訂版", list(labels), format_func=labels.get, key="compare_pick")
        if st.button("この文書と比較", key="compare_pick_btn"):
            st.session_state[K_REVISED] = pick
            st.rerun()

revised_sha = st.session_state.get(K_REVISED)
if not revised_sha:
    st.info("改訂版をアップロードすると、解消された指摘・残っている指摘・新たな指摘を表示します。")
    st.stop()
if revised_sha == cur.document.sha256:
    st.warning("改訂版が比較元と同じ内容です（SHA-256 が一致）。")
revised = svc.get_store().get_document(revised_sha)
if revised is None:
    st.stop()
try:
    new_reports = svc.load_reports(revised_sha, ids)
except KiteiError as exc:
    show_error(exc.message)
    st.stop()
st.markdown(f"**改訂版**: {revised.name}（SHA-256 {revised_sha[:12]}…）")
titles = svc.ruleset_titles()


def _table(changes: list[TopicChange]) -> None:
    if not changes:
        st.caption("なし")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "項目": c.topic_id,
                    "必須": "必須" if c.mandatory else "",
                    "内容": c.title,
                    "旧版": status_label(c.before) if c.before else "（なし）",
                    "改訂版": status_label(c.after) if c.after else "（なし）",
                    "改善": "↑" if c.improved else ("↓" if c.worsened else ""),
                    "理由（改訂版）": c.reason,
                    "該当箇所": c.locator,
                }
                for c in changes
            ]
        ),
        hide_index=True,
        width="stretch",
    )


for rid in ids:
    if rid not in cur.reports or rid not in new_reports:
        continue
    store = svc.get_store()
    comp = compare_reports(
        cur.reports[rid],
        new_reports[rid],
        cur.decisions.get(rid, {}),
        store.load_decisions(revised_sha, rid),
    )
    st.subheader(titles.get(rid, rid))
    c1, c2, c3 = st.columns(3)
    c1.metric(CHANGE_JA[Change.CLOSED], len(comp.closed))
    c2.metric(CHANGE_JA[Change.REMAINS], len(comp.remaining))
    c3.metric(CHANGE_JA[Change.NEW], len(comp.new))
    for change, items in (
        (Change.CLOSED, comp.closed),
        (Change.REMAINS, comp.remaining),
        (Change.NEW, comp.new),
    ):
        st.markdown(f"##### {CHANGE_JA[change]}（{len(items)}）")
        _table(items)

if st.button("改訂版を対象文書にする", key="compare_adopt"):
    svc.open_document(revised_sha, ids)
    st.session_state.pop(K_REVISED, None)
    st.rerun()
