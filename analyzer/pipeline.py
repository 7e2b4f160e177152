"""One entry point for the CLI, the dashboard and the evaluation: file → reports.

The NLP engine and analyser are built once per process (:func:`get_analyzer`); a document
is ingested and prepared (structure + NLP) once and analysed against every requested
ruleset. With a :class:`~analyzer.cache.ResultCache`, results are looked up by the
document's hash first, so re-opening an unchanged document skips ingest and analysis.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.document import Document
from analyzer.matching.engine import AnalyzerEngine, Progress
from analyzer.report.model import Report
from analyzer.rules.loader import load_ruleset

if TYPE_CHECKING:
    from analyzer.cache import ResultCache

_LOCK = threading.Lock()
_ANALYZERS: dict[str, AnalyzerEngine] = {}
_GC_LOCK = threading.Lock()
_GC_STATE = {"depth": 0, "was_enabled": False}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of an analysis.

    An analysis allocates millions of small objects (tokens, index postings) that live
    until it ends, and every collection traverses all of them: on the 50x seed the
    collector took ~30% of the time. Reference counting still frees everything as usual;
    reference cycles are collected when the collector resumes. Nested and concurrent
    analyses (dashboard sessions) share one pause, restored by the last one out.
    """
    with _GC_LOCK:
        if _GC_STATE["depth"] == 0:
            _GC_STATE["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC_STATE["depth"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["depth"] -= 1
            if _GC_STATE["depth"] == 0 and _GC_STATE["was_enabled"]:
                gc.enable()


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


def analyzer_variant(analyzer: AnalyzerEngine | None = None, mode: str = "default") -> str:
    """The part of a cache key that names the analyser: its mode, or its engine and scorers.

    Args:
        analyzer: an analyser; ``None`` means ``get_analyzer(mode)``.
        mode: the mode used when ``analyzer`` is ``None``.

    Returns:
        ``mode=<mode>`` for the process-wide analysers; for an injected analyser a
        description of its NLP engine, scorers and lexicon.
    """
    from analyzer.cache import mode_variant

    if analyzer is None:
        return mode_variant(mode)
    for m, a in list(_ANALYZERS.items()):
        if a is analyzer:
            return mode_variant(m)
    nlp = analyzer.nlp
    parts = [
        f"{type(nlp).__module__}.{type(nlp).__qualname__}",
        f"parse={getattr(nlp, 'can_parse', False)}",
        "scorers=" + ",".join(getattr(s, "name", type(s).__name__) for s in analyzer.scorers),
        "lexicon=" + hashlib.sha256(analyzer.lexicon.model_dump_json().encode()).hexdigest()[:16],
    ]
    return "custom:" + ";".join(parts)


def cached_reports(
    document_sha256: str,
    ruleset_ids: list[str],
    cache: ResultCache,
    analyzer: AnalyzerEngine | None = None,
    mode: str = "default",
    path: str | None = None,
) -> list[Report] | None:
    """The cached reports of a document for every ruleset, or ``None`` if any is missing.

    Args:
        document_sha256: SHA-256 of the document's raw bytes.
        ruleset_ids: rulesets, in order.
        cache: the result cache.
        analyzer: the analyser the results must come from (``None``: ``get_analyzer(mode)``,
            which is not built by a lookup).
        mode: the mode used when ``analyzer`` is ``None``.
        path: when given, the reports' ``document.path`` is set to it (the same bytes may
            have been analysed under another name).

    Returns:
        One report per ruleset, or ``None``.
    """
    return cache.get_all(document_sha256, ruleset_ids, analyzer_variant(analyzer, mode), path=path)


def analyze_document(
    document: Document,
    ruleset_ids: list[str],
    analyzer: AnalyzerEngine | None = None,
    progress: Progress | None = None,
    cache: ResultCache | None = None,
    mode: str = "default",
) -> list[Report]:
    """Analyse an ingested document against each ruleset (structure and NLP run once).

    Args:
        document: the ingested document.
        ruleset_ids: rulesets, in order.
        analyzer: the analyser (default ``get_analyzer(mode)``).
        progress: called with ``(topic, fraction)`` while analysing.
        cache: when given, results are read from it and written to it (keyed by
            ``document.sha256``, the ruleset files and the analyser source).
        mode: the analyser mode when ``analyzer`` is ``None``.

    Returns:
        One report per ruleset.
    """
    keys: dict[str, dict[str, object]] = {}
    hits: dict[str, Report] = {}
    if cache is not None:
        from analyzer.cache import cache_key

        variant = analyzer_variant(analyzer, mode)
        for rid in ruleset_ids:
            keys[rid] = cache_key(document.sha256, rid, variant)
            report = cache.get(keys[rid])
            if report is not None:
                report.document.path = document.path
                hits[rid] = report
        if len(hits) == len(ruleset_ids):
            if progress:
                progress("done", 1.0)
            return [hits[rid] for rid in ruleset_ids]
    analyzer = analyzer or get_analyzer(mode)
    reports = []
    with gc_paused():
        ctx = analyzer.prepare(document)
        for n, rid in enumerate(ruleset_ids):
            if rid in hits:
                reports.append(hits[rid])
                continue
            ruleset = load_ruleset(rid)

            def sub(topic: str, frac: float, n: int = n) -> None:
                if progress:
                    progress(topic, (n + frac) / len(ruleset_ids))

            report = analyzer.analyze(document, ruleset, ctx=ctx, progress=sub)
            if cache is not None and _same_version(keys[rid], ruleset.version):
                cache.put(keys[rid], report)
            reports.append(report)
        del ctx
    return reports


def analyze_path(
    path: str | Path,
    ruleset_ids: list[str],
    analyzer: AnalyzerEngine | None = None,
    progress: Progress | None = None,
    cache: ResultCache | None = None,
    mode: str = "default",
) -> list[Report]:
    """Ingest a file and analyse it against each ruleset.

    With a ``cache``, the file's bytes are hashed first and, when every ruleset's
    result is cached, returned without ingesting the file or building the analyser.
    """
    from analyzer.ingest import load_document

    if cache is not None:
        reports = cached_path_reports(path, ruleset_ids, cache, analyzer=analyzer, mode=mode)
        if reports is not None:
            if progress:
                progress("done", 1.0)
            return reports
    document = load_document(path)
    return analyze_document(
        document, ruleset_ids, analyzer=analyzer, progress=progress, cache=cache, mode=mode
    )


def cached_path_reports(
    path: str | Path,
    ruleset_ids: list[str],
    cache: ResultCache,
    analyzer: AnalyzerEngine | None = None,
    mode: str = "default",
) -> list[Report] | None:
    """The cached reports of a file (hashed, not ingested), or ``None`` on a miss.

    Args:
        path: the file; its bytes are hashed in chunks (files over the ingest size
            limit, or unreadable ones, are a miss so that ingest reports them).
        ruleset_ids: rulesets, in order.
        cache: the result cache.
        analyzer: the analyser the results must come from (``None``: ``get_analyzer(mode)``).
        mode: the mode used when ``analyzer`` is ``None``.

    Returns:
        One report per ruleset, with ``document.path`` set to ``path``; or ``None``.
    """
    return cache.get_file(path, ruleset_ids, analyzer_variant(analyzer, mode))


def _same_version(key: dict[str, object], version: str) -> bool:
    """False when the ruleset file changed since it was loaded (never cache a stale analysis)."""
    info = key.get("ruleset")
    return isinstance(info, dict) and info.get("version") == version
