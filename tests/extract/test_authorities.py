import pytest

from analyzer.extract.authorities import find_authorities


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("漏えい等が発生した場合は総務省に報告する。", ["mic"]),
        ("速やかに総務大臣へ報告する", ["mic"]),
        ("所轄の総合通信局に届け出る", ["mic"]),
        ("個人情報保護委員会に報告する", ["ppc"]),
        ("総務部に報告する", ["internal-ga"]),
        ("総務課及び個人情報保護委員会に連絡する", ["internal-ga", "ppc"]),
        ("総務部を経由して総務省に報告する", ["internal-ga", "mic"]),
        ("都道府県警察本部のサイバー犯罪相談窓口に届け出る", ["police", "police"]),
        ("上長に報告する", []),
    ],
)
def test_authorities(text, ids):
    assert [a.id for a in find_authorities(text)] == ids
