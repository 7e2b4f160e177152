"""One entry point for the CLI, the dashboard and the evaluation: file → reports.

The NLP engine and analyser are built once per process (:func:`get_analyzer`); a document
is ingested and prepared (structure + NLP) once and analysed against every requested
ruleset.
"""

from __future__ import annotations

import threading
from pathlib import Path

from analyzer.document import Document
from analyzer.matching.engine import AnalyzerEngine, Progress
from analyzer.report.model import Report
from analyzer.rules.loader import load_ruleset

_LOCK = threading.Lock()
_ANALYZERS: dict[str, AnalyzerEngine] = {}


def get_analyzer(mode: str = "default") -> AnalyzerEngine:
    """The process-wide analyser for ``mode`` (``rules`` or ``default``), built on first use."""
    with _LOCK:
        if mode not in _ANALYZERS:
            from analyzer.nlp import default_engine

            scorers = None
            if mode != "rules":
                from analyzer.classifier import classifier_scorers

                scorers = classifier_scorers()
            _ANALYZERS[mode] = AnalyzerEngine(default_engine(), scorers=scorers)
        return _ANALYZERS[mode]


def analyze_document(
    document: Document,
    ruleset_ids: list[str],
    analyzer: AnalyzerEngine | None = None,
    progress: Progress | None = None,
) -> list[Report]:
    """Analyse an ingested document against each ruleset (structure and NLP run once)."""
    analyzer = analyzer or get_analyzer()
    ctx = analyzer.prepare(document)
    reports = []
    for n, rid in enumerate(ruleset_ids):
        ruleset = load_ruleset(rid)

        def sub(topic: str, frac: float, n: int = n) -> None:
            if progress:
                progress(topic, (n + frac) / len(ruleset_ids))

        reports.append(analyzer.analyze(document, ruleset, ctx=ctx, progress=sub))
    return reports


def analyze_path(
    path: str | Path,
    ruleset_ids: list[str],
    analyzer: AnalyzerEngine | None = None,
    progress: Progress | None = None,
) -> list[Report]:
    """Ingest a file and analyse it against each ruleset."""
    from analyzer.ingest import load_document

    document = load_document(path)
    return analyze_document(document, ruleset_ids, analyzer=analyzer, progress=progress)
