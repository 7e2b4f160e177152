"""Page 1: upload (or pick the sample / a saved document), choose rulesets, see the overview."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analyzer.errors import KiteiError
from analyzer.report.estimate import (
    APPLICATION_JA,
    EVIDENCE_KIND_JA,
    POINTS_RULE_JA,
    Outlook,
    category_coverage,
    estimate,
)
from analyzer.report.model import Report
from analyzer.report.render import STATUS_JA
from analyzer.rules.schema import Ruleset, Status
from analyzer.store import Decision, apply_decisions
from dashboard import services as svc
from dashboard.components import coverage_chart, show_error, status_label, topic_row

st.title("規程の分析")
st.caption(
    "規程（PDF / Word / テキスト / Markdown）をアップロードし、認証の審査項目ごとに"
    "充足・一部不足・不足・対象外・要外部確認を判定します。"
)

titles = svc.ruleset_titles()
if not titles:
    show_error("ルールセットが見つかりません / No ruleset is available.")
    st.stop()
initial = [r for r in (st.session_state.get(svc.K_RULESETS) or svc.default_rulesets()) if r in titles]
selected: list[str] = st.multiselect(
    "ルールセット",
    options=list(titles),
    default=initial,
    format_func=lambda rid: f"{titles[rid]}（{rid}）",
    key="rulesets_widget",
)

left, right = st.columns([3, 1], vertical_alignment="bottom")
upload = left.file_uploader("規程ファイル（.pdf / .docx / .txt / .md）", type=svc.UPLOAD_TYPES, key="upload")
use_sample = right.button("サンプル文書で試す", width="stretch", disabled=svc.sample_bytes() is None)

if not selected:
    st.warning("ルールセットを1つ以上選んでください。")
    st.stop()

if use_sample:
    st.session_state.pop(svc.K_ERROR, None)
    try:
        svc.load_sample(selected)
    except KiteiError as exc:
        st.session_state[svc.K_ERROR] = exc.message
elif upload is not None:
    data = upload.getvalue()
    marker = (svc.sha256_of(data), tuple(selected))
    if st.session_state.get(svc.K_LAST_UPLOAD) != marker:
        st.session_state[svc.K_LAST_UPLOAD] = marker
        st.session_state.pop(svc.K_ERROR, None)
        try:
            analysis = svc.analyze_and_save(data, upload.name, selected)
        except KiteiError as exc:
            st.session_state[svc.K_ERROR] = exc.message
        except SQLAlchemyError as exc:
            st.session_state[svc.K_ERROR] = svc.save_failed(exc)
        else:
            svc.open_document(analysis.sha256, selected)

if st.session_state.get(svc.K_ERROR):
    show_error(st.session_state[svc.K_ERROR])
    st.caption("保存済みの分析結果とレビュー判定は変更されていません。")

saved = svc.get_store().list_documents()
if saved:
    with st.expander("保存済みの文書を開く"):
        labels = {d.sha256: f"{d.name} — {d.created_at:%Y-%m-%d %H:%M} — {d.sha256[:10]}" for d in saved}
        pick = st.selectbox("文書", options=list(labels), format_func=labels.get, key="reopen_pick")
        if st.button("開く", key="reopen_btn") and pick:
            svc.open_document(pick, selected)
            st.rerun()

if st.session_state.get(svc.K_DOC) and selected != st.session_state.get(svc.K_RULESETS):
    st.session_state[svc.K_RULESETS] = list(selected)
    svc.sync_query_params()

try:
    cur = svc.current()
except KiteiError as exc:
    show_error(exc.message)
    st.stop()
if cur is None:
    st.info("規程ファイルをアップロードするか、「サンプル文書で試す」を押してください。")
    st.stop()

st.divider()
st.subheader(f"概要: {cur.document.name}")
meta = f"形式 {cur.document.format.upper()} ／ SHA-256 `{cur.document.sha256[:16]}…`"
if cur.document.pages:
    meta += f" ／ {cur.document.pages} ページ"
st.caption(meta)
for rep in cur.reports.values():
    for w in rep.document.warnings:
        st.warning(w)
    break


def overview(report: Report, ruleset: Ruleset | None, decisions: dict[str, Decision]) -> None:
    """Counts, the mandatory gaps first, coverage per category, and the 審査 estimate."""
    reviewed = apply_decisions(report, decisions)
    overridden = sum(1 for d in decisions.values() if d.status is not None)
    if overridden:
        st.caption(f"レビュー判定 {overridden} 件を反映しています。")
    c = reviewed.summary.counts
    cols = st.columns(5)
    for col, s in zip(
        cols,
        [Status.COVERED, Status.PARTIAL, Status.MISSING, Status.EXTERNAL, Status.NOT_APPLICABLE],
        strict=True,
    ):
        col.metric(status_label(s), c[s.value])

    gaps = [r for r in reviewed.topic_results if r.status in (Status.MISSING, Status.PARTIAL)]
    gaps.sort(key=lambda r: (not r.mandatory, r.status is Status.PARTIAL, r.id))
    st.markdown("##### 未充足の小項目（必須を先頭に）")
    if gaps:
        st.dataframe(
            pd.DataFrame([topic_row(r) for r in gaps]),
            hide_index=True,
            width="stretch",
        )
    else:
        st.success("未充足の小項目はありません。")

    st.markdown("##### 区分ごとのカバレッジ")
    rows = category_coverage(report, ruleset, decisions)
    st.altair_chart(coverage_chart(rows), width="stretch")

    if ruleset is not None and ruleset.pass_rules:
        estimate_section(report, ruleset, decisions)


def estimate_section(report: Report, ruleset: Ruleset, decisions: dict[str, Decision]) -> None:
    """The 審査 estimate from the document alone, clearly marked 推定."""
    st.markdown("##### 審査結果の推定（推定 / estimate）")
    kinds = list(ruleset.pass_rules)
    application = st.radio(
        "申請区分",
        options=kinds,
        format_func=lambda k: APPLICATION_JA.get(k, k),
        horizontal=True,
        key=f"application-{ruleset.id}",
    )
    est = estimate(report, ruleset, application, decisions)
    rule = est.rule
    st.caption(
        f"合格条件（{APPLICATION_JA.get(application, application)}）: 必須{rule.mandatory}項目・"
        f"推奨{rule.points_total}点中{rule.points_min}点以上。0点で不合格となる項目: "
        + ("、".join(i.item_id for i in est.items if i.zero_fails) or "なし")
    )
    box = {Outlook.PASS: st.success, Outlook.DEPENDS: st.info, Outlook.FAIL: st.error}[est.outlook]
    box(f"**推定: {est.label}** — 文書のみから推定した結果であり、審査の結果ではありません。")
    c1, c2, c3 = st.columns(3)
    c1.metric(
        "必須項目（文書で充足）",
        f"{est.mandatory_met} / {est.mandatory_total}",
        help=f"未充足 {len(est.mandatory_unmet)} 項目、要外部確認 {len(est.mandatory_external)} 項目",
    )
    c2.metric(
        "推奨点（推定）",
        f"{est.points:g} 点",
        delta=f"{est.points - rule.points_min:+g} 点（合格点 {rule.points_min} 点比）",
        delta_color="normal",
        help=f"要外部確認の項目で最大 {est.points_pending} 点（未算入）",
    )
    c3.metric(
        "要外部確認の項目", f"{len(est.external_items)} 項目", help="署名押印・URL・報告書で回答する項目"
    )
    for reason in est.reasons:
        st.markdown(f"- {reason}")
    st.caption(POINTS_RULE_JA)
    if est.note:
        st.caption(est.note)
    if est.mandatory_unmet:
        st.markdown("**満たしていない必須項目**")
        st.dataframe(
            pd.DataFrame(
                [
                    {"項目": i.item_id, "内容": i.title, "判定": status_label(i.status)}
                    for i in est.mandatory_unmet
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    with st.expander(f"要外部確認の項目と用意するもの（{len(est.external_items)} 項目）"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "項目": i.item_id,
                        "内容": i.title,
                        "区分": "必須" if i.mandatory else f"{i.points_max}点",
                        "回答方法": EVIDENCE_KIND_JA[i.evidence_kind],
                        "用意するもの": i.prepare,
                        "文書の判定": STATUS_JA[i.status] if i.status else "-",
                    }
                    for i in est.external_items
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    with st.expander("項目別の推定点"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "項目": i.item_id,
                        "内容": i.title,
                        "必須": "必須" if i.mandatory else "",
                        "判定": status_label(i.status),
                        "満点": i.points_max,
                        "推定点": "要外部確認" if i.points is None else f"{i.points:g}",
                    }
                    for i in est.items
                ]
            ),
            hide_index=True,
            width="stretch",
        )


ids = cur.ruleset_ids
if not ids:
    st.info("選択したルールセットの分析結果がありません。")
elif len(ids) == 1:
    overview(cur.reports[ids[0]], svc.ruleset(ids[0]), cur.decisions.get(ids[0], {}))
else:
    for tab, rid in zip(st.tabs([titles.get(r, r)[:30] for r in ids]), ids, strict=True):
        with tab:
            overview(cur.reports[rid], svc.ruleset(rid), cur.decisions.get(rid, {}))
