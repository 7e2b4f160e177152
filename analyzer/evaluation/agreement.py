"""Inter-annotator agreement: how often two careful human reviewers agree.

``corpus/agreement/<doc_id>.yaml`` holds a second labeller's independent reading of a
labelled document (written without seeing ``labels/``): a status for every topic, and an
optional ``alt`` where that labeller thinks a careful reviewer could go either way. The
agreement of the two labellers is the ceiling against which the analyser's accuracy is read.

Two figures, over scored topics (``external`` and topics both call ``not_applicable`` are left
out, as in the document evaluation):

* ``strict`` — both labellers' preferred statuses are equal;
* ``lenient`` — the statuses each labeller accepts overlap (the same rule that scores the
  analyser: a prediction is right when it is one of the acceptable statuses).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from analyzer.evaluation.labels import DocumentLabels, corpus_dir
from analyzer.rules.schema import Ruleset, Status


class SecondReading(BaseModel):
    """The second labeller's status of one topic."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    alt: Status | None = None
    why: str = ""

    @property
    def acceptable(self) -> list[Status]:
        """Preferred status first, then the alternative."""
        return [self.status] + ([self.alt] if self.alt else [])


@dataclass
class Agreement:
    """Agreement counts over a set of topics, and the topics where the readings do not overlap."""

    n: int = 0
    strict: int = 0
    lenient: int = 0
    disagreements: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form (rates rounded)."""
        return {
            "n": self.n,
            "strict": round(self.strict / self.n, 4) if self.n else None,
            "lenient": round(self.lenient / self.n, 4) if self.n else None,
            "disagreements": [
                {"doc": d, "topic": t, "first": a, "second": b} for d, t, a, b in self.disagreements
            ],
        }


def load_second_readings(directory: Path | None = None) -> dict[str, dict[str, dict[str, SecondReading]]]:
    """``{doc_id: {ruleset_id: {topic_id: reading}}}`` from ``corpus/agreement``."""
    directory = directory or corpus_dir() / "agreement"
    out: dict[str, dict[str, dict[str, SecondReading]]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out[path.stem] = {
            rid: {tid: SecondReading.model_validate(v) for tid, v in topics.items()}
            for rid, topics in data.items()
        }
    return out


def agreement(
    labels: list[DocumentLabels],
    rulesets: list[Ruleset],
    second: dict[str, dict[str, dict[str, SecondReading]]],
) -> Agreement:
    """Compare the first labeller (``labels``) with the second readings, topic by topic."""
    result = Agreement()
    for label in labels:
        readings = second.get(label.id)
        if readings is None:
            continue
        for ruleset in rulesets:
            if ruleset.id not in readings:
                continue
            for topic_id, first in label.expected(ruleset).items():
                reading = readings[ruleset.id].get(topic_id)
                if reading is None:
                    raise ValueError(f"agreement/{label.id}.yaml: no reading of {ruleset.id} {topic_id}")
                other = reading.acceptable
                if Status.EXTERNAL in first or first == other == [Status.NOT_APPLICABLE]:
                    continue
                result.n += 1
                result.strict += first[0] == other[0]
                if set(first) & set(other):
                    result.lenient += 1
                else:
                    result.disagreements.append(
                        (label.id, topic_id, [s.value for s in first], [s.value for s in other])
                    )
    return result
