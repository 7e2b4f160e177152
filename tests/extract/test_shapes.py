import unicodedata

import pytest

from analyzer.extract.shapes import SHAPES, has_shape


@pytest.mark.parametrize(
    ("shape", "text", "expected"),
    [
        # label lines and copulas that appoint a person or a unit
        ("designation", "個人情報保護管理者：情報セキュリティ室長", True),
        ("designation", "・サポートリーダー：宮里", True),
        ("designation", "情報管理の責任者：CTO（個人情報の管理責任者を兼ねる）", True),
        ("designation", "アカウントの発行・停止：管理部", True),
        ("designation", "個人情報保護管理者は情報セキュリティ室長の佐々木です。", True),
        ("designation", "内部監査の担当は事務長の石川さんです。", True),
        ("designation", "告知文はサポート主任（いまは田村さん）が書いて出す担当です", True),
        ("designation", "個人情報保護管理者：本部 総務課長。", True),
        ("designation", "個人情報保護管理者は総務部長（瀬川さん）", True),
        ("designation", "障害対応の責任者は当番の者", True),
        ("designation", "責任者は必ず確認する", False),
        (
            "designation",
            "情報管理の責任者：CTO / アカウントの発行・停止：管理部 / インシデント時の連絡先：Slack",
            True,
        ),
        # look-alikes: a verb, a purpose, a quantity, a question, a contact channel
        ("designation", "担当：月1回点検する", False),
        ("designation", "目的：お客さんの通信と個人情報を守ること", False),
        ("designation", "保存期間：1年", False),
        ("designation", "個人情報保護管理者は誰ですか？", False),
        ("designation", "インシデント時の連絡先：Slackの #incident チャンネル＋CTOへの電話", False),
        ("designation", "このルールは全員が対象です。", False),
        ("designation", "個人情報保護管理者を置く。", False),
        ("designation", "個人情報の管理責任者=管理薬剤師", True),
        ("designation", "1+1=2", False),
        ("approval-line", "承認：CEO 早瀬", True),
        ("approval-line", "承認者：代表取締役　山田 太郎", True),
        ("approval-line", "・決裁：所長", True),
        ("approval-line", "作成：CTO 柏木 / 承認：CEO 早瀬", True),
        ("approval-line", "承認が必要な作業：設定変更・機器の入替え", False),
        ("approval-line", "事前に上長の承認：必須", False),
        ("approval-line", "確認・承認:株式会社あおい坂ファーマシー 代表取締役 藤代", True),
        ("approval-line", "(社長了承済み)", True),
        ("approval-line", "社長の了承を得てから掲載してください。", False),
        ("only", "管理者パスワードは、本部システム担当と店長しか持っていません。", True),
        ("only", "rootを使えるのはNOCの正社員のみ", True),
        ("only", "知っているのは奥寺さんと社長の2人だけです。", True),
        ("only", "管理者パスワードは定期的に変更する。", False),
        ("only", "しかし、例外もある。", False),
        (
            "enumeration",
            "会員情報は、申込書に書いてある目的(本人確認、ご利用料金の管理、お忘れ物などのご連絡)以外には使いません。",
            True,
        ),
        ("enumeration", "調剤、服薬指導、保険請求など、掲示している利用目的の範囲でだけ使います。", True),
        ("enumeration", "会員情報は、契約・請求・サポートのためだけに使います。", True),
        ("enumeration", "会員情報は、問い合わせの対応以外に使わない。", False),
        ("scheduled", "半期に1回、チーム勉強会(フィッシングの新しい手口など)", True),
        ("scheduled", "初日にセキュリティ研修動画(約40分)を見てください。", True),
        ("scheduled", "毎年4月の全体ミーティングで読み合わせます。", True),
        ("scheduled", "勉強会の資料は共有フォルダにあります。", False),
        (
            "enumeration",
            "扱っている個人情報は、会員情報、紙の申込書、防犯カメラの映像、忘れ物台帳の4つです。",
            True,
        ),
        ("enumeration", "顧客情報=RADIUSのアカウント、IPアドレス割当て記録、契約者の連絡先。", True),
        (
            "enumeration",
            "会員の個人情報は、本サービスの提供、料金の請求、サポート対応及びご案内の目的の範囲内で利用する。",
            True,
        ),
        ("enumeration", "個人情報は、本人の同意を得ずに、利用目的の範囲を超えて取り扱わない。", False),
    ],
)
def test_shape(shape, text, expected):
    assert has_shape(shape, unicodedata.normalize("NFKC", text)) is expected


def test_every_shape_is_a_predicate_on_text():
    for name, predicate in SHAPES.items():
        assert predicate("") is False, name
