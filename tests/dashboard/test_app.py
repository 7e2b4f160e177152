"""AppTest smoke tests of every page (rules-only analyser, a temporary SQLite database)."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analyzer.rules.schema import Status
from analyzer.store import Decision, Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
RULESET = "isp-anshin-mark"
POLICY = "\n".join(
    [
        "情報セキュリティ規程",
        "第1条（目的）本規程は、当社の情報資産を保護するための基本方針を定める。",
        "第2条（適用範囲）本規程は全従業員に適用する。",
        "第3条（漏えい時の対応）個人データの漏えいが発生した場合は、個人情報保護委員会に報告する。",
        "第4条（アクセスログ）アクセスログは3年間保存する。",
    ]
).encode()
REVISED = (
    POLICY.decode().replace(
        "個人情報保護委員会に報告する。",
        "個人情報保護委員会に報告し、電気通信事業法に基づき速やかに総務省（総務大臣）に報告する。",
    )
).encode()


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "kitei.db"
    monkeypatch.setenv("KITEI_DB", str(path))
    monkeypatch.delenv("KITEI_DB_URL", raising=False)
    monkeypatch.delenv("KITEI_SAMPLE", raising=False)
    monkeypatch.setenv("KITEI_ANALYZER_MODE", "rules")
    return Store(f"sqlite:///{path}")


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def upload(at: AppTest, name: str, data: bytes, mime: str = "text/plain") -> AppTest:
    at.file_uploader(key="upload").set_value((name, data, mime))
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [s.value for s in at.subheader] + [c.value for c in at.caption]
    return "\n".join(parts)


def test_analyze_page_with_the_sample_shows_overview_and_estimate(db, monkeypatch):
    monkeypatch.setenv("KITEI_SAMPLE", "1")
    at = app().run()
    assert not at.exception
    assert at.subheader[0].value == "概要: happymari.txt（サンプル）"
    labels = [m.label for m in at.metric]
    assert labels[:5] == ["✓ 充足", "△ 一部不足", "✗ 不足", "？ 要外部確認", "－ 対象外"]
    assert "推奨点（推定）" in labels and "必須項目（文書で充足）" in labels
    verdicts = [e.value for e in [*at.error, *at.info, *at.success]]
    assert any(v.startswith("**推定: ") for v in verdicts)
    assert "一部不足＝満点の半分" in texts(at)
    assert len(at.get("vega_lite_chart")) == 1  # coverage per category
    gaps = at.dataframe[0].value
    assert list(gaps.columns) == ["項目", "必須", "内容", "判定", "理由"]
    assert gaps["必須"].tolist() == sorted(gaps["必須"].tolist(), key=lambda m: m != "必須")  # 必須 first
    assert at.query_params["doc"] == db.list_documents()[0].sha256


def test_new_and_renewal_pass_lines(db, monkeypatch):
    monkeypatch.setenv("KITEI_SAMPLE", "1")
    at = app().run()
    radio = at.radio(key=f"application-{RULESET}")
    assert radio.options == ["新規申請", "更新申請"]
    assert "必須34項目・推奨119点中92点以上" in texts(at)
    radio.set_value("renewal").run()
    assert "必須35項目・推奨114点中88点以上" in texts(at)


def test_upload_choose_ruleset_and_reopen_after_reload(db):
    at = app().run()
    assert at.info[0].value.startswith("規程ファイルをアップロード")
    ms = at.multiselect(key="rulesets_widget")
    assert RULESET in ms.value
    ms.set_value([]).run()
    assert at.warning[0].value == "ルールセットを1つ以上選んでください。"
    ms.set_value([RULESET]).run()
    upload(at, "../../etc/passwd.txt", POLICY)  # a hostile name is only a display name
    assert not at.exception
    assert at.subheader[0].value == "概要: ../../etc/passwd.txt"
    sha = db.list_documents()[0].sha256
    assert at.query_params["rs"] == RULESET
    # a reload is a new session with the URL only
    again = app()
    again.query_params["doc"] = sha
    again.query_params["rs"] = RULESET
    again.run()
    assert again.subheader[0].value == "概要: ../../etc/passwd.txt"


def test_bad_input_shows_the_coded_message_and_loses_nothing(db):
    at = upload(app().run(), "規程.txt", POLICY)
    sha = db.list_documents()[0].sha256
    db.save_decision(sha, RULESET, Decision(topic_id="7-6-3", status=Status.COVERED, comment="確認済み"))
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    upload(at, "壊れた.docx", b"this is not a zip file", docx)
    assert not at.exception
    assert "[E120]" in at.error[0].value and " / " in at.error[0].value  # Japanese / English
    assert at.subheader[0].value == "概要: 規程.txt"  # still the document that was open
    assert db.load_decisions(sha, RULESET)["7-6-3"].comment == "確認済み"
    assert len(db.list_documents()) == 1


def test_gap_evidence_and_decision_persist(db):
    at = upload(app().run(), "規程.txt", POLICY)
    sha = db.list_documents()[0].sha256
    at.switch_page("views/gaps.py").run()
    assert not at.exception
    pick = next(s for s in at.selectbox if s.label == "項目を選ぶ")
    assert any(o.startswith("7-6-3 ") for o in pick.options)  # a gap of this document
    pick.set_value("7-6-3").run()
    assert at.subheader[0].value.startswith("7-6-3 ")
    page = "\n".join(m.value for m in at.markdown)
    assert "第3条" in page and '<mark class="kitei-evidence"' in page  # evidence highlighted in context
    assert "個人情報保護委員会に報告する。</mark>" in page
    key = f"{sha[:16]}-{RULESET}-7-6-3"
    at.selectbox(key=f"dec-status-{key}").set_value(Status.COVERED)
    at.text_area(key=f"dec-comment-{key}").input("総務省への報告は別規程第7条で定める")
    next(b for b in at.button if b.label == "判定を保存").click().run()
    assert not at.exception
    assert at.success[0].value == "レビュー判定を保存しました。"
    saved = db.load_decisions(sha, RULESET)["7-6-3"]
    assert (saved.status, saved.comment) == (Status.COVERED, "総務省への報告は別規程第7条で定める")
    # reopening the document (new session, URL only) shows the decision
    again = app()
    again.query_params.update({"doc": sha, "rs": RULESET, "topic": "7-6-3"})
    again.run()
    again.switch_page("views/gaps.py").run()
    shown = "\n".join(m.value for m in again.markdown)
    assert "保存済みのレビュー判定: **✓ 充足** — コメント: 総務省への報告は別規程第7条で定める" in shown
    assert again.selectbox(key=f"dec-status-{key}").value is Status.COVERED


def test_compare_view_lists_closed_gaps(db):
    at = upload(app().run(), "規程.txt", POLICY)
    at.switch_page("views/compare.py").run()
    assert at.info[0].value.startswith("改訂版をアップロードすると")
    at.file_uploader(key="revised").set_value(("規程_改訂.txt", REVISED, "text/plain"))
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"解消された指摘", "残っている指摘", "新たな指摘"}
    closed = at.dataframe[0].value
    assert "7-6-3" in closed["項目"].tolist()
    assert int(metrics["解消された指摘"]) == len(closed)


def test_export_page_offers_the_downloads_and_answer_sheet(db):
    at = upload(app().run(), "規程.txt", POLICY)
    at.switch_page("views/export.py").run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels[:3] == ["Excel 対応表（.xlsx）", "指摘事項（Markdown）", "分析結果（JSON）"]
    assert "審査項目回答書の下書き（Markdown）" in labels
    assert at.subheader[0].value.startswith("審査項目回答書（下書き）")
    attach = at.dataframe[0].value
    assert {"項目", "添付する箇所", "ページ", "右肩の記入"} <= set(attach.columns)
    assert "「7-1-1」" in attach["右肩の記入"].tolist()


@pytest.mark.parametrize("page", ["views/gaps.py", "views/compare.py", "views/export.py"])
def test_pages_without_a_document_point_to_the_upload(db, page):
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.info[0].value.startswith("まず「文書の分析・概要」で")


def test_two_rulesets_get_a_tab_each(db, tmp_path, monkeypatch):
    rulesets = tmp_path / "rulesets"
    rulesets.mkdir()
    for f in (ROOT / "rulesets").glob("*.yaml"):
        shutil.copy(f, rulesets)
    copy = (
        (rulesets / f"{RULESET}.yaml")
        .read_text(encoding="utf-8")
        .replace(f"id: {RULESET}", "id: isp-copy", 1)
    )
    (rulesets / "isp-copy.yaml").write_text(copy, encoding="utf-8")
    monkeypatch.setenv("KITEI_RULESETS", str(rulesets))
    at = app().run()
    at.multiselect(key="rulesets_widget").set_value([RULESET, "isp-copy"]).run()
    upload(at, "規程.txt", POLICY)
    assert not at.exception
    assert len(at.tabs) == 2
    assert len(at.get("vega_lite_chart")) == 2
    sha = db.list_documents()[0].sha256
    assert set(db.load_reports(sha)) == {RULESET, "isp-copy"}


def test_report_of_an_older_ruleset_version_is_analysed_again(db):
    upload(app().run(), "規程.txt", POLICY)
    sha = db.list_documents()[0].sha256
    db.save_decision(sha, RULESET, Decision(topic_id="7-6-3", comment="残す"))
    rep = db.load_reports(sha)[RULESET]
    old = rep.model_copy(update={"ruleset": rep.ruleset.model_copy(update={"version": "0-old"})})
    db.save_analysis(sha256=sha, name="規程.txt", format="txt", text="", reports=[old])
    again = app()
    again.query_params["doc"] = sha
    again.run()
    assert not again.exception
    assert db.load_reports(sha)[RULESET].ruleset.version == rep.ruleset.version
    assert db.load_decisions(sha, RULESET)["7-6-3"].comment == "残す"


def test_unusable_database_is_reported_not_raised(db, monkeypatch):
    monkeypatch.setenv("KITEI_DB", "/proc/kitei/kitei.db")  # cannot be created
    at = app().run()
    assert not at.exception
    assert at.error[0].value.startswith("データベースを開けません")
