import unicodedata

import pytest

from analyzer.extract.shapes import SHAPES, has_shape


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # label lines and copulas that appoint a person or a unit
        ("個人情報保護管理者：情報セキュリティ室長", True),
        ("・サポートリーダー：宮里", True),
        ("情報管理の責任者：CTO（個人情報の管理責任者を兼ねる）", True),
        ("アカウントの発行・停止：管理部", True),
        ("個人情報保護管理者は情報セキュリティ室長の佐々木です。", True),
        ("内部監査の担当は事務長の石川さんです。", True),
        ("告知文はサポート主任（いまは田村さん）が書いて出す担当です", True),
        ("個人情報保護管理者：本部 総務課長。", True),
        ("情報管理の責任者：CTO / アカウントの発行・停止：管理部 / インシデント時の連絡先：Slack", True),
        # look-alikes: a verb, a purpose, a quantity, a question, a contact channel
        ("担当：月1回点検する", False),
        ("目的：お客さんの通信と個人情報を守ること", False),
        ("保存期間：1年", False),
        ("個人情報保護管理者は誰ですか？", False),
        ("インシデント時の連絡先：Slackの #incident チャンネル＋CTOへの電話", False),
        ("このルールは全員が対象です。", False),
        ("個人情報保護管理者を置く。", False),
    ],
)
def test_designation(text, expected):
    assert has_shape("designation", unicodedata.normalize("NFKC", text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("承認：CEO 早瀬", True),
        ("承認者：代表取締役　山田 太郎", True),
        ("・決裁：所長", True),
        ("作成：CTO 柏木 / 承認：CEO 早瀬", True),
        ("承認が必要な作業：設定変更・機器の入替え", False),
        ("事前に上長の承認：必須", False),
    ],
)
def test_approval_line(text, expected):
    assert has_shape("approval-line", unicodedata.normalize("NFKC", text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("管理者パスワードは、本部システム担当と店長しか持っていません。", True),
        ("rootを使えるのはNOCの正社員のみ", True),
        ("知っているのは奥寺さんと社長の2人だけです。", True),
        ("管理者パスワードは定期的に変更する。", False),
        ("しかし、例外もある。", False),
    ],
)
def test_only(text, expected):
    assert has_shape("only", unicodedata.normalize("NFKC", text)) is expected


def test_every_shape_is_a_predicate_on_text():
    for name, predicate in SHAPES.items():
        assert predicate("") is False, name
