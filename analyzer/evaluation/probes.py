"""Paraphrase probes: short 規程 snippets, each with the verdict a reviewer gives one topic.

A probe answers "if this snippet were the only text about the topic, what would a careful
reviewer say?". Probes are written by people who do not read the matcher, in deliberately
varied wording (synonyms, inflection, article / bullet / table-row shapes), so they measure
how far the rules generalise beyond the phrasing of the labelled documents. They live in
``corpus/probes/*.yaml``; all of them belong to the development side of the corpus (they
may be used for tuning), and are scored by ``kitei eval``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from analyzer.evaluation.labels import corpus_dir
from analyzer.evaluation.metrics import Outcome, Scores, score
from analyzer.ingest import load_document
from analyzer.matching.engine import AnalyzerEngine
from analyzer.rules.schema import Ruleset, Status


class Probe(BaseModel):
    """One snippet and the acceptable statuses of one topic."""

    model_config = ConfigDict(extra="forbid")

    topic: str
    expect: list[Status]
    text: str
    why: str = ""

    @field_validator("expect", mode="before")
    @classmethod
    def _as_list(cls, v: object) -> object:
        return v if isinstance(v, list) else [v]


class ProbeFile(BaseModel):
    """A file of probes for one ruleset."""

    model_config = ConfigDict(extra="forbid")

    ruleset: str
    probes: list[Probe]


@dataclass
class ProbeResult:
    """A probe with the verdict the analyser gave."""

    file: str
    index: int
    probe: Probe
    predicted: Status
    reason: str

    @property
    def correct(self) -> bool:
        """Whether the verdict is one of the acceptable statuses."""
        return self.predicted in self.probe.expect


def load_probe_files(directory: Path | None = None) -> dict[str, ProbeFile]:
    """Every ``*.yaml`` under ``corpus/probes`` (validated), keyed by file name."""
    directory = directory or corpus_dir() / "probes"
    out: dict[str, ProbeFile] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[path.name] = ProbeFile.model_validate(data)
    return out


def run_probes(
    analyzer: AnalyzerEngine, rulesets: list[Ruleset], files: dict[str, ProbeFile]
) -> list[ProbeResult]:
    """Analyse every probe snippet as a tiny Markdown document, for the probed topic only."""
    by_id = {rs.id: rs for rs in rulesets}
    results: list[ProbeResult] = []
    for name, pf in files.items():
        ruleset = by_id.get(pf.ruleset)
        if ruleset is None:
            continue
        for i, probe in enumerate(pf.probes):
            doc = load_document(None, data=probe.text.encode("utf-8"), name=f"probe-{i}.md")
            try:
                result = analyzer.analyze_topic(doc, ruleset, probe.topic)
            except KeyError:
                raise ValueError(f"{name} probe {i}: unknown topic {probe.topic!r} in {pf.ruleset}") from None
            results.append(ProbeResult(name, i, probe, result.status, result.reason))
    return results


def score_probes(results: list[ProbeResult]) -> dict[str, Scores]:
    """Scores per probe file and overall (same metrics as the document evaluation)."""
    outs: dict[str, list[Outcome]] = {}
    for r in results:
        o = Outcome(f"{r.file}#{r.index}", r.file, r.probe.topic, r.predicted, r.probe.expect)
        outs.setdefault(r.file, []).append(o)
        outs.setdefault("overall", []).append(o)
    return {name: score(o) for name, o in outs.items()}
