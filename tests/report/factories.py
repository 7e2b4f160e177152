"""Hand-built rulesets and reports for the report, store and dashboard tests.

The rulesets in ``rulesets/`` are being completed; these tests need fixed items, points
and kinds, so they build a small ISP-like ruleset and reports with chosen statuses.
"""

from __future__ import annotations

from analyzer.matching.engine import summarize
from analyzer.report.model import (
    DocumentInfo,
    Evidence,
    Report,
    RulesetInfo,
    TopicResult,
    item_result,
)
from analyzer.rules.schema import Ruleset, Status

SHA_A = "a" * 64
SHA_B = "b" * 64


def _topic(tid: str, title: str) -> dict:
    return {
        "id": tid,
        "title": title,
        "requirement": f"{title}を定める",
        "satisfied_by": "定めがある",
        "remedy": f"{title}を追記",
    }


def _item(
    iid: str, cat: str, title: str, kind: str, *, mandatory=False, points=None, zero=False, topics=None, **kw
):
    return {
        "id": iid,
        "category": cat,
        "title": title,
        "question": f"{title}について",
        "mandatory": mandatory,
        "points": {"min": 0, "max": points} if points else None,
        "zero_fails": zero,
        "evidence_kind": kind,
        "submission": f"右肩に「{iid}」と記入" if kind in ("policy_text", "report") else "",
        "topics": topics or [_topic(iid, title)],
        **kw,
    }


def make_ruleset(rid: str = "isp-mini") -> Ruleset:
    """Seven items: two 規程 items with topics, zero-fail items, attestation/URL/report items."""
    return Ruleset.model_validate(
        {
            "id": rid,
            "version": "1",
            "title": "テスト用 ISP 審査項目",
            "source": "tests",
            "pass_rules": {
                "new": {"mandatory": 4, "points_total": 12, "points_min": 8},
                "renewal": {"mandatory": 4, "points_total": 12, "points_min": 6},
            },
            "categories": [{"id": "1", "title": "ポリシー"}, {"id": "7", "title": "個人情報"}],
            "applicability": [
                {
                    "id": "designated-telecom",
                    "description": "指定",
                    "detect": {"name": "指定", "all": [["指定電気通信事業者"]]},
                }
            ],
            "items": [
                _item(
                    "1-1-1",
                    "1",
                    "セキュリティポリシー",
                    "policy_text",
                    mandatory=True,
                    topics=[_topic("1-1-1.a", "基本方針"), _topic("1-1-1.b", "適用範囲")],
                ),
                _item("1-1-2", "1", "監査", "report", mandatory=True, prepare="直近の監査報告書"),
                _item("1-1-3", "1", "見直し", "attestation", points=3, prepare="責任者の署名押印"),
                _item(
                    "7-1-1",
                    "7",
                    "アクセス管理",
                    "policy_text",
                    points=5,
                    zero=True,
                    topics=[_topic("7-1-1.log", "ログ保存"), _topic("7-1-1.pw", "パスワード変更")],
                ),
                _item("7-1-2", "7", "持ち出し禁止", "policy_text", points=4, zero=True),
                _item("7-4-1", "7", "プライバシーポリシー", "web_url", mandatory=True),
                _item("7-2-3", "7", "情報取扱規程", "attestation", mandatory=True),
            ],
        }
    )


#: Every topic covered; 要外部確認 items external; 7-2-3 not applicable.
ALL_GOOD = {
    "1-1-1.a": Status.COVERED,
    "1-1-1.b": Status.COVERED,
    "1-1-2": Status.EXTERNAL,
    "1-1-3": Status.EXTERNAL,
    "7-1-1.log": Status.COVERED,
    "7-1-1.pw": Status.COVERED,
    "7-1-2": Status.COVERED,
    "7-4-1": Status.EXTERNAL,
    "7-2-3": Status.NOT_APPLICABLE,
}

TEXT = "\n".join(
    [
        "第1条（目的）本規程は情報セキュリティの基本方針を定める。",
        "第2条（適用範囲）全従業員に適用する。",
        "第3条（ログ）アクセスログは1年以上保存する。",
        "第4条（パスワード）パスワードは90日ごとに変更する。",
        "第5条（持ち出し）外部記憶媒体への記録を禁止する。",
    ]
)


#: Which line of TEXT is the evidence of a topic (others: the first line).
EVIDENCE_LINE = {"1-1-1.a": 0, "1-1-1.b": 1, "7-1-1.log": 2, "7-1-1.pw": 3, "7-1-2": 4}


def _evidence(tid: str, status: Status) -> list[Evidence]:
    n = EVIDENCE_LINE.get(tid, 0)
    line = TEXT.split("\n")[n]
    start = TEXT.index(line)
    return [
        Evidence(
            text=line,
            locator=f"第{n + 1}条",
            page=n + 1,
            clause_id=n,
            start=start,
            end=start + len(line),
            aspect=tid,
            status=status,
        )
    ]


def make_report(
    statuses: dict[str, Status] | None = None,
    sha: str = SHA_A,
    ruleset: Ruleset | None = None,
    path: str = "規程.txt",
) -> Report:
    """A report of ``ruleset`` with the given topic statuses (default: all missing)."""
    rs = ruleset or make_ruleset()
    statuses = statuses or {}
    topics: list[TopicResult] = []
    for item, topic in rs.topics:
        status = statuses.get(topic.id, Status.MISSING)
        evidence = _evidence(topic.id, status) if status in (Status.COVERED, Status.PARTIAL) else []
        topics.append(
            TopicResult(
                id=topic.id,
                item=item.id,
                title=topic.title,
                category=item.category,
                status=status,
                mandatory=item.mandatory,
                reason=f"{topic.id}: {status.value}",
                evidence=evidence,
                evidence_kind=item.evidence_kind,
                requirement=topic.requirement,
                satisfied_by=topic.satisfied_by,
                remedy=topic.remedy,
            )
        )
    items = [
        item_result(item, [t for t in topics if t.item == item.id])
        for item in rs.items
        if not (len(item.topics) == 1 and item.topics[0].id == item.id)
    ]
    results = topics + items
    return Report(
        document=DocumentInfo(path=path, sha256=sha, format="txt", clauses=5, characters=len(TEXT)),
        ruleset=RulesetInfo(id=rs.id, version=rs.version, title=rs.title),
        analyzer_version="test",
        results=results,
        summary=summarize(results),
    )
