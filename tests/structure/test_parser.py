import pytest

from analyzer.structure import parse_clauses
from tests.conftest import make_document

ARTICLES = [
    "第1章 総則",
    "（目的）",
    "第1条 この規程は、当社の情報資産を保護することを目的とする。",
    "第2条 従業者は、次の事項を遵守しなければならない。",
    "一 パスワードを他人に教えないこと。",
    "二 離席時は画面をロックすること。",
    "三 被害の拡大防止",
    "2 前項の規定に違反した者は懲戒の対象とする。",
    "第3条 アクセスログは1年以上保存する。",
]

OUTLINE = [
    "1\t組織的対策\t改訂日\t2022.11.20",
    "適用範囲\t全社・全従業員\t\t",
    "1. 情報セキュリティのための組織",
    "情報セキュリティ委員会を設置する。委員会は年1回以上開催する。",
    "4\tアクセス制御及び認証\t改訂日\t2022.11.20",
    "4. 利用者アカウントの管理",
    "- 不要になったアカウントは翌日までに削除する。",
    "(1) 退職者のアカウントは即日無効化する。",
]


@pytest.mark.parametrize(
    ("lines", "needle", "locator"),
    [
        (ARTICLES, "この規程は", "第1条"),
        (ARTICLES, "次の事項を遵守", "第2条第1項"),
        (ARTICLES, "パスワードを他人に", "第2条第1項第一号"),
        (ARTICLES, "前項の規定に違反", "第2条第2項"),
        (ARTICLES, "被害の拡大防止", "第2条第1項第三号"),  # a short 号 is content, not a title
        (ARTICLES, "アクセスログは1年以上", "第3条"),
        (OUTLINE, "全社・全従業員", "1 組織的対策"),
        (OUTLINE, "委員会を設置", "1 組織的対策 > 1. 情報セキュリティのための組織"),
        (OUTLINE, "翌日までに削除", "4 アクセス制御及び認証 > 4. 利用者アカウントの管理"),
        (OUTLINE, "即日無効化", "4 アクセス制御及び認証 > 4. 利用者アカウントの管理 > (1)"),
    ],
)
def test_locators(lines, needle, locator):
    clauses = parse_clauses(make_document(lines))
    clause = next(c for c in clauses if needle in c.text)
    assert clause.locator == locator


# Short numbered lines without 。 look like titles; they are titles only when content follows.
SHORT_ITEMS = [
    "リスク対応の手順",
    "① 情報資産を洗い出す",
    "② リスクを評価する",
    "1. 総則",
    "(1) 目的",
    "本規程は情報資産の保護を目的とする。",
    "(2) 定義",
    "・情報資産",
    "2. 組織",
    "（適用範囲）",
    "本規程は全従業員に適用する。",
    "■ バックアップ",
    "次のデータは毎日バックアップする。",
    "(1) システム設定",
    "(2) 顧客データ",
]


@pytest.mark.parametrize(
    ("needle", "locator", "heading_path"),
    [
        # an item followed by its sibling is content; the short line above titles the items
        ("情報資産を洗い出す", "リスク対応の手順 > ①", ["リスク対応の手順"]),
        ("リスクを評価する", "リスク対応の手順 > ②", ["リスク対応の手順"]),
        ("本規程は情報資産の保護を目的とする", "1. 総則 > (1) 目的", ["1. 総則", "(1) 目的"]),  # a real title
        ("情報資産", "1. 総則 > (2) 定義", ["1. 総則", "(2) 定義"]),
        (
            "全従業員に適用",
            "2. 組織 > （適用範囲）",
            ["2. 組織", "（適用範囲）"],
        ),  # a caption no 第N条 follows
        ("システム設定", "2. 組織 > バックアップ > (1)", ["2. 組織", "バックアップ"]),  # under a ■ title
        (
            "顧客データ",
            "2. 組織 > バックアップ > (2)",
            ["2. 組織", "バックアップ"],
        ),  # the last line of the text
    ],
)
def test_short_numbered_lines_are_titles_only_when_content_follows(needle, locator, heading_path):
    clauses = parse_clauses(make_document(SHORT_ITEMS))
    clause = next(c for c in clauses if c.text == needle or (needle in c.text and len(needle) > 4))
    assert (clause.locator, clause.heading_path) == (locator, heading_path)


def test_article_caption_is_kept_in_heading_path():
    clauses = parse_clauses(make_document(ARTICLES))
    first = next(c for c in clauses if "この規程は" in c.text)
    assert "第1条 （目的）" in first.heading_path


def test_a_bracketed_sign_off_note_is_content_not_a_caption():
    clauses = parse_clauses(
        make_document(
            ["お客様の書類の扱い（スタッフ向けメモ）", "（社長了承済み）", "・鍵付きの棚に入れる。"]
        )
    )
    note = next(c for c in clauses if "了承済み" in c.text)
    assert "社長了承済み" not in " ".join(next(c for c in clauses if "鍵付き" in c.text).heading_path)
    assert note.text == "（社長了承済み）"


def test_paragraph_is_split_into_sentences():
    clauses = parse_clauses(make_document(OUTLINE))
    texts = [c.text for c in clauses]
    assert "情報セキュリティ委員会を設置する。" in texts
    assert "委員会は年1回以上開催する。" in texts


def test_table_row_keeps_its_cells():
    clauses = parse_clauses(make_document(OUTLINE))
    assert any(c.text == "適用範囲 | 全社・全従業員" for c in clauses)


def test_toc_lines_are_not_clauses():
    clauses = parse_clauses(
        make_document(["目次", "1\t組織的対策\t1 ページ", "2\t人的対策\t3 ページ", "本文です。"])
    )
    assert [c.text for c in clauses] == ["目次", "本文です。"]


def test_offsets_point_into_the_document_text():
    doc = make_document(ARTICLES + OUTLINE)
    for c in parse_clauses(doc):
        assert 0 <= c.start < c.end <= len(doc.text)
        assert doc.text[c.start : c.start + 4] == c.text[:4] or c.kind.value == "table_row"


def test_label_lines_form_one_record_and_plain_short_lines_stay_content():
    lines = [
        "個人情報保護教育",
        "教育対象：役員、正社員及び派遣労働者",
        "実施頻度：年2回",
        "内容：個人情報の取扱いに関する社内ルール",
        "パスワードは8文字以上",
        "USBメモリは使わない",
    ]
    clauses = parse_clauses(make_document(lines))
    texts = [c.text for c in clauses]
    assert (
        "教育対象：役員、正社員及び派遣労働者 / 実施頻度：年2回 / 内容：個人情報の取扱いに関する社内ルール"
        in texts
    )
    assert {"パスワードは8文字以上", "USBメモリは使わない"} <= set(texts)
    assert all(c.heading_path == [] for c in clauses)  # no item followed the short lines


def test_an_item_list_ended_by_a_caption_keeps_its_last_item():
    lines = [
        "（バックアップ）",
        "次の各号に掲げるデータは、毎日バックアップを取得しなければならない。",
        "一 システム及びその設定情報",
        "二 顧客が登録したデータ",
        "（教育）",
        "年1回教育する。",
    ]
    texts = [c.text for c in parse_clauses(make_document(lines))]
    assert "顧客が登録したデータ" in texts


def test_questions_title_their_answers():
    lines = [
        "Q4. ログってどれくらい残すの？",
        "A. アクセスログは1年とっておきます。",
        "Q5. パスワードは？",
        "A：90日ごとに変えてください。",
    ]
    clauses = parse_clauses(make_document(lines))
    assert [(c.heading_path, c.text) for c in clauses] == [
        (["ログってどれくらい残すの？"], "アクセスログは1年とっておきます。"),
        (["パスワードは？"], "90日ごとに変えてください。"),
    ]
