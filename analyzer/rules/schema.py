"""Pydantic models of a ruleset YAML file; unknown keys are rejected.

A ruleset is data: the review items of a certification, their topics, what a reviewer
needs to read (requirement, what satisfies it, the remedy for a gap) and how a topic is
recognised (``match``: aspects made of concept groups, and checks on quantities,
authorities and polarity). Concepts (``@log``) are defined once in
``rulesets/lexicon.yaml`` and shared by all rulesets.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceKind(str, Enum):
    """What the applicant submits for an item."""

    POLICY_TEXT = "policy_text"  # 規程の該当箇所（右肩に項目番号）
    ATTESTATION = "attestation"  # 担当者の署名押印
    WEB_URL = "web_url"  # トップページからの URL 経路
    REPORT = "report"  # 監査報告書・診断報告書などの報告書


class Status(str, Enum):
    """Verdict of a topic."""

    COVERED = "covered"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"
    EXTERNAL = "external"  # cannot be shown by a 規程 at all (要外部確認)


TermList = list[str]  # each entry: a term, or "@concept"


class Aspect(_Strict):
    """One thing a clause must say; all ``all`` groups must match in one clause.

    Attributes:
        name: short Japanese name, used in reasons (「保存期間」).
        all: groups that must all match; each group is a list of terms or
            ``@concept`` references (any member matches the group).
        any: optional boosters; each matching group raises the score.
        not_: terms that disqualify a clause for this aspect.
        heading: whether the heading path may supply ``all`` groups other than
            the first (the first group must be in the clause itself).
        restriction: the aspect asks for a restriction of its action, so a negated
            action states the rule (「同意を得ないで第三者に提供しない」) instead of
            defeating it (「アクセスログは保存しない」).
        at_most: the best status a clause of this aspect can give: ``partial`` for
            wording that addresses the topic but never satisfies it alone (a list of
            the personal information handled is not the procedure to identify it).
    """

    name: str
    all: list[TermList] = Field(min_length=1)
    any: list[TermList] = Field(default_factory=list)
    not_: TermList = Field(default_factory=list, alias="not")
    heading: bool = False
    restriction: bool = False
    at_most: Literal["partial"] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("all", "any", mode="before")
    @classmethod
    def _wrap_single_terms(cls, groups: object) -> object:
        """Allow ``all: ["@log", "@retain"]``: a bare string is a group of one."""
        if isinstance(groups, list):
            return [[g] if isinstance(g, str) else g for g in groups]
        return groups


class DurationCheck(_Strict):
    """The clause must state a period of at least ``min_days`` (e.g. log retention ≥ 1 year)."""

    kind: Literal["duration"]
    min_days: float = Field(gt=0)
    label: str  # 「1年以上」
    if_absent: Literal["partial", "covered"] = "partial"
    # a clause naming one of these terms decides when it falls short (7-1-1: the log of a
    # personal-data system kept 6か月 is not made good by a firewall log kept 1年)
    decisive: list[str] = Field(default_factory=list)


class FrequencyCheck(_Strict):
    """The clause must state a frequency of at least ``min_per_year`` (教育 年1回以上)."""

    kind: Literal["frequency"]
    min_per_year: float = Field(gt=0)
    label: str
    if_absent: Literal["partial", "covered"] = "partial"
    # a clause naming one of these terms decides when it falls short (1-1-2: an audit every
    # 3 years is not made yearly by a yearly departmental 点検)
    decisive: list[str] = Field(default_factory=list)


class AuthorityCheck(_Strict):
    """The clause must name one of ``required`` authorities (ids of ``analyzer.extract.authorities``)."""

    kind: Literal["authority"]
    required: list[str] = Field(min_length=1)
    label: str  # 「総務省」
    if_other: Literal["missing", "partial"] = "missing"
    if_absent: Literal["missing", "partial"] = "partial"


class PolarityCheck(_Strict):
    """The clause must prohibit (not merely restrict or permit) the action."""

    kind: Literal["prohibition"]
    label: str  # 「外部記憶媒体への記録の禁止」
    if_conditional: Literal["partial", "covered"] = "partial"
    if_permitted: Literal["partial", "missing"] = "partial"


class OwnObligationCheck(_Strict):
    """The rule must be about the company's own system, not about using third parties' ones."""

    kind: Literal["own_obligation"]
    label: str


Check = DurationCheck | FrequencyCheck | AuthorityCheck | PolarityCheck | OwnObligationCheck


class Breadth(_Strict):
    """The requirement lists several matters; ``covered`` needs at least ``min`` of them.

    7-5-2 asks for requests of 開示・訂正・利用停止: a procedure for 開示 alone is partial.
    The evidence clauses (with their headings and lead-ins) are searched for each group's
    terms; a term of ``collective`` (開示等) names every matter at once.

    Attributes:
        label: the listed matters, for the reason (「開示・訂正・利用停止」).
        groups: one term list per listed matter.
        min: how many of them the evidence must name.
        collective: terms that stand for all the matters.
    """

    label: str
    groups: list[TermList] = Field(min_length=2)
    min: int = Field(ge=2)
    collective: TermList = Field(default_factory=list)

    @model_validator(mode="after")
    def _min_fits(self) -> Breadth:
        if self.min > len(self.groups):
            raise ValueError(f"min={self.min} but only {len(self.groups)} groups")
        return self


class Match(_Strict):
    """How a topic is recognised in a document.

    Attributes:
        aspects: what must be said; ``covered`` needs ``require`` of them
            (default all), fewer gives ``partial``.
        require: how many aspects make the topic covered (default: all).
        checks: checks applied to the candidate clauses of every aspect.
        breadth: the listed matters the evidence must name for ``covered``.
    """

    aspects: list[Aspect] = Field(min_length=1)
    require: int | None = Field(default=None, ge=1)
    checks: list[Check] = Field(default_factory=list)
    breadth: Breadth | None = None

    @model_validator(mode="after")
    def _require_fits(self) -> Match:
        if self.require is not None and self.require > len(self.aspects):
            raise ValueError(f"require={self.require} but only {len(self.aspects)} aspects")
        return self


class Topic(_Strict):
    """A reviewable topic (an item, or one sub-topic of an item)."""

    id: str
    title: str
    requirement: str  # quoted from the seed
    satisfied_by: str  # what counts as satisfying it
    remedy: str  # suggested wording for a gap
    match: Match | None = None  # None: cannot be recognised in a 規程 (status external)
    applies_if: str | None = None  # applicability condition id; not_applicable otherwise
    references: list[str] = Field(default_factory=list)  # e.g. JIS Q 15001:2017 A.3.3.1


class Points(_Strict):
    """Recommended points of an item (``min`` = ``max`` for fixed points)."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)


class Item(_Strict):
    """A review item (審査項目) with its topics."""

    id: str
    category: str
    title: str
    question: str
    mandatory: bool
    points: Points | None = None
    zero_fails: bool = False  # 0 points → 不合格 (7-1-1, 7-1-2, 7-1-3)
    evidence_kind: EvidenceKind
    submission: str = ""  # what to submit, e.g. 右肩に「7-1-1」
    prepare: str = ""  # for attestation / URL / report items: what the applicant must prepare
    topics: list[Topic] = Field(min_length=1)

    @field_validator("topics")
    @classmethod
    def _topic_ids_under_item(cls, topics: list[Topic], info) -> list[Topic]:  # noqa: ANN001
        item_id = info.data.get("id", "")
        for t in topics:
            if t.id != item_id and not t.id.startswith(f"{item_id}."):
                raise ValueError(f"topic id {t.id!r} must be {item_id!r} or start with '{item_id}.'")
        return topics


class Category(_Strict):
    """A group of items (ISP areas 1–7; Privacy Mark provisions)."""

    id: str
    title: str


class PassRule(_Strict):
    """Pass line of an application type."""

    mandatory: int
    points_total: int
    points_min: int


class Applicability(_Strict):
    """A document-level condition, e.g. the company is a 指定電気通信事業者."""

    id: str
    description: str
    detect: Aspect


class Ruleset(_Strict):
    """A whole ruleset file."""

    id: str
    version: str
    title: str
    source: str
    description: str = ""
    pass_rules: dict[str, PassRule] = Field(default_factory=dict)  # "new", "renewal"
    categories: list[Category] = Field(min_length=1)
    applicability: list[Applicability] = Field(default_factory=list)
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Ruleset:
        cats = {c.id for c in self.categories}
        conds = {a.id for a in self.applicability}
        seen: set[str] = set()
        for item in self.items:
            if item.category not in cats:
                raise ValueError(f"item {item.id}: unknown category {item.category!r}")
            for t in item.topics:
                if t.id in seen:
                    raise ValueError(f"duplicate topic id {t.id!r}")
                seen.add(t.id)
                if t.applies_if and t.applies_if not in conds:
                    raise ValueError(f"topic {t.id}: unknown applicability {t.applies_if!r}")
        return self

    @property
    def topics(self) -> list[tuple[Item, Topic]]:
        """All (item, topic) pairs in order."""
        return [(item, topic) for item in self.items for topic in item.topics]


class Lexicon(_Strict):
    """Shared concepts: ``name → list of terms``."""

    concepts: dict[str, list[str]]
