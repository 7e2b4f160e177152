import pytest

from analyzer.structure.numbering import match_numbering


@pytest.mark.parametrize(
    ("line", "scheme", "label"),
    [
        ("第1章 総則", "chapter", "第1章"),
        ("第２節 管理体制", "section", "第２節"),
        ("第10条 従業者は、次の事項を遵守する。", "article", "第10条"),
        ("第十条（目的）", "article", "第十条"),
        ("第3条の2 委託先は…", "article", "第3条の2"),
        ("2 前項の規定にかかわらず…", "bare-number", "2"),
        ("一 個人情報の取得", "kanji-item", "一"),
        ("1. 情報セキュリティのための組織", "decimal", "1."),
        ("4.1 漏えい・流出発生時の対応", "decimal", "4.1"),
        ("3.4.2.1 利用目的の特定", "decimal", "3.4.2.1"),
        ("(1) 趣旨", "paren", "(1)"),
        ("（２）内容", "paren", "（２）"),
        ("①発見者は即座に報告する。", "circled", "①"),
        ("ア 「発生原因調査報告書」", "katakana", "ア"),
        ("・ 不動産取引に関する支払調書作成事務", "bullet", "・"),
        ("- 小型媒体：施錠付きキャビネットに保管", "bullet", "-"),
    ],
)
def test_scheme_is_recognised(line, scheme, label):
    n = match_numbering(line)
    assert n is not None
    assert (n.scheme, n.label) == (scheme, label)


@pytest.mark.parametrize("line", ["情報セキュリティ委員会を設置する。", "2022年11月20日", "アクセス制御", ""])
def test_plain_text_has_no_numbering(line):
    assert match_numbering(line) is None


def test_long_digit_runs_stay_fast():
    import time

    t = time.perf_counter()
    match_numbering("1" * 5000 + "条")
    match_numbering("1." * 3000 + "条")
    assert time.perf_counter() - t < 0.5
