"""The traps a keyword search gets wrong, one row each, on a small fixture ruleset."""

from pathlib import Path

import pytest

from analyzer.rules.loader import load_lexicon, load_ruleset_file
from analyzer.rules.schema import Status
from tests.conftest import make_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rulesets"


@pytest.fixture(scope="module")
def mini():
    return load_ruleset_file(FIXTURES / "mini.yaml")


@pytest.fixture(scope="module")
def analyzer(sudachi_engine):
    from analyzer.matching import AnalyzerEngine

    return AnalyzerEngine(sudachi_engine, lexicon=load_lexicon(FIXTURES))


CASES = [
    # quantities
    ("7-1-1.access-log-retention", ["通信ログの保存期間は3年間とする。"], Status.COVERED, "3年間"),
    (
        "7-1-1.access-log-retention",
        ["アクセスログは1年以上保管しなければならない。"],
        Status.COVERED,
        "1年以上",
    ),
    ("7-1-1.access-log-retention", ["アクセスログは6か月間保存する。"], Status.PARTIAL, "満たない"),
    # a table row is read with its header; the personal-data system's log decides
    ("7-1-1.access-log-retention", ["記録の種類\t保存期間", "アクセスログ\t1年"], Status.COVERED, "1年"),
    (
        "7-1-1.access-log-retention",
        ["ログの種類\t保存期間", "ファイアウォールの通信ログ\t1年", "顧客管理システムのアクセスログ\t6か月"],
        Status.PARTIAL,
        "6か月",
    ),
    ("7-1-1.access-log-retention", ["アクセス記録は半年保存する。"], Status.PARTIAL, "満たない"),
    ("7-1-1.access-log-retention", ["ログは90日保存する。"], Status.PARTIAL, "90日"),
    ("7-1-1.access-log-retention", ["アクセスログを保存する。"], Status.PARTIAL, "期間の定めがない"),
    ("7-1-1.access-log-retention", ["アクセスログの保存期間は別に定める。"], Status.PARTIAL, "別に定める"),
    (
        "7-1-1.access-log-retention",
        ["事項\t担当\t頻度", "アクセスログの保存は「ログ管理規程」による\t情報システム部\t随時"],
        Status.PARTIAL,
        "による",
    ),
    ("7-1-1.access-log-retention", ["アクセスログは保存しない。"], Status.MISSING, ""),
    ("7-1-1.access-log-retention", ["アクセスログの保存は行わない。"], Status.MISSING, "否定"),
    ("7-1-1.access-log-retention", ["アクセスログは1年間保存し、改ざんしない。"], Status.COVERED, "1年"),
    ("7-1-1.access-log-retention", ["カタログは3年間保存する。"], Status.MISSING, "見当たらない"),
    ("7-1-1.access-log-retention", ["ログの保存に努める。"], Status.PARTIAL, "努力義務"),
    (
        "7-1-1.access-log-retention",
        ["試験環境ではアクセスログの保存を省略することができる。"],
        Status.MISSING,
        "省略",
    ),
    # authorities
    ("7-6-3", ["個人データの漏えいが発生した場合は、総務省に報告する。"], Status.COVERED, "総務省"),
    ("7-6-3", ["漏えい時は速やかに総務大臣に報告しなければならない。"], Status.COVERED, "総務大臣"),
    ("7-6-3", ["漏えいの場合には個人情報保護委員会に報告する。"], Status.MISSING, "個人情報保護委員会"),
    ("7-6-3", ["漏えいが発生した場合は総務部に報告する。"], Status.MISSING, "総務部"),
    ("7-6-3", ["漏えいが発生した場合は直ちに報告する。"], Status.PARTIAL, "明記されていない"),
    # polarity and modality
    ("7-1-2", ["個人情報を外部記憶媒体へ記録することを禁止する。"], Status.COVERED, "禁止"),
    ("7-1-2", ["USBメモリへの複写は一切しない。"], Status.COVERED, "一切"),
    ("7-1-2", ["USBメモリの利用を禁止しない。", "USBメモリに保存してよい。"], Status.MISSING, ""),
    ("7-1-2", ["個人情報をUSBメモリに保存する場合も、特段の申請は不要とする。"], Status.MISSING, "不要"),
    (
        "7-1-2",
        [
            "個人データをUSBメモリに記録してはならない。ただし、責任者が業務上必要と認めた場合は、この限りでない。"
        ],
        Status.PARTIAL,
        "例外",
    ),
    ("7-1-2", ["USBメモリに保存して持ち出す場合は、データを暗号化する。"], Status.PARTIAL, "手順"),
    (
        "7-1-2",
        ["外部記憶媒体への記録は原則として禁止する。ただし、管理者の許可を得た場合はこの限りでない。"],
        Status.PARTIAL,
        "例外",
    ),
    ("7-1-2", ["上長の許可を得てUSBメモリに記録できる。"], Status.PARTIAL, ""),
    ("7-1-2", ["個人データをUSBメモリに保存しない。"], Status.COVERED, "保存しない"),
    ("7-6-3", ["# 総務省への報告", "漏えいが発生した場合は速やかに報告する。"], Status.COVERED, "総務省"),
    ("7-6-3", ["漏えい時は監督官庁に報告する。"], Status.PARTIAL, "監督官庁"),
    (
        "7-1-2",
        ["私物のUSBメモリに保存しないこと。", "USBメモリへの記録は上長の許可を得て行うことができる。"],
        Status.PARTIAL,
        "条件付き",
    ),
    (
        "7-1-1.access-log-retention",
        ["ログのパスワードは定期的に変更するよう努めてください。", "ログは1年保存するよう努めてください。"],
        Status.PARTIAL,
        "努力義務",
    ),
    # whose obligation: providers and selection criteria are not the company's own rules
    (
        "7-1-1.access-log-retention",
        ["サービス事業者において、アクセスログが1年以上保存されていること。"],
        Status.MISSING,
        "他者",
    ),
    (
        "7-1-1.access-log-retention",
        ["# 委託先の選定基準", "アクセスログを1年以上保存していること。"],
        Status.MISSING,
        "他者",
    ),
    ("7-6-3", ["委託先は、漏えい時に総務省へ報告する体制を有すること。"], Status.MISSING, "他者"),
    (
        "7-1-1.access-log-retention",
        ["サーバのアクセスログは、お客様ご自身の責任で1年間保存していただきます。"],
        Status.MISSING,
        "他者",
    ),
    # whose obligation (pattern fallback: no parser in this engine)
    ("2-1-5", ["電子決済には、SSLによる通信暗号化を採用しているサイトを利用する。"], Status.MISSING, "他者"),
    ("2-1-5", ["当社のWebサイトは全ページをTLSで暗号化する。"], Status.COVERED, "自社"),
    # frequency
    ("7-3-1", ["全従業者に対し個人情報保護の教育を年1回以上実施する。"], Status.COVERED, "年1回以上"),
    ("7-3-1", ["従業者に対し必要に応じて教育を行う。"], Status.PARTIAL, "頻度"),
    # silence
    ("7-6-3", ["本規程は全従業員に適用する。"], Status.MISSING, "見当たらない"),
]


@pytest.mark.parametrize(("topic", "lines", "status", "reason_part"), CASES)
def test_verdict(analyzer, mini, topic, lines, status, reason_part):
    report = analyzer.analyze(make_document(lines), mini)
    result = report.topic(topic)
    assert result.status is status, result.reason
    assert reason_part in result.reason or any(reason_part in e.note for e in result.evidence)


def test_every_non_missing_verdict_quotes_its_evidence(analyzer, mini):
    report = analyzer.analyze(make_document(["# 第3章 ログ", "アクセスログは6か月間保存する。"]), mini)
    r = report.topic("7-1-1.access-log-retention")
    assert r.evidence[0].text == "アクセスログは6か月間保存する。"
    assert r.evidence[0].locator == "第3章 ログ"
    assert [s.scorer for s in r.explanation][:2] == ["rules", "check:duration"]


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        (["当社は指定電気通信事業者として情報取扱規程を策定し届け出る。"], Status.COVERED),
        (["アクセスログは1年以上保存する。"], Status.NOT_APPLICABLE),
    ],
)
def test_designated_carrier_items_apply_only_when_stated(analyzer, mini, lines, status):
    assert analyzer.analyze(make_document(lines), mini).topic("7-2-3").status is status


def test_unprovable_item_is_external(analyzer, mini):
    assert analyzer.analyze(make_document(["本文。"]), mini).topic("7-0-1").status is Status.EXTERNAL


def test_item_result_aggregates_topics_and_summary_lists_mandatory_gaps(analyzer, mini):
    report = analyzer.analyze(make_document(["漏えい時は総務部に報告する。"]), mini)
    assert "7-6-3" in report.summary.mandatory_gaps
    assert report.summary.counts["missing"] >= 1
