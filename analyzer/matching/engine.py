"""The analyser: document → clauses → NLP artefacts (once) → topic scorers → verdicts.

Like Presidio's ``AnalyzerEngine``, the engine runs the NLP engine once over all clauses,
hands the artefacts to every scorer, and collects per-topic results that explain
themselves. Scorers are pluggable (:class:`TopicScorer`); the default pipeline is the
rule matcher, optionally followed by a trained clause classifier.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from analyzer import __version__
from analyzer.document import BlockKind, Clause, Document
from analyzer.extract.polarity import ESCAPE, PRINCIPLE, Polarity, classify, is_definition
from analyzer.matching.checks import RANK, CheckOutcome, modality, run_check
from analyzer.matching.terms import TermIndex, expand_group
from analyzer.nlp.engine import NlpArtifacts, NlpEngine
from analyzer.report.model import (
    DocumentInfo,
    Evidence,
    ExplanationStep,
    Report,
    RulesetInfo,
    Summary,
    TopicResult,
    item_result,
)
from analyzer.rules.loader import load_lexicon
from analyzer.rules.schema import (
    Aspect,
    Breadth,
    DurationCheck,
    FrequencyCheck,
    Item,
    Lexicon,
    OwnObligationCheck,
    PolarityCheck,
    Ruleset,
    Status,
    Topic,
)
from analyzer.structure import parse_clauses
from analyzer.structure.parser import TABLE_HEADER_PREFIX

MAX_EVIDENCE = 3
Progress = Callable[[str, float], None]


@dataclass
class Candidate:
    """A clause proposed as evidence for one aspect of a topic."""

    clause: Clause
    aspect: Aspect
    score: float
    status: Status = Status.COVERED
    matched: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    steps: list[ExplanationStep] = field(default_factory=list)
    source: str = "rules"


@dataclass
class DocumentContext:
    """Everything computed once per document and shared by all scorers."""

    document: Document
    clauses: list[Clause]
    artifacts: list[NlpArtifacts]
    index: TermIndex
    heading_ids: list[int]  # text id (in the index) of each clause's heading path
    engine: NlpEngine
    lexicon: Lexicon
    applicability: dict[str, bool] = field(default_factory=dict)
    extras: dict[str, object] = field(default_factory=dict)  # per-document caches of scorers
    antecedents: dict[int, int] = field(default_factory=dict)  # clause id -> clause/heading id it continues
    siblings: dict[int, tuple[int, ...]] = field(default_factory=dict)  # other sentences of the same block


_ANAPHORA = re.compile(r"^(?:前項|前号|前各号|前各項|同項|同号)の")


_LEAD_IN = re.compile(
    r"次の各号|次のとおり|次に掲げる|次の事項|以下のとおり|以下に掲げる|"
    # 「…が発生した場合、…は次の措置を講じる。」 followed by the measures
    r"(?:次|以下)の(?:措置|対応|対策|手順|事項|処置)を(?:講じ|と|行|実施|執)"
)
# A lead-in that sets the situation of every item below it, sentences included
# (「漏えい等が発生した場合、…次の措置を講じる。」 → 「本人に速やかに通知すること」).
_SITUATION_LEAD_IN = re.compile(r"(?:場合|とき|際)[^。]{0,60}(?:次|以下)の(?:措置|対応|対策|手順|処置)")
_SELF_CONTAINED = ("。", "こと", "する", "ない", "とする", "ある")
MAX_LEAD_ITEMS = 30


def antecedents(clauses: list[Clause]) -> dict[int, int]:
    """Clauses whose subject is in an earlier clause, mapped to that clause.

    * a clause that opens by referring back (「前号の記録は」) → the clause just before it;
    * the noun-phrase items under a lead-in (「次の各号に掲げるデータは、毎日バックアップを
      取得する。」 followed by 「一 システム及びその設定情報」…) → the lead-in; an item that is
      a sentence of its own (「…閲覧しないこと。」) stands alone.
    """
    out = {c.id: c.id - 1 for c in clauses[1:] if _ANAPHORA.match(c.norm)}
    for lead in clauses:
        if not _LEAD_IN.search(lead.norm):
            continue
        for item in clauses[lead.id + 1 : lead.id + 1 + MAX_LEAD_ITEMS]:
            deeper = item.locator.startswith(lead.locator) and len(item.locator) > len(lead.locator)
            same_list = item.kind is BlockKind.LIST_ITEM and item.locator == lead.locator
            if not (deeper or same_list) or _LEAD_IN.search(item.norm):
                break
            # a bare noun phrase needs its lead-in; a sentence only under a situation lead-in
            if not item.norm.rstrip().endswith(_SELF_CONTAINED) or _SITUATION_LEAD_IN.search(lead.norm):
                out.setdefault(item.id, lead.id)
    return out


_QUESTION_END = ("？", "?")
MAX_SIBLINGS = 3


def question_antecedents(clauses: list[Clause], heading_ids: list[int]) -> dict[int, int]:
    """Answers of a Q&A sheet → the question above them (its heading text in the index)."""
    return {
        c.id: heading_ids[c.id]
        for c in clauses
        if c.heading_path and c.heading_path[-1].rstrip().endswith(_QUESTION_END)
    }


def siblings(clauses: list[Clause]) -> dict[int, tuple[int, ...]]:
    """The other sentences of the same list item or Q&A answer (a short bullet is one thought).

    Plain paragraphs are left out: their sentences often change the subject, and letting
    them share concepts produced false matches on the dev set.
    """
    by_block: dict[int, list[int]] = {}
    for c in clauses:
        answer = bool(c.heading_path) and c.heading_path[-1].rstrip().endswith(_QUESTION_END)
        if c.kind is BlockKind.LIST_ITEM or answer:
            by_block.setdefault(c.block_index, []).append(c.id)
    out: dict[int, tuple[int, ...]] = {}
    for ids in by_block.values():
        if 1 < len(ids) <= MAX_SIBLINGS:
            for cid in ids:
                out[cid] = tuple(i for i in ids if i != cid)
    return out


_DEFINED_TERM = re.compile(
    r"「([^」]{2,20})」とは|^(?:\(\d+\)|[0-9０-９]+[.．]?)?\s*([^\s、。「」]{2,12})\s*とは|"
    # a definition list item without とは: 「(4) 従業者 当社の指揮監督を受ける者をいい、役員…を含む。」
    r"^(?:\(\d+\)|[0-9０-９]+[.．]?|[一二三四五六七八九十]+)?\s*([^\s、。「」]{2,12})\s+[^。]{0,80}?をいい、"
)
MAX_DEFINITION_USES = 40


def definitions(clauses: list[Clause]) -> dict[int, tuple[int, ...]]:
    """Clauses using a defined term (「『従業者』とは、役員、派遣社員…をいう」) → the definition.

    The definition lends its concepts, so 「従業者に年1回教育する」 also names 役員 and
    派遣社員 when the document defines 従業者 that way. A term used very often (more than
    MAX_DEFINITION_USES clauses) is left alone: it is the document's vocabulary, not a scope.
    """
    defined: dict[str, int] = {}
    for c in clauses:
        if not is_definition(c.norm):
            continue
        m = _DEFINED_TERM.search(c.norm)
        if m:
            defined.setdefault(m.group(1) or m.group(2) or m.group(3), c.id)
    out: dict[int, list[int]] = {}
    for term, def_id in defined.items():
        users = [c.id for c in clauses if c.id != def_id and term in c.norm]
        if len(users) > MAX_DEFINITION_USES:
            continue
        for cid in users:
            out.setdefault(cid, []).append(def_id)
    return {cid: tuple(ids) for cid, ids in out.items()}


def _merge_context(*maps: dict[int, tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
    out: dict[int, tuple[int, ...]] = {}
    for m in maps:
        for cid, ids in m.items():
            out[cid] = out.get(cid, ()) + ids
    return out


def _context_name(ctx: DocumentContext, ante: int) -> str:
    return ctx.clauses[ante].locator if ante < len(ctx.clauses) else "見出し"


class TopicScorer(Protocol):
    """A scorer proposes or adjusts candidates for a topic (rules, classifier, …)."""

    name: str

    def score(
        self, ctx: DocumentContext, item: Item, topic: Topic, candidates: list[Candidate]
    ) -> list[Candidate]:
        """Return the candidates after this scorer (append explanation steps, never drop others' steps)."""
        ...


def _under_table_header(clause: Clause) -> bool:
    return (
        clause.kind is BlockKind.TABLE_ROW
        and bool(clause.heading_path)
        and clause.heading_path[-1].startswith(TABLE_HEADER_PREFIX)
    )


class RuleScorer:
    """Finds candidates by concept groups and applies the topic's checks (rules keep their veto)."""

    name = "rules"

    def aspect_candidates(self, ctx: DocumentContext, aspect: Aspect) -> list[Candidate]:
        """Clauses in which every ``all`` group matches (groups after the first may match the heading)."""
        groups = [expand_group(g, ctx.lexicon) for g in aspect.all]
        hits = [ctx.index.group_hits(g) for g in groups]
        shape_groups = [all(t.startswith("§") for t in g) for g in groups]
        excluded: set[int] = set()
        if aspect.not_:
            excluded = set(ctx.index.group_hits(expand_group(aspect.not_, ctx.lexicon)))
        out: list[Candidate] = []
        # a clause may take groups from the clause it refers back to (「前号の記録は…400日間保管する」),
        # the question it answers, the other sentences of its bullet, or a term's definition
        borrowers = {cid for cid, ante in ctx.antecedents.items() if ante in hits[0]} | {
            cid for cid, sibs in ctx.siblings.items() if any(s in hits[0] and s not in excluded for s in sibs)
        }
        for cid in [*hits[0], *sorted(borrowers - set(hits[0]))]:
            ante = ctx.antecedents.get(cid)
            # an excluded antecedent clause excludes; a question heading does not (its path
            # carries the document title, whose words say nothing about this answer)
            if (
                cid >= len(ctx.clauses)
                or cid in excluded
                or (ante is not None and ante < len(ctx.clauses) and ante in excluded)
            ):
                continue
            clause = ctx.clauses[cid]
            sibs = ctx.siblings.get(cid, ())
            # a table row is read with its header: 「アクセスログ | 1年」 under 「記録の種類 | 保存期間」
            use_heading = aspect.heading or _under_table_header(clause)
            ok = True
            via_heading = via_antecedent = via_sibling = 0
            matched: list[str] = []
            for group_hits, shape_only in zip(hits, shape_groups, strict=True):
                if cid in group_hits:
                    matched.extend(group_hits[cid])
                elif shape_only:
                    ok = False  # a clause shape (§…) is the clause's own form, never borrowed
                    break
                elif ante is not None and ante in group_hits:
                    matched.extend(group_hits[ante])
                    via_antecedent += 1
                elif (
                    sib := next((s for s in sibs if s in group_hits and s not in excluded), None)
                ) is not None:
                    matched.extend(group_hits[sib])
                    via_sibling += 1
                elif group_hits is not hits[0] and use_heading and ctx.heading_ids[cid] in group_hits:
                    matched.extend(group_hits[ctx.heading_ids[cid]])
                    via_heading += 1
                else:
                    ok = False
                    break
            answers_question = ante is not None and ante >= len(ctx.clauses)  # 「A. 2年です。」
            if not ok or (via_antecedent + via_sibling >= len(hits) and not answers_question):
                continue  # a clause must say at least part of the aspect itself
            boost = 0.0
            for g in aspect.any:
                if cid in ctx.index.group_hits(expand_group(g, ctx.lexicon)):
                    boost += 0.15
            kind_weight = 0.9 if clause.kind is BlockKind.HEADING else 1.0
            borrowed = via_heading + via_antecedent + via_sibling
            score = round(min(1.0, (0.6 + boost - 0.1 * borrowed)) * kind_weight, 3)
            cand = Candidate(clause, aspect, score, matched=sorted(set(matched)))
            if aspect.at_most == "partial":
                cand.status = Status.PARTIAL
                cand.reasons.append(f"「{aspect.name}」にとどまり、要件を満たす定めではない")
            cand.steps.append(
                ExplanationStep(
                    scorer=self.name,
                    detail=f"「{aspect.name}」: 語 {'・'.join(cand.matched[:6])} が一致"
                    + ("（見出しを含む）" if via_heading else "")
                    + (
                        f"（{_context_name(ctx, ante)} を受ける）"
                        if via_antecedent and ante is not None
                        else ""
                    )
                    + ("（同じ段落の文を含む）" if via_sibling else ""),
                    score_before=0.0,
                    score_after=score,
                )
            )
            out.append(cand)
        return out

    def score(
        self, ctx: DocumentContext, item: Item, topic: Topic, candidates: list[Candidate]
    ) -> list[Candidate]:
        """Propose rule candidates and apply modality and the topic's checks to them."""
        assert topic.match is not None
        found: list[Candidate] = []
        for aspect in topic.match.aspects:
            found.extend(self.aspect_candidates(ctx, aspect))
        if any(isinstance(c, OwnObligationCheck) for c in topic.match.checks):
            ctx.engine.parse([ctx.artifacts[c.clause.id] for c in found])
        is_ban = any(isinstance(c, PolarityCheck) for c in topic.match.checks)
        customers = set(ctx.lexicon.concepts.get("customer", []))
        short: list[Candidate] = []
        for cand in found:
            action_terms = [t for g in cand.aspect.all[1:] for t in expand_group(g, ctx.lexicon)] or [
                t for t in expand_group(cand.aspect.all[0], ctx.lexicon)
            ]
            if cand.aspect.restriction or is_ban:
                action_terms = []  # a negated action is the ban itself (the check, if any, judges it)
            outcomes: list[CheckOutcome] = []
            mod = modality(
                cand.clause,
                action_terms,
                check_third_party=not _about_third_parties(cand.aspect),
                check_customers=not _about_customers(cand.aspect, customers),
                judge_permissions=not is_ban,  # a prohibition check reads permissions itself
            )
            if mod is not None:
                outcomes.append(mod)
            art = ctx.artifacts[cand.clause.id]
            spans = [
                (t.start, t.end)
                for t in art.tokens
                if any(t.surface in m or m in t.surface for m in cand.matched)
            ]
            for check in topic.match.checks:
                outcomes.append(run_check(check, cand.clause, art, spans))
            if any(o.shortfall for o in outcomes):
                short.append(cand)
            for outcome in outcomes:
                before = cand.score
                if RANK[outcome.status] < RANK[cand.status]:
                    cand.status = outcome.status
                    cand.reasons.append(outcome.reason)
                elif outcome.status is Status.COVERED:
                    cand.reasons.append(outcome.reason)
                cand.steps.append(
                    ExplanationStep(
                        scorer=f"check:{outcome.check}",
                        detail=outcome.reason,
                        score_before=before,
                        score_after=cand.score,
                    )
                )
        for check in topic.match.checks:
            if isinstance(check, DurationCheck | FrequencyCheck) and check.decisive:
                _shortfall_decides(check.decisive, check.label, short, found)
        if is_ban:
            for cand in found:
                _exception_after_principle(ctx, cand)
            _mixed_ban(found)
            found.extend(self._explicit_non_bans(ctx, topic, found))
        return candidates + found

    def _explicit_non_bans(
        self, ctx: DocumentContext, topic: Topic, found: list[Candidate]
    ) -> list[Candidate]:
        """「外部記録媒体の接続は、これを禁止しない」 anywhere defeats the topic's ban.

        Such a clause need not mention the action the aspect looks for (記録, 複写), so it is
        looked for among all clauses naming the aspect's object; every ban or partial
        restriction found is then reported as missing.
        """
        assert topic.match is not None
        out: list[Candidate] = []
        seen = {c.clause.id for c in found}
        for aspect in topic.match.aspects:
            objects = ctx.index.group_hits(expand_group(aspect.all[0], ctx.lexicon))
            for cid in objects:
                if cid >= len(ctx.clauses) or cid in seen:
                    continue
                clause = ctx.clauses[cid]
                result = classify(clause.norm)
                if result.polarity is not Polarity.NEGATED_PROHIBITION:
                    continue
                cue = "・".join(result.cues)
                reason = f"{clause.locator} で禁止しないと明記している（「{cue}」）"
                non_ban = Candidate(clause, aspect, 0.6, status=Status.MISSING, reasons=[reason])
                non_ban.steps.append(ExplanationStep(scorer="check:prohibition", detail=reason))
                for cand in found:
                    if cand.status is not Status.MISSING:
                        cand.status = Status.MISSING
                        cand.reasons.append(reason)
                        cand.steps.append(ExplanationStep(scorer="check:prohibition", detail=reason))
                out.append(non_ban)
                seen.add(cid)
        return out


_THIRD_PARTY_TERMS = {
    "委託先",
    "再委託先",
    "委託",
    "サービス事業者",
    "事業者",
    "第三者",
    "提供先",
    "クラウド",
}


def _about_third_parties(aspect: Aspect) -> bool:
    """Whether the aspect itself is about contractors/providers (委託先の監督, 第三者提供)."""
    for group in aspect.all:
        for term in group:
            if term == "@entrustee" or term in _THIRD_PARTY_TERMS:
                return True
    return False


def _about_customers(aspect: Aspect, customers: set[str]) -> bool:
    """Whether the aspect is about customers (約款, 周知, 苦情窓口 …), so a customer may be its subject."""
    return any(
        term == "@customer" or term in customers for group in aspect.all + aspect.any for term in group
    )


def _exception_after_principle(ctx: DocumentContext, cand: Candidate) -> None:
    """A ban followed, in the same section, by the exception that permits it.

    「原則として禁止する。」 + 「ただし…」 or a permission; and any ban + an escape hatch in the
    next sentence (「USBメモリは使わないでください。…どうしても必要なときは事務長に相談。」).
    """
    if cand.status is not Status.COVERED:
        return
    nxt = cand.clause.id + 1
    if nxt >= len(ctx.clauses) or ctx.clauses[nxt].heading_path[:-1] != cand.clause.heading_path[:-1]:
        return
    follower = ctx.clauses[nxt]
    later = sorted({nxt, *(i for i in ctx.siblings.get(cand.clause.id, ()) if i > cand.clause.id)})
    if escape := next((ctx.clauses[i] for i in later if ESCAPE.search(ctx.clauses[i].norm)), None):
        _weaken_ban(cand, f"禁止だが、{escape.locator} で例外の余地を残している（「{escape.text[:30]}」）")
        return
    if not PRINCIPLE.search(cand.clause.norm):
        return
    polarity = classify(follower.norm).polarity
    if polarity is Polarity.PERMISSION or follower.norm.startswith(("ただし", "但し")):
        _weaken_ban(cand, f"原則禁止だが、{follower.locator} で例外を認めている（「{follower.text[:30]}」）")


def _weaken_ban(cand: Candidate, reason: str) -> None:
    """A ban that another clause qualifies is only a partial restriction."""
    cand.status = Status.PARTIAL
    cand.reasons.append(reason)
    cand.steps.append(
        ExplanationStep(
            scorer="check:prohibition", detail=reason, score_before=cand.score, score_after=cand.score
        )
    )


def _mixed_ban(candidates: list[Candidate]) -> None:
    """A ban next to a permission for the same matter is only a partial restriction."""
    banned = [c for c in candidates if c.status is Status.COVERED]
    permitted = [
        c
        for c in candidates
        if c.status is Status.PARTIAL and any("条件付きで認める" in r or "例外がある" in r for r in c.reasons)
    ]
    if banned and permitted:
        other = permitted[0].clause
        for c in banned:
            _weaken_ban(c, f"ただし {other.locator} では条件付きで利用を認めている（「{other.text[:30]}」）")


def _shortfall_decides(terms: list[str], label: str, short: list[Candidate], found: list[Candidate]) -> None:
    """A clause naming the decisive matter that falls short is not outdone by a look-alike.

    7-1-1: 「顧客管理システムのアクセスログ | 6か月」 next to 「ファイアウォールの通信ログ | 1年」;
    1-1-2: an audit 「2年に1回」 next to a yearly departmental 点検. The short clause leads the
    evidence and the others' longer periods or higher frequencies no longer cover.
    """
    decisive = [c for c in short if any(t in c.clause.norm for t in terms)]
    if not decisive:
        return
    lead = decisive[0]
    lead.score = min(1.0, max(c.score for c in found) + 0.01)
    for cand in found:
        if cand.status is Status.COVERED and not any(t in cand.clause.norm for t in terms):
            cand.status = Status.PARTIAL
            cand.reasons.append(
                f"決め手となる定め（{lead.clause.locator}「{lead.clause.text[:30]}」）が要件（{label}）に満たない"
            )


def breadth_shortfall(
    ctx: DocumentContext, breadth: Breadth, candidates: list[Candidate]
) -> tuple[list[str], list[str]]:
    """The listed matters the topic's evidence names, and those it lacks (empty: enough).

    Every candidate that is not ``missing`` counts, with its heading and lead-in, so that a
    heading 「開示等の請求」 or an enumeration spread over several clauses is read whole.
    """
    texts: set[int] = set()
    for c in candidates:
        if c.status is Status.MISSING:
            continue
        texts.add(c.clause.id)
        if c.clause.id < len(ctx.heading_ids):
            texts.add(ctx.heading_ids[c.clause.id])
        if c.clause.id in ctx.antecedents:
            texts.add(ctx.antecedents[c.clause.id])

    def named(group: list[str]) -> bool:
        return any(i in texts for i in ctx.index.group_hits(expand_group(group, ctx.lexicon)))

    if breadth.collective and named(breadth.collective):
        return [], []
    names = [g[0].lstrip("@") for g in breadth.groups]
    found = [n for n, g in zip(names, breadth.groups, strict=True) if named(g)]
    if len(found) >= breadth.min:
        return found, []
    return found, [n for n in names if n not in found]


def _best(cands: list[Candidate]) -> list[Candidate]:
    return sorted(cands, key=lambda c: (RANK[c.status], c.score, -c.clause.id), reverse=True)


def _evidence(c: Candidate) -> Evidence:
    return Evidence(
        text=c.clause.text,
        locator=c.clause.locator,
        page=c.clause.page,
        clause_id=c.clause.id,
        start=c.clause.start,
        end=c.clause.end,
        aspect=c.aspect.name,
        status=c.status,
        note="／".join(c.reasons),
    )


def decide(topic: Topic, candidates: list[Candidate]) -> tuple[Status, str, list[Candidate], float]:
    """Combine candidates into a verdict: status, reason, evidence candidates, score."""
    assert topic.match is not None
    aspects = topic.match.aspects
    need = topic.match.require or len(aspects)
    per_aspect: list[tuple[Aspect, list[Candidate]]] = [
        (a, _best([c for c in candidates if c.aspect.name == a.name])) for a in aspects
    ]
    covered = [a for a, cs in per_aspect if cs and cs[0].status is Status.COVERED]
    partial = [a for a, cs in per_aspect if cs and cs[0].status is Status.PARTIAL]
    missing_found = [a for a, cs in per_aspect if cs and cs[0].status is Status.MISSING]
    absent = [a for a, cs in per_aspect if not cs]
    evidence = [cs[0] for _, cs in per_aspect if cs]
    extra = [c for _, cs in per_aspect for c in cs[1:] if c.status is not Status.MISSING]
    seen: set[int] = set()
    unique = []
    for c in evidence + _best(extra):
        if c.clause.id not in seen:
            seen.add(c.clause.id)
            unique.append(c)
    evidence = unique[: max(MAX_EVIDENCE, len({c.aspect.name for c in evidence}))]
    score = max((c.score for c in evidence), default=0.0)

    if len(covered) >= need:
        best = _best([cs[0] for a, cs in per_aspect if a in covered])[0]
        notes = [r for r in best.reasons if r]
        reason = f"{best.clause.locator} に定めあり" + (f"（{notes[-1]}）" if notes else "")
        return Status.COVERED, reason, evidence, score
    if covered or partial:
        parts: list[str] = []
        for a, cs in per_aspect:
            if cs and cs[0].status is Status.PARTIAL:
                parts.append(
                    f"「{a.name}」: {'／'.join(cs[0].reasons) or '不十分'}（{cs[0].clause.locator}）"
                )
        lacking = [a.name for a in absent + missing_found]
        if lacking and len(covered) + len(partial) < need:
            parts.append("「" + "」「".join(lacking) + "」の定めが見当たらない")
        return Status.PARTIAL, "。".join(parts) or "一部のみ定めあり", evidence, score
    if missing_found:
        best = _best([cs[0] for _, cs in per_aspect if cs])[0]
        reason = f"関連する定め（{best.clause.locator}）はあるが要件を満たさない: {'／'.join(best.reasons)}"
        return Status.MISSING, reason, evidence, score
    return Status.MISSING, "該当する定めが見当たらない", [], 0.0


class AnalyzerEngine:
    """Analyse documents against rulesets with a pipeline of scorers."""

    def __init__(
        self,
        nlp_engine: NlpEngine,
        scorers: list[TopicScorer] | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        """Build an engine from an NLP engine and scorers (default: rules only)."""
        self.nlp = nlp_engine
        self.scorers: list[TopicScorer] = scorers if scorers is not None else [RuleScorer()]
        self._lexicon = lexicon

    @property
    def lexicon(self) -> Lexicon:
        """The injected lexicon, else the one beside the rulesets (``KITEI_RULESETS`` aware)."""
        return self._lexicon or load_lexicon()

    def prepare(self, document: Document) -> DocumentContext:
        """Parse the structure and run the NLP engine once over clauses and heading paths."""
        clauses = parse_clauses(document)
        headings = sorted({" > ".join(c.heading_path) for c in clauses})
        heading_pos = {h: len(clauses) + i for i, h in enumerate(headings)}
        from analyzer.document import normalize

        artifacts = self.nlp.process([c.norm for c in clauses] + [normalize(h) for h in headings])
        index = TermIndex(self.nlp, artifacts)
        heading_ids = [heading_pos[" > ".join(c.heading_path)] for c in clauses]
        return DocumentContext(
            document,
            clauses,
            artifacts[: len(clauses)],
            index,
            heading_ids,
            self.nlp,
            self.lexicon,
            antecedents=antecedents(clauses) | question_antecedents(clauses, heading_ids),
            siblings=_merge_context(siblings(clauses), definitions(clauses)),
        )

    def applicability(self, ctx: DocumentContext, ruleset: Ruleset) -> dict[str, bool]:
        """Document-level conditions of the ruleset (e.g. 指定電気通信事業者), affirmed or not."""
        rule = RuleScorer()
        out: dict[str, bool] = {}
        for cond in ruleset.applicability:
            cands = rule.aspect_candidates(ctx, cond.detect)
            affirmed = False
            for c in cands:
                mod = modality(c.clause, [])
                if mod is None and "ではない" not in c.clause.norm and "該当しない" not in c.clause.norm:
                    affirmed = True
                    break
            out[cond.id] = affirmed
        return out

    def analyze(
        self,
        document: Document,
        ruleset: Ruleset,
        ctx: DocumentContext | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """Analyse one document against one ruleset."""
        t0 = time.perf_counter()
        ctx = ctx or self.prepare(document)
        ctx.applicability = self.applicability(ctx, ruleset)
        results: list[TopicResult] = []
        pairs = ruleset.topics
        for n, (item, topic) in enumerate(pairs):
            if progress:
                progress(topic.id, n / len(pairs))
            results.append(self._topic_result(ctx, item, topic))
        results.extend(self._item_results(ruleset, results))
        report = Report(
            document=DocumentInfo(
                path=document.path,
                sha256=document.sha256,
                format=document.format,
                clauses=len(ctx.clauses),
                pages=document.pages,
                characters=sum(len(b.display_text) for b in document.blocks),
                warnings=list(document.warnings),
            ),
            ruleset=RulesetInfo(id=ruleset.id, version=ruleset.version, title=ruleset.title),
            analyzer_version=__version__,
            results=results,
            summary=summarize(results),
            applicability=ctx.applicability,
            elapsed_seconds=round(time.perf_counter() - t0, 3),
        )
        if progress:
            progress("done", 1.0)
        return report

    def analyze_topic(
        self, document: Document, ruleset: Ruleset, topic_id: str, ctx: DocumentContext | None = None
    ) -> TopicResult:
        """The verdict of one topic only (what :meth:`analyze` gives that topic, without the others).

        Raises:
            KeyError: ``topic_id`` is not a topic of ``ruleset``.
        """
        ctx = ctx or self.prepare(document)
        ctx.applicability = self.applicability(ctx, ruleset)
        for item, topic in ruleset.topics:
            if topic.id == topic_id:
                return self._topic_result(ctx, item, topic)
        raise KeyError(topic_id)

    def _topic_result(self, ctx: DocumentContext, item: Item, topic: Topic) -> TopicResult:
        base = {
            "id": topic.id,
            "item": item.id,
            "title": topic.title,
            "category": item.category,
            "mandatory": item.mandatory,
            "evidence_kind": item.evidence_kind,
            "requirement": topic.requirement,
            "satisfied_by": topic.satisfied_by,
            "remedy": topic.remedy,
            "references": topic.references,
        }
        if topic.applies_if and not ctx.applicability.get(topic.applies_if, False):
            return TopicResult(
                **base,
                status=Status.NOT_APPLICABLE,
                reason="適用条件（指定電気通信事業者であること等）に該当する記載がないため対象外",
                explanation=[ExplanationStep(scorer="applicability", detail=f"{topic.applies_if}: 該当なし")],
            )
        if topic.match is None:
            return TopicResult(
                **base,
                status=Status.EXTERNAL,
                reason="規程の記載では確認できない項目（要外部確認）",
                explanation=[
                    ExplanationStep(scorer="ruleset", detail="照合条件なし: 署名押印等で回答する項目")
                ],
            )
        candidates: list[Candidate] = []
        for scorer in self.scorers:
            candidates = scorer.score(ctx, item, topic, candidates)
        status, reason, evidence, score = decide(topic, candidates)
        if status is Status.COVERED and topic.match.breadth:
            named, lacking = breadth_shortfall(ctx, topic.match.breadth, candidates)
            if lacking:
                status = Status.PARTIAL
                reason = (
                    f"{reason}。ただし「{topic.match.breadth.label}」のうち"
                    f"{'・'.join(named) or '一部'}のみで、{'・'.join(lacking)}の定めが見当たらない"
                )
        steps = [s for c in evidence for s in c.steps]
        steps.append(
            ExplanationStep(scorer="decision", detail=f"{status.value}: {reason}", score_after=score)
        )
        return TopicResult(
            **base,
            status=status,
            reason=reason,
            evidence=[_evidence(c) for c in evidence],
            score=score,
            explanation=steps,
        )

    @staticmethod
    def _item_results(ruleset: Ruleset, topic_results: list[TopicResult]) -> list[TopicResult]:
        by_id = {r.id: r for r in topic_results}
        return [
            item_result(item, [by_id[t.id] for t in item.topics])
            for item in ruleset.items
            if not (len(item.topics) == 1 and item.topics[0].id == item.id)  # the topic is the item
        ]


def summarize(results: list[TopicResult]) -> Summary:
    """Counts per status (topics and items) and mandatory gaps."""
    counts = {s.value: 0 for s in Status}
    item_counts = {s.value: 0 for s in Status}
    for r in results:
        if r.level == "topic":
            counts[r.status.value] += 1
    topic_items = {r.item for r in results if r.level == "item"}
    for r in results:
        if r.level == "item" or r.item not in topic_items:
            item_counts[r.status.value] += 1
    gaps = [r.id for r in results if r.level == "topic" and r.mandatory and r.status is Status.MISSING]
    partial = [r.id for r in results if r.level == "topic" and r.mandatory and r.status is Status.PARTIAL]
    return Summary(counts=counts, item_counts=item_counts, mandatory_gaps=gaps, mandatory_partial=partial)
