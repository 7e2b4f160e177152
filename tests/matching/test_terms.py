"""Term lookup on the normalised token index."""

import pytest

from analyzer.matching.terms import TermIndex


@pytest.mark.parametrize(
    ("texts", "term", "expected"),
    [
        (["技術課長が対応する。"], "課長", {0}),
        # Sudachi splits the compound in context (サポート / 課 / 長); the joined pair still counts
        (["責任者 | サポート課長", "（課長 北村 確認済み）"], "課長", {0, 1}),
        (["アクセスログは1年間保存する。"], "保存", {0}),
        (["カタログは3年間保存する。"], "ログ", set()),  # a token, not a substring
        # a noun term also finds its verb (Sudachi: 読み合わせます → 読み合わせる)
        (["このメモをみんなで読み合わせます。", "読み合わせをします。"], "読み合わせ", {0, 1}),
        (["USBメモリを持ち出さないこと。"], "持ち出し", {0}),
        # but a particle is not a verb stem (だけ + ます would read as 抱く)
        (["子どもを抱きます。"], "だけ", set()),
    ],
)
def test_texts_with(sudachi_engine, texts, term, expected):
    index = TermIndex(sudachi_engine, sudachi_engine.process(texts))
    assert set(index.texts_with(term)) == expected
