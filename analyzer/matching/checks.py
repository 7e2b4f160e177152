"""Checks applied to candidate clauses: quantities, authorities, polarity, whose obligation.

Each check reads one candidate and returns a :class:`CheckOutcome`: the status it allows
(covered, or a downgrade) and a Japanese reason a reviewer can read. Rules keep their
veto: a later scorer (e.g. the classifier) can never lift a status a check lowered.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from analyzer.document import BlockKind, Clause, normalize
from analyzer.extract.authorities import find_authorities
from analyzer.extract.polarity import (
    NEGATION,
    PRIVATE_ONLY,
    WAIVER,
    Polarity,
    classify,
    customer_duty_cue,
    discretion_cue,
    document_name_cue,
    find_reference,
    is_definition,
    may_only_cue,
    not_done_cue,
    past_fact_cue,
    plan_cue,
    provider_reliance_cue,
    proviso_permission_cue,
    rationale_cue,
    register_row_cue,
    revision_row_cue,
    third_party_cue,
    vendor_service_cue,
)
from analyzer.extract.quantities import Bound, find_durations, find_frequencies, format_days
from analyzer.nlp.engine import NlpArtifacts
from analyzer.rules.schema import (
    AuthorityCheck,
    Check,
    DurationCheck,
    FrequencyCheck,
    OwnObligationCheck,
    PolarityCheck,
    Status,
)

RANK = {Status.COVERED: 3, Status.PARTIAL: 2, Status.MISSING: 1}


@dataclass
class CheckOutcome:
    """Result of one check on one clause."""

    status: Status
    reason: str
    check: str
    shortfall: bool = False  # a stated quantity below the requirement (not: none stated)


def _window(text: str, matched: list[str]) -> str:
    """The text itself; quantities in the whole clause count (clauses are short)."""
    return text


_PROVISO = re.compile(r"ただし|但し")
_SHORTENS = re.compile(r"できる|差し支えない|削除|消去|短縮|廃棄")


def check_duration(check: DurationCheck, clause: Clause) -> CheckOutcome:
    """Compare stated periods with the minimum (e.g. ログ 6か月 < 1年 → partial)."""
    durations = [
        d for d in find_durations(clause.norm) if d.bound is not Bound.AT_MOST or d.days >= check.min_days
    ]
    if not durations:
        return CheckOutcome(Status(check.if_absent), f"期間の定めがない（要件: {check.label}）", "duration")
    best = max(durations, key=lambda d: d.days)
    if best.days >= check.min_days:
        proviso = _PROVISO.search(clause.norm, best.end)
        if proviso and _SHORTENS.search(clause.norm, proviso.end()):
            shorter = [d for d in durations if d.start > proviso.start() and d.days < check.min_days]
            if shorter:
                return CheckOutcome(
                    Status.PARTIAL,
                    f"期間「{best.text}」を定めるが、ただし書で「{shorter[0].text}」での削除等を認めている"
                    f"（要件: {check.label}）",
                    "duration",
                )
        return CheckOutcome(Status.COVERED, f"期間「{best.text}」は要件（{check.label}）を満たす", "duration")
    return CheckOutcome(
        Status.PARTIAL,
        f"期間「{best.text}」（{format_days(best.days)}）は要件（{check.label}）に満たない",
        "duration",
        shortfall=True,
    )


def check_frequency(check: FrequencyCheck, clause: Clause) -> CheckOutcome:
    """Compare stated frequencies with the minimum (教育 年1回以上)."""
    freqs = find_frequencies(clause.norm)
    if not freqs:
        return CheckOutcome(
            Status(check.if_absent), f"実施頻度の定めがない（要件: {check.label}）", "frequency"
        )
    best = max(freqs, key=lambda f: f.per_year)
    if best.per_year >= check.min_per_year:
        return CheckOutcome(
            Status.COVERED, f"頻度「{best.text}」は要件（{check.label}）を満たす", "frequency"
        )
    return CheckOutcome(
        Status.PARTIAL, f"頻度「{best.text}」は要件（{check.label}）に満たない", "frequency", shortfall=True
    )


_GUIDANCE_SOURCE = re.compile(
    r"の(?:ガイドライン|指針|告示|通達|様式|定め|基準|手引|マニュアル|資料|ホームページ|ウェブサイト|Webサイト|規則|省令)"
)


def check_authority(check: AuthorityCheck, clause: Clause) -> CheckOutcome:
    """The report must go to one of the required authorities (7-6-3: 総務省)."""
    # 「総務省のガイドラインに従い、個人情報保護委員会に報告する」: 総務省 is the source of the
    # guidance there, not where the report goes
    found = [a for a in find_authorities(clause.norm) if not _GUIDANCE_SOURCE.match(clause.norm, a.end)]
    if not found and clause.heading_path:  # 「総務省への報告」 as the heading of 「速やかに報告する」
        found = find_authorities(normalize(" ".join(clause.heading_path[-2:])))
    if any(a.id in check.required for a in found):
        names = "・".join(dict.fromkeys(a.text for a in found if a.id in check.required))
        return CheckOutcome(Status.COVERED, f"報告先に「{names}」を定めている", "authority")
    if any(a.id == "minister" for a in found):
        vague = "・".join(dict.fromkeys(a.text for a in found if a.id == "minister"))
        return CheckOutcome(
            Status.PARTIAL, f"報告先を「{vague}」としており、{check.label}と明記されていない", "authority"
        )
    if found:
        names = "・".join(dict.fromkeys(a.label for a in found))
        return CheckOutcome(
            Status(check.if_other), f"報告先は{names}であり、{check.label}への報告の定めではない", "authority"
        )
    return CheckOutcome(Status(check.if_absent), f"報告先（{check.label}）が明記されていない", "authority")


def check_prohibition(check: PolarityCheck, clause: Clause) -> CheckOutcome:
    """An outright ban covers; a ban with exceptions or a permission falls short."""
    result = classify(clause.norm)
    cue = "・".join(result.cues)
    # a waiver is no ban: 「USBメモリにコピーする場合も、特段の申請は不要とする」
    if result.polarity is Polarity.NEGATION and WAIVER.search(cue):
        return CheckOutcome(
            Status.MISSING, f"手続を不要としており、制限していない（「{cue}」）", "prohibition"
        )
    # 「USBメモリは使用しない」 (a negation) is a ban in a 規程 too
    if result.polarity in (Polarity.PROHIBITION, Polarity.NEGATION):
        if private := PRIVATE_ONLY.search(clause.norm):
            return CheckOutcome(
                Status(check.if_conditional),
                f"禁止は私物等の媒体に限られ（「{private.group(0)}」）、{check.label}としては限定的",
                "prohibition",
            )
        return CheckOutcome(Status.COVERED, f"{check.label}を定めている（「{cue}」）", "prohibition")
    if result.polarity is Polarity.CONDITIONAL_PROHIBITION:
        return CheckOutcome(
            Status(check.if_conditional),
            f"禁止に例外がある（「{cue}」）ため、{check.label}としては限定的",
            "prohibition",
        )
    if result.polarity is Polarity.NEGATED_PROHIBITION:
        return CheckOutcome(Status.MISSING, f"禁止していない（「{cue}」）", "prohibition")
    if result.polarity is Polarity.EFFORT:
        return CheckOutcome(
            Status.PARTIAL, f"努力義務にとどまり（「{cue}」）、{check.label}ではない", "prohibition"
        )
    if result.polarity is Polarity.PERMISSION and not _CONDITION.search(clause.norm):
        return CheckOutcome(Status.MISSING, f"制限なく認めている（「{cue}」）", "prohibition")
    if result.polarity is Polarity.PERMISSION:
        return CheckOutcome(
            Status(check.if_permitted),
            f"条件付きで認める規定（「{cue}」）であり、{check.label}ではない",
            "prohibition",
        )
    return CheckOutcome(
        Status(check.if_permitted), f"取扱いの手順を定める規定であり、{check.label}ではない", "prohibition"
    )


_CONDITION = re.compile(r"許可|承認|届出|届け出|場合に限|暗号化|パスワード|申請|記録簿|台帳")

THIRD_PARTY_NOUNS = {
    "サイト",
    "サービス",
    "事業者",
    "業者",
    "委託先",
    "ベンダー",
    "プロバイダ",
    "プロバイダー",
    "提供者",
    "提供事業者",
    "取引先",
    "相手",
    "相手方",
    "再委託先",
    "クラウド",
    "サービスプロバイダ",
}
_THIRD_PARTY_RE = re.compile(
    r"(?:を採用している|に対応した|に対応している|を導入している|が講じられた|を備えた)"
    r"(?:サイト|サービス|事業者|業者|ベンダー|クラウド|製品)"
    r"|(?:委託先|事業者|ベンダー|サービス提供者|提供事業者|プロバイダ)(?:が|の|において|に対し)[^。]{0,60}"
    r"(?:確認する|確認し|求める|要求する|評価する|選定する|確認すること)"
)
_THIRD_PARTY_VERBS = {"利用", "使用", "選定", "選ぶ", "確認", "求める", "要求", "評価", "選択"}


def _dep_third_party(art: NlpArtifacts, spans: list[tuple[int, int]]) -> str | None:
    deps = art.deps or []
    if not deps:
        return None
    for start, end in spans:
        idx = next(
            (i for i, t in enumerate(deps) if t.start <= start < t.end or start <= t.start < end), None
        )
        if idx is None:
            continue
        seen = set()
        node = idx
        while node not in seen:
            seen.add(node)
            tok = deps[node]
            if (
                node != idx
                and tok.pos in ("NOUN", "PROPN")
                and (tok.lemma in THIRD_PARTY_NOUNS or any(tok.text.endswith(n) for n in THIRD_PARTY_NOUNS))
            ):
                head = deps[tok.head]
                if head.lemma in _THIRD_PARTY_VERBS or head.text in _THIRD_PARTY_VERBS:
                    return f"{tok.text}を{head.text}"
            if tok.head == node:
                break
            node = tok.head
    return None


def check_own_obligation(
    check: OwnObligationCheck, clause: Clause, art: NlpArtifacts, spans: list[tuple[int, int]]
) -> CheckOutcome:
    """Reject rules about using or checking third parties' systems (「SSL対応のサイトを利用する」)."""
    cue = _dep_third_party(art, spans) if art.deps else None
    how = "係り受け解析"
    if cue is None and not art.deps:
        m = _THIRD_PARTY_RE.search(clause.norm)
        cue, how = (m.group(0) if m else None), "文型パターン"
    if cue:
        return CheckOutcome(
            Status.MISSING,
            f"他者のシステム・サービスに関する定め（{how}: 「{cue}」）で、自社の{check.label}ではない",
            "own_obligation",
        )
    return CheckOutcome(Status.COVERED, f"自社の{check.label}の定め", "own_obligation")


def run_check(check: Check, clause: Clause, art: NlpArtifacts, spans: list[tuple[int, int]]) -> CheckOutcome:
    """Dispatch one check."""
    if isinstance(check, DurationCheck):
        return check_duration(check, clause)
    if isinstance(check, FrequencyCheck):
        return check_frequency(check, clause)
    if isinstance(check, AuthorityCheck):
        return check_authority(check, clause)
    if isinstance(check, PolarityCheck):
        return check_prohibition(check, clause)
    return check_own_obligation(check, clause, art, spans)


def _negated_action(text: str, action_terms: list[str]) -> str | None:
    """The phrase in which one of the topic's actions is negated (「ログの保存は行わない」).

    Looks at each negated predicate and the stretch of text before it back to the
    previous comma or sentence start, so that 「ログは保存し、改ざんしない」 is not read
    as a negated 保存.
    """
    for m in itertools.chain(NEGATION.finditer(text), WAIVER.finditer(text)):
        start = max(text.rfind("、", 0, m.start()), text.rfind("。", 0, m.start())) + 1
        segment = text[start : m.end()]
        if any(t and t in segment for t in action_terms):
            return segment.strip("。、")
    return None


def modality(
    clause: Clause,
    action_terms: list[str],
    check_third_party: bool = True,
    check_customers: bool = True,
    judge_permissions: bool = True,
) -> CheckOutcome | None:
    """Generic modality applied to every candidate.

    「努める」 downgrades to partial; a clause that negates the topic's own action
    (「アクセスログは保存しない」) or says the matter is not prohibited is no evidence;
    a rule about a provider or contractor (「サービス事業者が…保存していること」) is no
    evidence of the company's own measure, unless the topic is about third parties;
    a bare 「別に定める」 defers the content elsewhere (partial).
    """
    text = clause.norm
    if is_definition(text):
        return CheckOutcome(Status.MISSING, "用語の定義であり、規定（義務）ではない", "modality")
    if cue := rationale_cue(text):
        return CheckOutcome(Status.MISSING, f"理由の説明（「{cue}」）で、規定ではない", "modality")
    if cue := past_fact_cue(text):
        return CheckOutcome(Status.MISSING, f"過去の事実の記述（「{cue}」）で、規定ではない", "modality")
    if cue := plan_cue(text):
        return CheckOutcome(
            Status.MISSING, f"予定・検討段階（「{cue}」）で、現に定められた規定ではない", "modality"
        )
    result = classify(text)
    cue = "・".join(result.cues)
    if result.polarity is Polarity.EFFORT:
        return CheckOutcome(Status.PARTIAL, f"努力義務にとどまる（「{cue}」）", "modality")
    if result.polarity is Polarity.NEGATION and (negated := _negated_action(text, action_terms)):
        return CheckOutcome(Status.MISSING, f"否定されている（「{negated}」）", "modality")
    # (only for positive duties: action_terms is empty for bans and restrictions)
    if action_terms and (cue := not_done_cue(text)):
        return CheckOutcome(
            Status.MISSING, f"実施していない旨の記述（「{cue}」）で、規定ではない", "modality"
        )
    if check_third_party and (cue := provider_reliance_cue(text)):
        return CheckOutcome(
            Status.MISSING, f"事業者等に委ねており（「{cue}」）、自社の措置ではない", "modality"
        )
    if check_third_party and (cue := vendor_service_cue(clause.norm)):
        return CheckOutcome(
            Status.PARTIAL,
            f"サービス事業者の機能として記述（「{cue[:30]}」）され、自社の規定ではない",
            "modality",
        )
    if check_customers and (cue := customer_duty_cue(clause.norm)):
        return CheckOutcome(
            Status.MISSING, f"お客様・利用者に関する定め（「{cue}」）で、自社の措置ではない", "modality"
        )
    if check_third_party:
        heading = normalize(" > ".join(clause.heading_path))
        if cue := third_party_cue(clause.norm, heading):
            return CheckOutcome(
                Status.MISSING,
                f"委託先・サービス事業者等、他者に関する定め（「{cue}」）で、自社の措置ではない",
                "modality",
            )
    # (a prohibition check reads permissions and exceptions itself: judge_permissions=False)
    if judge_permissions and (cue := proviso_permission_cue(text)):
        return CheckOutcome(Status.PARTIAL, f"ただし書で例外を認めている（「{cue[:30]}」）", "modality")
    if cue := discretion_cue(text):
        return CheckOutcome(Status.PARTIAL, f"判断・状況次第とされている（「{cue}」）", "modality")
    if judge_permissions and (cue := may_only_cue(text)):
        return CheckOutcome(Status.PARTIAL, f"「{cue}」規定で、実施を義務付けていない", "modality")
    header = clause.heading_path[-1] if clause.kind is BlockKind.TABLE_ROW and clause.heading_path else ""
    if clause.kind is BlockKind.TABLE_ROW and (cue := revision_row_cue(clause.norm, normalize(header))):
        return CheckOutcome(Status.MISSING, f"改訂履歴の記載（「{cue[:20]}」）で、規定ではない", "modality")
    if clause.kind is not BlockKind.TABLE_ROW and (doc := document_name_cue(clause.norm)):
        return CheckOutcome(
            Status.PARTIAL, f"文書名（「{doc}」）を挙げているだけで、規程中に具体的な定めがない", "modality"
        )
    if clause.kind is BlockKind.TABLE_ROW and (doc := register_row_cue(clause.norm)):
        return CheckOutcome(
            Status.PARTIAL,
            f"文書の一覧（「{doc}」）に挙げているだけで、規程中に具体的な定めがない",
            "modality",
        )
    # a table row is read cell by cell: 「…は『個人情報取扱規程』による | 総務部 | 随時」
    cells = clause.norm.split(" | ") if clause.kind is BlockKind.TABLE_ROW else [clause.norm]
    ref = next((r for cell in cells if (r := find_reference(cell))), None)
    if ref:
        return CheckOutcome(
            Status.PARTIAL, f"内容を「{ref}」としており、規程中に具体的な定めがない", "modality"
        )
    return None
