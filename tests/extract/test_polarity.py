import pytest

from analyzer.extract.polarity import (
    Polarity,
    classify,
    discretion_cue,
    document_name_cue,
    find_reference,
    not_done_cue,
    plan_cue,
    rationale_cue,
    register_row_cue,
    revision_row_cue,
    third_party_cue,
    vendor_service_cue,
)


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("外部記憶媒体への個人情報の記録を禁止する。", Polarity.PROHIBITION),
        ("USBメモリへの複写は一切しない。", Polarity.PROHIBITION),
        ("私物の記憶媒体を接続してはならない。", Polarity.PROHIBITION),
        ("USBメモリの利用を禁止しない。", Polarity.NEGATED_PROHIBITION),
        # an escape hatch in the same sentence, 基本NG
        ("USBメモリは使用禁止。どうしても必要なときは事務長に相談。", Polarity.CONDITIONAL_PROHIBITION),
        ("USBへのコピーも基本NG。ただし暗号化USBは貸します。", Polarity.CONDITIONAL_PROHIBITION),
        ("業務用PCは外部記憶媒体への書込みができない設定とする。", Polarity.PROHIBITION),
        ("USBポートは無効化する。", Polarity.PROHIBITION),
        (
            "外部記憶媒体への記録は原則として禁止する。ただし、管理者の許可を得た場合はこの限りでない。",
            Polarity.CONDITIONAL_PROHIBITION,
        ),
        ("情報機器の無断持出し禁止", Polarity.CONDITIONAL_PROHIBITION),
        (
            "個人データをUSBメモリに記録してはならない。ただし、責任者が業務上必要と認めた場合は、この限りでない。",
            Polarity.CONDITIONAL_PROHIBITION,
        ),
        (
            "本人の同意なく個人データを第三者に提供してはならない。ただし、法令に基づく場合は、この限りでない。",
            Polarity.PROHIBITION,
        ),
        ("上長の許可を得てUSBメモリを利用できる。", Polarity.PERMISSION),
        ("USBメモリは利用してよい。", Polarity.PERMISSION),
        ("パスワードを定期的に変更するよう努める。", Polarity.EFFORT),
        ("パスワードは、なるべく定期的に変えるようにしてください。", Polarity.EFFORT),
        ("漏えいに気づいたら、なるべく早く管理者に報告する。", Polarity.OBLIGATION),
        (
            "個人データを外部記録媒体に保存してはならない。ただし、業務の遂行上必要がある場合は、この限りでない。",
            Polarity.CONDITIONAL_PROHIBITION,
        ),
        (
            "基本はNGです。ただ、社長がOKを出したときだけ、USBで持ち出せます。",
            Polarity.CONDITIONAL_PROHIBITION,
        ),
        (
            "外部記録媒体に書き出すことは禁止する。ただし、責任者がやむを得ないと認め、暗号化した場合は、この限りでない。",
            Polarity.CONDITIONAL_PROHIBITION,
        ),
        ("必要なときだけ、管理薬剤師の許可をもらい、暗号化USBを使います。", Polarity.PERMISSION),
        ("障害のお知らせは卸元が出すので、うちのホームページに載せる必要はありません。", Polarity.NEGATION),
        ("アクセスログは保存しない。", Polarity.NEGATION),
        # plain-language bans and permissions of memos
        ("私物USBはNG。", Polarity.PROHIBITION),
        ("USBメモリは使わないでください。", Polarity.PROHIBITION),
        ("個人情報の持ち出しは厳禁", Polarity.PROHIBITION),
        ("外部媒体への保存は認めていません", Polarity.PROHIBITION),
        ("USBメモリは使わない。", Polarity.PROHIBITION),
        ("USBは原則使わない（どうしても必要なときは部長OKで）", Polarity.CONDITIONAL_PROHIBITION),
        ("できるだけ早めに報告しましょう", Polarity.OBLIGATION),  # できるだけ is not a permission
        ("USBメモリは、院長の許可があれば使ってかまいません。", Polarity.PERMISSION),
        ("USBメモリには、そもそも書き込めない設定になっています。", Polarity.PROHIBITION),
        ("パスワードの定期変更はしていません。", Polarity.NEGATION),
        ("定期的な変更を推奨です", Polarity.EFFORT),
        ("記録しなければなりません。", Polarity.OBLIGATION),
        ("暗号化USBメモリなら使ってOKです。", Polarity.PERMISSION),
        ("USBメモリの使用に制限を設けない。", Polarity.NEGATED_PROHIBITION),
        ("外部媒体の利用は各自の判断に委ねる。", Polarity.NEGATED_PROHIBITION),
        ("軽微な変更は作業記録の作成を省略することができる。", Polarity.NEGATION),
        ("障害時は事前承認を要しない。", Polarity.NEGATION),
        ("アクセスログを1年以上保存する。", Polarity.OBLIGATION),
        ("総務省に報告しなければならない。", Polarity.OBLIGATION),
    ],
)
def test_classify(text, polarity):
    assert classify(text).polarity is polarity


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("保存期間は別に定める。", True),
        ("手順は別途定めるところによる。", True),
        ("保存期間は1年とする。", False),
        # an annex or another rule as the predicate defers; named in passing, it does not
        ("連絡体制は別表のとおりとする。", True),
        ("障害時は、別表の緊急連絡網に従い、技術部長を対応責任者として復旧に当たる。", False),
        ("開示等の請求への対応は「個人情報取扱規程」による。", True),
        ("詳細は情報セキュリティ細則に定める。", True),
        ("就業規則に定める懲戒処分を行う。", False),
        ("詳細は別途「情報管理要領」に定める。", True),
        ("手順は別に定めます。", True),
        ("開示等の請求への対応については、「個人情報取扱規程」に定めるところによる。", True),
        ("違反者の処分は就業規則に従う。", False),
        ("違反者の取扱いは、就業規則に準じる。", True),  # no link to 懲戒 (README)
    ],
)
def test_reference(text, found):
    assert (find_reference(text) is not None) is found


@pytest.mark.parametrize(
    ("row", "document"),
    [
        ("情報機器等廃棄手順書 | 情報システム部 | 第8条", "情報機器等廃棄手順書"),
        (
            "障害・インシデント対応手順書 | ネットワーク運用部 | 第20条、第21条",
            "障害・インシデント対応手順書",
        ),
        # rows that state the rule themselves, or are not registers
        ("対応マニュアル | 障害の種類ごとの初動及び復旧の手順を障害対応マニュアルに定める | 運用課長", None),
        ("バックアップ手順書 | 毎日取得する", None),
        ("入退室記録 | 1年", None),
        ("本規程 | 総務部", None),
    ],
)
def test_register_row(row, document):
    assert register_row_cue(row) == document


@pytest.mark.parametrize(
    ("cue", "text", "found"),
    [
        # why, not what: rationales
        (
            rationale_cue,
            "（定期的な変更を強制すると、推測されやすいパスワードが使われる傾向があるためです。）",
            True,
        ),
        (rationale_cue, "漏えいを防ぐためである。", True),
        (rationale_cue, "パスワードは90日ごとに変更する。", False),
        (rationale_cue, "個人情報保護のため、USBメモリは使用禁止です。", False),
        # left to each person or to circumstances
        (discretion_cue, "情報セキュリティ教育は入社時に行う。入社後の受講は各自の任意とする。", True),
        (discretion_cue, "研修は自由参加です。", True),
        (discretion_cue, "必要に応じて見直すことがある。", True),
        (discretion_cue, "情報セキュリティ教育は年1回、全従業者に行う。", False),
        # a revision line, a document's name, a vendor's service: not the company's own rule
        (revision_row_cue, "第4版 | 2025年7月1日 | パスワードの定期変更を廃止", True),
        (revision_row_cue, "アクセスログ | 1年", False),
        (document_name_cue, "問合せ対応マニュアル(カスタマーサポート部)", True),
        (document_name_cue, "障害対応マニュアルに従って復旧する。", False),
        (vendor_service_cue, "操作の記録は、ソフト会社のサーバに1年間残る仕組みになっています。", True),
        (vendor_service_cue, "操作の記録は、当社のサーバに1年間保存する。", False),
        # plans and matters under consideration
        (plan_cue, "自動消火設備の設置については、次期の機器更改に合わせて検討する。", True),
        (plan_cue, "通知又は公表の方法を現在検討している。", True),
        (plan_cue, "障害対応マニュアルは、現在、情報システム課において作成中である。", True),
        (plan_cue, "サーバ室には自動消火設備を設置する。", False),
        (plan_cue, "委託先は、評価基準を検討した上で選定する。", False),
        # a practice reported as not (or no longer) done
        (not_done_cue, "パスワードの定期変更はもうやりません。", True),
        (not_done_cue, "外部の脆弱性診断はまだやっていません。", True),
        (not_done_cue, "レセコンの端末はインターネットに接続していません。", False),
        (not_done_cue, "パスワードは90日ごとに変更します。", False),
    ],
)
def test_cues_that_a_clause_is_no_rule(cue, text, found):
    assert (cue(text) is not None) is found


def test_a_duty_imposed_on_a_contractor_is_theirs():
    text = "委託先には、委託業務で使用するシステムのアクセスログを1年以上保存させる。"
    assert third_party_cue(text, "") is not None
    text = "当法人のホームページの保守を受託する制作会社は、ソフトウェアを常に最新の状態に保つものとする。"
    assert third_party_cue(text, "") is not None
    assert third_party_cue("当社は、アクセスログを1年以上保存する。", "") is None
