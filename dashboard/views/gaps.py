"""Page 2: the gap list, the evidence of a topic highlighted in the document, and reviewer decisions."""

from __future__ import annotations

import html
from datetime import UTC

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analyzer.report.estimate import EVIDENCE_KIND_JA
from analyzer.report.model import TopicResult
from analyzer.rules.schema import Status
from analyzer.store import Decision, apply_decisions
from dashboard import services as svc
from dashboard.components import (
    STATUS_ORDER,
    anchor,
    context_window,
    highlight_html,
    locator_text,
    show_error,
    status_label,
    topic_row,
)

K_TOPIC = "_topic"
K_SAVED = "_decision_saved"

st.title("指摘事項と根拠")
cur = svc.current()
if cur is None or not cur.reports:
    st.info("まず「文書の分析・概要」で規程をアップロードしてください。")
    st.page_link("views/analyze.py", label="文書の分析・概要へ", icon=":material/description:")
    st.stop()

titles = svc.ruleset_titles()
ids = cur.ruleset_ids
rid = ids[0]
if len(ids) > 1:
    rid = st.selectbox("ルールセット", ids, format_func=lambda r: titles.get(r, r), key="gaps_ruleset")
report = cur.reports[rid]
decisions: dict[str, Decision] = cur.decisions.get(rid, {})
reviewed = {r.id: r for r in apply_decisions(report, decisions).topic_results}
text = cur.document.text

f1, f2, f3 = st.columns([3, 2, 1], vertical_alignment="bottom")
shown = f1.multiselect(
    "判定で絞り込み（レビュー後の判定）",
    options=STATUS_ORDER,
    default=[Status.MISSING, Status.PARTIAL],
    format_func=status_label,
    key=f"gaps_filter-{rid}",
)
query = f2.text_input(
    "項目番号・キーワード", key=f"gaps_query-{rid}", placeholder="例: 7-6-3、漏えい"
).strip()
only_mandatory = f3.toggle("必須のみ", key=f"gaps_mandatory-{rid}")


def _matches(r: TopicResult) -> bool:
    if not query:
        return True
    return any(query in field for field in (r.id, r.title, r.reason, r.requirement))


rank = {s: i for i, s in enumerate(STATUS_ORDER)}
rows = [
    r
    for r in report.topic_results
    if reviewed[r.id].status in shown and (r.mandatory or not only_mandatory) and _matches(r)
]
rows.sort(key=lambda r: (not r.mandatory, rank[reviewed[r.id].status], r.id))


def _review_cell(r: TopicResult) -> str:
    d = decisions.get(r.id)
    if d is None:
        return ""
    label = status_label(d.status) if d.status else "コメントのみ"
    return label + (f"：{d.comment.strip()[:40]}" if d.comment.strip() else "")


st.caption(f"{len(rows)} 件（全 {len(report.topic_results)} 小項目）")
if rows:
    st.dataframe(
        pd.DataFrame(
            [
                topic_row(
                    r,
                    レビュー=_review_cell(r),
                    理由=r.reason,
                    修正案=r.remedy,
                    該当箇所=locator_text(r.evidence[0]) if r.evidence else "",
                )
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        height=min(400, 38 + 35 * len(rows)),
    )

# --- one topic ----------------------------------------------------------------------
options = [r.id for r in rows]
wanted = st.query_params.get("topic") or st.session_state.get(K_TOPIC)
if wanted and wanted not in options and wanted in reviewed and not query:
    options.insert(0, wanted)  # keep a deep-linked / previously chosen topic visible
if not options:
    st.info("条件に合う小項目はありません。")
    st.stop()
by_id = {r.id: r for r in report.topic_results}
topic_id = st.selectbox(
    "項目を選ぶ",
    options,
    index=options.index(wanted) if wanted in options else 0,
    format_func=lambda t: f"{t} {by_id[t].title} — {status_label(reviewed[t].status)}",
)
st.session_state[K_TOPIC] = topic_id
if st.query_params.get("topic") != topic_id:
    st.query_params["topic"] = topic_id

r = by_id[topic_id]
saved = decisions.get(topic_id)
st.subheader(f"{r.id} {r.title}")
badges = [status_label(r.status), "必須" if r.mandatory else "推奨", EVIDENCE_KIND_JA[r.evidence_kind]]
if saved is not None and saved.status is not None:
    badges.append(f"レビュー判定: {status_label(saved.status)}")
st.markdown(" ／ ".join(f"**{b}**" for b in badges))

st.markdown(f"**理由**: {r.reason}")
if r.requirement:
    st.markdown(f"**要求事項**: {r.requirement}")
if r.satisfied_by:
    st.markdown(f"**充足の条件**: {r.satisfied_by}")
if r.remedy and r.status in (Status.MISSING, Status.PARTIAL):
    st.markdown(f"**修正案**: {r.remedy}")
if r.references:
    st.caption("根拠: " + "、".join(r.references))


anchored = [anchor(text, e) for e in r.evidence]
spans = [s for s in anchored if s is not None]
st.markdown("##### 根拠となる条項")
if not r.evidence:
    st.info("該当する条項は見つかりませんでした。")
for n, (e, s) in enumerate(zip(r.evidence, anchored, strict=True), 1):
    st.markdown(
        f"**{n}. {html.escape(locator_text(e))}** — {status_label(e.status)}"
        + (f"（観点: {html.escape(e.aspect)}）" if e.aspect else "")
        + (f"<br><small>{html.escape(e.note)}</small>" if e.note else ""),
        unsafe_allow_html=True,
    )
    if s is None:
        st.text(e.text)
        continue
    lo, hi = context_window(text, s.start, s.end)
    st.markdown(highlight_html(text, spans, (lo, hi)), unsafe_allow_html=True)
if spans:
    with st.expander("文書全体で表示（根拠を強調）"):
        st.markdown(highlight_html(text, spans), unsafe_allow_html=True)
if r.explanation:
    with st.expander("判定の経緯（各段階のスコア）"):
        st.dataframe(
            pd.DataFrame(
                [
                    {"段階": x.scorer, "内容": x.detail, "前": x.score_before, "後": x.score_after}
                    for x in r.explanation
                ]
            ),
            hide_index=True,
            width="stretch",
        )

# --- reviewer decision ----------------------------------------------------------------
st.markdown("##### レビュー判定")
if st.session_state.pop(K_SAVED, None) == (rid, topic_id):
    st.success("レビュー判定を保存しました。")
if saved is not None:
    when = ""
    if saved.updated_at:
        at = saved.updated_at if saved.updated_at.tzinfo else saved.updated_at.replace(tzinfo=UTC)
        when = f"{at.astimezone():%Y-%m-%d %H:%M}"
    st.markdown(
        f"保存済みのレビュー判定: **{status_label(saved.status) if saved.status else '（分析結果のまま）'}**"
        + (f" — コメント: {saved.comment}" if saved.comment else "")
        + (f"（{saved.reviewer}）" if saved.reviewer else "")
        + (f" ／ {when}" if when else "")
    )
choices: list[Status | None] = [None, *STATUS_ORDER]
key = f"{cur.document.sha256[:16]}-{rid}-{topic_id}"
with st.form(key=f"decision-{key}"):
    new_status = st.selectbox(
        "判定の上書き",
        choices,
        index=choices.index(saved.status) if saved is not None else 0,
        format_func=status_label,
        key=f"dec-status-{key}",
    )
    comment = st.text_area("コメント", value=saved.comment if saved else "", key=f"dec-comment-{key}")
    reviewer = st.text_input(
        "レビュー担当者（任意）", value=saved.reviewer if saved else "", key=f"dec-reviewer-{key}"
    )
    submitted = st.form_submit_button("判定を保存", type="primary")
if submitted:
    decision = Decision(topic_id=topic_id, status=new_status, comment=comment, reviewer=reviewer)
    try:
        svc.get_store().save_decision(cur.document.sha256, rid, decision)
    except SQLAlchemyError as exc:
        show_error(
            "レビュー判定を保存できませんでした（保存済みの内容は変更されていません）。"
            f" / The decision could not be saved (nothing saved before was changed): {type(exc).__name__}"
        )
    else:
        st.session_state[K_SAVED] = (rid, topic_id)
        st.rerun()
