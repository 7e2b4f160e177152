"""Clause shapes: terms that match the form of a clause rather than a word in it.

A ruleset group may contain ``§name`` next to its words. It matches a clause whose
(NFKC-normalised) text has that shape. Shapes say what informal documents express by
layout instead of by a verb: 「個人情報保護管理者：総務部長」 and 「内部監査の担当は事務長
の石川さんです。」 appoint a person exactly as 「…を個人情報保護管理者に任命する」 does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analyzer.extract.quantities import find_frequencies

# An optional bullet in front of a line.
_BULLET = r"^[・\-*■●◆○□]?\s*"
# Nouns that name a role or post (the head of the left-hand side of a designation).
_ROLE = r"(?:責任者|管理者|担当者|担当|係|当番|リーダー|窓口|主任|オーナー|長|役|者)"
# 「役割：人」「役割＝人」 — a label line (one clause, no sentence verb), with an optional bullet.
_LABEL_LINE = re.compile(
    rf"{_BULLET}[^:=。、]{{1,30}}?{_ROLE}(?:\([^)]{{0,20}}\))?\s*[:=]\s*[^:=。]{{1,60}}$"
)
# 「役割は人です。」 — a copula sentence whose topic is a role.
_COPULA = re.compile(
    rf"{_BULLET}[^。]{{0,30}}?{_ROLE}(?:\([^)]{{0,20}}\))?は[^。]{{1,40}}?"
    r"(?:です|だ|である|となります|になります|が担当します|が務めます|が担います|が担当です)。?$"
)
# 「個人情報保護管理者は総務部長（瀬川さん）」 — a bare copula line that ends on a post or a person.
_BARE_COPULA = re.compile(
    rf"{_BULLET}[^。]{{0,30}}?{_ROLE}は[^。、]{{1,30}}?(?:長|者|部|課|室|さん|担当|リーダー)(?:\([^)]{{0,20}}\))?$"
)
# 「任務：部署」 — a label line whose right-hand side is a unit or a person (「アカウントの発行・停止：管理部」).
_DUTY_LINE = re.compile(
    rf"{_BULLET}[^:。]{{1,30}}:\s*[^:。]{{0,40}}"
    r"(?:部|課|室|チーム|班|係|担当|担当者|長|者|さん|グループ|委員会|事務局|リーダー)(?:\([^)]{0,30}\))?$"
)
# 「…が…担当です」 — a person is said to be in charge.
_IN_CHARGE = re.compile(r"[はが][^。]{0,30}担当(?:です|となります|になります|とします)。?$")
# A verb at the end of a label line makes it a sentence about something else
# (「担当:月1回点検する」); a question is not a designation either.
_NOT = re.compile(r"(?:する|します|した|しない|ください|こと|\?)$")


# 「承認：代表取締役 山田」 — the approval line of the document itself (also after 「作成：… /」,
# or as 「確認・承認：…」).
_APPROVAL_LINE = re.compile(rf"(?:{_BULLET}|[\s/|・]\s*)(?:承認|承認者|決裁|決裁者|制定者)\s*[:=]\s*\S")


# 「（社長了承済み）」「代表承認済」 — a memo's sign-off note.
_APPROVED_NOTE = re.compile(
    r"(?:社長|代表|代表取締役|理事長|院長|所長|店長|オーナー|CEO)(?:の)?(?:了承|承認|決裁)済"
)


def _approval_line(text: str) -> bool:
    t = text.strip()
    return len(t) <= 60 and bool(_APPROVAL_LINE.search(t) or _APPROVED_NOTE.search(t))


def _designation(text: str) -> bool:
    # several label lines joined into one record: 「作成:CTO 柏木 / 承認:CEO 早瀬」
    return any(_one_designation(part) for part in re.split(r"\s+/\s+|\s*\|\s*", text))


def _one_designation(text: str) -> bool:
    text = text.strip().removesuffix("。")
    if len(text) > 90 or _NOT.search(text):
        return False
    return any(p.search(text) for p in (_LABEL_LINE, _COPULA, _BARE_COPULA, _DUTY_LINE, _IN_CHARGE))


# 「本部システム担当と店長しか持っていません」 — only these people (as だけ / のみ / に限る).
_ONLY = re.compile(r"しか[^。]{0,20}?(?:ない|ません|できない|できません)|だけ|のみ|に限る|に限り|に限定")


def _only(text: str) -> bool:
    return bool(_ONLY.search(text))


# 「目的（本人確認、料金の管理、お忘れ物のご連絡）以外には使いません」「調剤、服薬指導、保険請求
# など」「契約・請求・サポート」 — several things listed in one clause: nouns joined by ・, a list
# inside brackets, or short items joined by 、 that end on など. (A bare run of 、 is no list:
# Japanese sentences join their clauses with it.)
_ENUMERATION = re.compile(
    r"[^\s・、。]・[^\s・、。]|"
    r"\([^()]{1,30}[、・][^()]{1,60}\)|"
    r"(?:[^、。]{1,15}、){2,}[^、。]{1,20}(?:など|等|の[0-9二三四五六七八九]つ)|"
    # the formal list: 「本サービスの提供、料金の請求、サポート対応及び…のご案内」
    r"(?:[^、。]{1,15}、){2,}[^、。]{1,20}(?:及び|並びに)|"
    # a defined term followed by its members: 「顧客情報=RADIUSのアカウント、IPアドレス割当て記録、…」
    r"[=:][^、。=:]{1,25}、[^、。]{1,25}、"
)


def _enumeration(text: str) -> bool:
    return bool(_ENUMERATION.search(text))


# 「半期に1回、チーム勉強会」「初日にセキュリティ研修動画」 — a memo's nominal bullet states an
# activity by its schedule alone: a frequency, or a fixed moment of a person's start.
_START_MOMENT = re.compile(r"初日|初週|最初の週|入社時|入社日|入社後すぐ|着任時|配属時|配属初日|採用時")


def _scheduled(text: str) -> bool:
    return bool(_START_MOMENT.search(text) or find_frequencies(text))


SHAPES: dict[str, Callable[[str], bool]] = {
    "designation": _designation,
    "approval-line": _approval_line,
    "only": _only,
    "enumeration": _enumeration,
    "scheduled": _scheduled,
}


def has_shape(name: str, text: str) -> bool:
    """Whether ``text`` has the shape ``name`` (a key of :data:`SHAPES`)."""
    return SHAPES[name](text)
