"""The product owner's ground truth on the Happy Mari seed (issue 2, "Done when")."""

import pytest

from analyzer.rules.schema import Status
from tests.conftest import SAMPLE

EXPECTED = [
    ("1-1-1.scope", Status.COVERED, "適用範囲"),
    ("1-1-1.disposal", Status.COVERED, "廃棄"),
    ("7-1-1.access-log-retention", Status.COVERED, "通信ログの保存期間は3年間とする"),
    ("7-1-2", Status.PARTIAL, "持ち出す"),
    ("7-6-3", Status.MISSING, "個人情報保護委員会"),  # reported to PPC, never to 総務省
]


@pytest.fixture(scope="module")
def happymari_report():
    from analyzer.pipeline import analyze_path

    return analyze_path(SAMPLE, ["isp-anshin-mark"])[0]


@pytest.mark.slow
@pytest.mark.parametrize(("topic", "status", "quote"), EXPECTED)
def test_happymari_topic(happymari_report, topic, status, quote):
    r = happymari_report.topic(topic)
    assert r.status is status, r.reason
    assert any(quote in e.text for e in r.evidence), [e.text for e in r.evidence]
