"""The corpus label files (``corpus/labels/*.yaml``), validated with pydantic.

A label gives, per ruleset, the acceptable statuses of every topic (a list where careful
reviewers could differ), evidence anchors (exact substrings a correct evidence clause
contains) and clause-level labels used to train the classifier. The format is documented
in ``corpus/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from analyzer.rules.schema import Ruleset, Status

EXTERNAL_ONLY = {"7-0-1", "7-0-2"}
DESIGNATED_ONLY = {"7-2-3", "7-2-4", "7-2-5", "7-4-2"}
SCORED = {Status.COVERED, Status.PARTIAL, Status.MISSING}


class TopicLabel(BaseModel):
    """The label of one topic."""

    model_config = ConfigDict(extra="forbid")

    status: list[Status]
    evidence: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("status", mode="before")
    @classmethod
    def _as_list(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v


class RulesetLabels(BaseModel):
    """Labels of one document for one ruleset."""

    model_config = ConfigDict(extra="forbid")

    default: Status = Status.MISSING
    topics: dict[str, TopicLabel] = Field(default_factory=dict)


class ClauseLabel(BaseModel):
    """A clause-level training label: an exact substring and its topics (may be empty)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    topics: list[str] = Field(default_factory=list)
    note: str = ""


class DocumentLabels(BaseModel):
    """A whole label file."""

    model_config = ConfigDict(extra="forbid")

    document: str
    title: str
    style: str
    split: str
    notes: str = ""
    encoding: str | None = None
    source: str | None = None
    designated_carrier: bool = False
    wave: int = 1  # corpus-growth round the document was written in (1 = first session)
    rulesets: dict[str, RulesetLabels]
    clauses: list[ClauseLabel] = Field(default_factory=list)

    # set by the loader
    id: str = ""
    path: Path | None = None

    def expected(self, ruleset: Ruleset) -> dict[str, list[Status]]:
        """Acceptable statuses of every topic of ``ruleset`` (defaults applied)."""
        labels = self.rulesets.get(ruleset.id, RulesetLabels())
        out: dict[str, list[Status]] = {}
        for _, topic in ruleset.topics:
            if topic.id in labels.topics:
                out[topic.id] = labels.topics[topic.id].status
            elif topic.id in EXTERNAL_ONLY:
                out[topic.id] = [Status.EXTERNAL]
            elif topic.id in DESIGNATED_ONLY and not self.designated_carrier:
                out[topic.id] = [Status.NOT_APPLICABLE]
            else:
                out[topic.id] = [labels.default]
        return out

    def evidence(self, ruleset_id: str, topic_id: str) -> list[str]:
        """Evidence anchors of a topic (empty when none were given)."""
        labels = self.rulesets.get(ruleset_id)
        if labels and topic_id in labels.topics:
            return labels.topics[topic_id].evidence
        return []


def corpus_dir() -> Path:
    """The corpus folder of this checkout."""
    return Path(__file__).resolve().parents[2] / "corpus"


def load_labels(directory: Path | None = None) -> list[DocumentLabels]:
    """All label files of the corpus, sorted by document id."""
    d = directory or corpus_dir()
    out = []
    for path in sorted((d / "labels").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        label = DocumentLabels.model_validate(data)
        label.id = path.stem
        label.path = d / label.document
        out.append(label)
    return out
