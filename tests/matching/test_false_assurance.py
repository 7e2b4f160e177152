"""Sentences that mention a requirement without making it a rule must never be `covered`.

Written as a stress list for false assurance (the worst error): definitions, plans,
intentions, hedges, negations, and duties placed on someone else.
"""

import pytest

from analyzer.rules.loader import load_ruleset
from analyzer.rules.schema import Status
from tests.conftest import make_document

NOT_COVERED = [
    # the yearly review of the rules is not an audit of compliance with them
    (
        "1-1-2",
        "情報セキュリティ責任者は、毎年1回、会議において本規程の内容及び運用状況を評価し、見直しを行う。",
    ),
    # the restriction of provision next to a request to stop provision (本人確認) is no 確認・記録
    (
        "7-2-2.third-party",
        "加入者情報は、法令に基づく場合を除き、本人の同意を得ずに第三者に提供してはならない。"
        "加入者から第三者への提供の停止を求められたときは、本人確認を行った上で受け付け、内容を確認して回答する。",
    ),
    # whether to publish a leak is not who announces a failure
    ("3-3-2", "障害又は事案の内容を当社Webサイトで公表するかどうかは、代表取締役が判断する。"),
    # a practice given up, in plain words; the customer's own responsibility
    (
        "7-1-1.password-change",
        "パスワードの定期変更はもうやりません。漏えいの疑いがあるときだけ変えてください。",
    ),
    ("3-1-5", "それ以外の顧客データの保全は、利用規約に定めるとおりお客様の責任とする。"),
    (
        "4-1-1",
        "会員が保存したデータのバックアップは会員自らが行うものとし、当社は会員規約に定める範囲を超えて責任を負わない。",
    ),
    # no help desk: a request from the police, the records kept of enquiries
    ("5-1-1", "警察などから電話で問い合わせがあったときは、その場では答えずに社長に回してください。"),
    ("5-1-1", "お客さまからの問合せについて、受付日時、内容及び対応結果を記録し、3年間保存する。"),
    # works named in another party's notice are no announcement of a stop of the service
    (
        "5-2-1",
        "まず卸元の工事・故障情報のページを見て、広域障害が出ていないか確認し、出ていればお客さまに案内してください。",
    ),
    # a support script for a customer's own site is not the company's measure
    (
        "2-1-4",
        "「サイトが改ざんされた」というお客さまからの連絡 → コントロールパネルのWAF設定と、バックアップからの復元手順を案内。",
    ),
    (
        "7-1-3",
        "「サイトが改ざんされた」というお客さまからの連絡 → コントロールパネルのWAF設定と、バックアップからの復元手順を案内。",
    ),
    (
        "7-1-1.access-log-retention",
        "この規程において「アクセスログ」とは、サーバへのアクセスの記録であって1年間保存されるものをいう。",
    ),
    ("2-1-5", "SSLとは、通信を暗号化する仕組みをいう。"),
    ("7-6-3", "漏えい時には総務省への報告が必要になる場合があります。"),
    ("7-1-1.access-log-retention", "今後、アクセスログを1年間保存する予定である。"),
    ("2-1-5", "当社ウェブサイトの常時SSL化を検討している。"),
    ("7-1-2", "外部記憶媒体の利用禁止を検討する。"),
    ("3-1-3", "サーバ室の消火設備の設置は、今後の課題とする。"),
    ("7-1-1.access-log-retention", "アクセスログの1年間保存は、努力目標とする。"),
    ("1-1-2", "年1回の監査を実施することが理想である。"),
    ("7-1-1.password-change", "パスワードを定期的に変更することが望ましい。"),
    ("7-6-3", "漏えいが発生した場合でも、総務省への報告は要しない。"),
    ("7-6-3", "委託先で漏えいが起きた場合、委託先は総務省に報告すること。"),
    ("7-1-2", "お客様には、USBメモリへの保存を禁止するようお願いしている。"),
    ("7-6-3", "漏えいが発生した場合は、総務省のガイドラインに従い、個人情報保護委員会に報告する。"),
    ("7-1-1.password-change", "お客様は、パスワードを定期的に変更してください。"),
    ("7-1-1.password-change", "会員のパスワードは3か月ごとに変更するよう会員に案内する。"),
    (
        "7-1-1.access-log-retention",
        "アクセスログは1年間保存する。ただし、記憶容量が不足する場合は3か月経過後に削除することができる。",
    ),
    ("7-6-1", "漏えいが発生した場合、本人への通知は行わない。"),
    ("7-6-2", "漏えいの事実は公表しないものとする。"),
    ("7-1-1.access-log-retention", "クラウド事業者がアクセスログを1年間保存していることを確認する。"),
    ("1-1-2", "2023年度は情報セキュリティ監査を1回実施した。"),
    ("7-1-1.access-log-retention", "アクセス記録は、電子カルテ業者のサービスで3年間保存されています。"),
    # from the near-miss probes: past events, swallowing provisos, discretion, "may", reliance
    (
        "1-1-1.disposal",
        "2023年度のサーバ更新時には、旧サーバのハードディスクを専門業者に依頼して物理破壊した。",
    ),
    (
        "2-1-2",
        "サーバ室への立入りは、システム管理者に限る。ただし、業務上の必要がある従業員は、申出なく立ち入ることができる。",
    ),
    ("3-1-2", "障害対応の責任者は、障害の規模及び内容に応じて、その都度決めるものとする。"),
    ("6-3-1", "当社は、ネットワークの混雑時には、契約者に通知することなく帯域制御を行うことができる。"),
    (
        "2-1-4",
        "当社Webサイトはレンタルサーバ上で運用しており、改ざん対策はレンタルサーバ事業者の提供する機能に委ねている。",
    ),
    ("3-2-1", "障害対応マニュアルは、現在、情報システム課において作成中である。"),
    ("7-2-1", "(4) 個人情報保護管理者 当社における個人情報の取扱いについて責任と権限を有する者をいう。"),
]


@pytest.mark.parametrize(
    ("topic", "text"),
    [
        ("7-6-3", "漏えいが発生した場合は、総務省及び個人情報保護委員会に報告する。"),
        (
            "7-1-1.access-log-retention",
            "アクセスログは1年間保存する。ただし、法令で定める場合はこの限りでない。",
        ),
        ("6-3-1", "帯域制御を行う場合は、その条件を当社ウェブサイトで契約者に周知する。"),
        ("1-1-1.scope", "全従業員（派遣社員・アルバイトを含む）が日常業務で守るべきルールをまとめました。"),
        ("4-1-3", "申込画面では、申込者が規約に同意した場合に限り、申込みを送信できるものとする。"),
    ],
)
def test_rules_that_look_like_those_mentions_still_count(analyzer, topic, text):
    report = analyzer.analyze(make_document([text]), load_ruleset("isp-anshin-mark"))
    result = next(r for r in report.topic_results if r.id == topic)
    assert result.status is not Status.MISSING, result.reason


@pytest.fixture(scope="module")
def analyzer(sudachi_engine):
    from analyzer.matching import AnalyzerEngine, RuleScorer

    return AnalyzerEngine(sudachi_engine, scorers=[RuleScorer()])


@pytest.mark.parametrize(("topic", "text"), NOT_COVERED)
def test_a_mention_is_not_a_rule(analyzer, topic, text):
    report = analyzer.analyze(make_document([text]), load_ruleset("isp-anshin-mark"))
    result = next(r for r in report.topic_results if r.id == topic)
    assert result.status is not Status.COVERED, result.reason


def test_the_usual_wording_of_a_sanction_is_a_rule(analyzer):
    lines = ["教職員等がこの規程に違反したときは、就業規則に定める懲戒の手続により処分することがある。"]
    report = analyzer.analyze(make_document(lines), load_ruleset("pmark-jisq15001"))
    result = next(r for r in report.topic_results if r.id == "pm-penalty")
    assert result.status is Status.COVERED, result.reason


# The requirement lists several matters (開示・訂正・利用停止): a procedure for one of them is
# partial, one for two or for 「開示等」 is covered (``match.breadth``).
BREADTH = [
    (
        "7-5-2",
        ["カルテの開示を求められたら、院長が本人確認をしたうえで、原則2週間以内にお渡しします。"],
        Status.PARTIAL,
    ),
    (
        "7-5-2",
        [
            "本人から保有個人データの開示又は訂正を求められたときは、本人確認のうえ遅滞なく応じる。",
            "手続はホームページで公表する。",
        ],
        Status.COVERED,
    ),
    (
        "7-5-2",
        [
            "開示等の請求には、所定の請求書により本人確認を行い、遅滞なく応じる。",
            "手続は当社ホームページに掲載する。",
        ],
        Status.COVERED,
    ),
]


@pytest.mark.parametrize(("topic", "lines", "expected"), BREADTH)
def test_a_procedure_for_one_listed_request_is_partial(analyzer, topic, lines, expected):
    report = analyzer.analyze(make_document(lines), load_ruleset("isp-anshin-mark"))
    result = next(r for r in report.topic_results if r.id == topic)
    assert result.status is expected, result.reason
    if expected is Status.PARTIAL:
        assert "訂正" in result.reason and "利用停止" in result.reason


# Neighbours of the request procedure that are not it: a manager's duty to oversee requests
# and the complaints desk's deadline (「申出者に…回答する」), beside a bare deferral.
NOT_THE_PROCEDURE = [
    "## 2.2 個人情報保護管理者の職務",
    "- 苦情、相談及び開示等の請求への対応の統括",
    "## 7.7 開示等の請求",
    "本人からの保有個人データの開示、訂正、利用停止等の請求には、別に定める手順により対応する。",
    "## 7.8 苦情及び相談",
    "お客さま相談室は、受け付けた内容を記録し、原則として10営業日以内に申出者に回答する。",
]


@pytest.mark.parametrize(
    ("ruleset_id", "topic"), [("isp-anshin-mark", "7-5-2"), ("pmark-jisq15001", "pm-rights")]
)
def test_a_duty_or_the_complaints_desk_is_not_the_request_procedure(analyzer, ruleset_id, topic):
    report = analyzer.analyze(make_document(NOT_THE_PROCEDURE), load_ruleset(ruleset_id))
    result = next(r for r in report.topic_results if r.id == topic)
    assert result.status is Status.PARTIAL, result.reason


# 7-1-2 asks for a ban on recording to external media: a ban on private media only, or one
# left open by an escape hatch in the same bullet, is a partial restriction.
@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "個人データを外部記録媒体に記録する場合は、会社が貸与する暗号化USBメモリを使用し、私物の記録媒体を使用してはならない。"
            ],
            Status.PARTIAL,
        ),
        (["私物の記録媒体及び私物のスマートフォンを業務用パソコンに接続してはならない。"], Status.PARTIAL),
        (
            [
                "・USBメモリは使わないでください。データのやりとりは共有フォルダで。どうしても必要なときは事務長に相談。"
            ],
            Status.PARTIAL,
        ),
        (["・顧客データを個人のPC・USBメモリにコピーしない。"], Status.COVERED),
        (["個人情報を外部記憶媒体に記録することを禁止する。"], Status.COVERED),
    ],
)
def test_a_ban_on_private_media_or_with_an_escape_is_partial(analyzer, lines, expected):
    report = analyzer.analyze(make_document(lines), load_ruleset("isp-anshin-mark"))
    result = next(r for r in report.topic_results if r.id == "7-1-2")
    assert result.status is expected, result.reason
