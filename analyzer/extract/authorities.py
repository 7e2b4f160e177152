"""Authorities a report goes to: 総務省 (MIC) vs 個人情報保護委員会 (PPC) vs internal units.

「総務部」「総務課」 are internal departments that share the characters 総務 with 総務省;
they are recognised explicitly so that they can never count as the ministry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (authority id, Japanese label, pattern). Order matters: longer names first.
AUTHORITY_PATTERNS: list[tuple[str, str, str]] = [
    ("mic", "総務省", r"総務大臣|総務省|総合通信局|沖縄総合通信事務所"),
    ("ppc", "個人情報保護委員会", r"個人情報保護委員会|個人情報保護委|PPC"),
    ("minister", "事業所管大臣", r"事業所管大臣|所管大臣|主務大臣|監督官庁|所管官庁"),
    ("police", "警察", r"警察署|警察本部|警察|サイバー犯罪相談窓口"),
    ("ipa", "IPA", r"情報処理推進機構|IPA"),
    ("jpcert", "JPCERT/CC", r"JPCERT"),
    ("jipdec", "プライバシーマーク付与機関", r"JIPDEC|日本情報経済社会推進協会|審査機関|付与機関"),
    ("council", "安全・安心マーク推進協議会", r"推進協議会|審査委員会事務局"),
    ("internal-ga", "総務部（社内部署）", r"総務部|総務課|総務担当|総務グループ"),
]
_COMPILED = [(aid, label, re.compile(p)) for aid, label, p in AUTHORITY_PATTERNS]


@dataclass(frozen=True)
class AuthorityMention:
    """An authority named in text."""

    id: str
    label: str
    text: str
    start: int
    end: int


def find_authorities(text: str) -> list[AuthorityMention]:
    """Authorities named in ``text`` (NFKC), non-overlapping, in order of appearance."""
    taken: list[tuple[int, int]] = []
    found: list[AuthorityMention] = []
    for aid, label, rx in _COMPILED:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(AuthorityMention(aid, label, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda a: a.start)
