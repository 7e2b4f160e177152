"""The dashboard's glue to the analyser and the store (no page layout here).

* The analyser is built once per process (``st.cache_resource`` around
  :func:`analyzer.pipeline.get_analyzer`); analyses are cached by file bytes
  (``st.cache_data``), so widget clicks never re-parse a document.
* Uploaded names are display names only: bytes and name go to
  :func:`analyzer.ingest.load_document`, nothing is ever written under that name.
* The current document is the SHA-256 in the session and in the URL (``?doc=…&rs=…``),
  so reloading the page reopens it from the store with the reviewer's decisions.

Environment: ``KITEI_ANALYZER_MODE`` (``default`` or ``rules``), ``KITEI_SAMPLE=1`` to
preload the sample document (also ``?sample=1``), ``KITEI_DB`` / ``KITEI_DB_URL`` for
the database (see :mod:`analyzer.store.db`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from analyzer.matching.engine import AnalyzerEngine
from analyzer.report.model import Report
from analyzer.rules.loader import available_rulesets, load_ruleset, rulesets_dir
from analyzer.rules.schema import Ruleset
from analyzer.store import Decision, Store, StoredDocument, database_url

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CANDIDATES = (
    ROOT / "corpus" / "docs" / "happymari.txt",
    ROOT.parent / "shared" / "seeds" / "002_2c7f204d480a96b7.txt",
)
SAMPLE_NAME = "happymari.txt（サンプル）"
DEFAULT_RULESET = "isp-anshin-mark"
UPLOAD_TYPES = ["pdf", "docx", "txt", "md"]

# session-state keys
K_DOC = "doc_sha"
K_RULESETS = "ruleset_ids"
K_REPORTS = "_reports"  # {(sha, ruleset_id): Report} already parsed from the store
K_LAST_UPLOAD = "_last_upload"
K_SAMPLE_DONE = "_sample_done"
K_ERROR = "_error"


def analyzer_mode() -> str:
    """The analyser mode: ``KITEI_ANALYZER_MODE`` (``rules`` for rules only), default ``default``."""
    mode = os.environ.get("KITEI_ANALYZER_MODE", "default").strip()
    return mode if mode in ("default", "rules") else "default"


@st.cache_resource(show_spinner="解析エンジンを読み込んでいます… / Loading the analyser…")
def get_analyzer(mode: str) -> AnalyzerEngine:
    """The process-wide analyser (models load once, shared by every session)."""
    from analyzer.pipeline import get_analyzer as build

    return build(mode)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    """The store for the configured database (one per URL and process)."""
    return _store(database_url())


@st.cache_data(show_spinner=False)
def _ruleset_titles(directory: str) -> dict[str, str]:
    out = {}
    for rid in available_rulesets(Path(directory)):
        try:
            out[rid] = load_ruleset(rid, Path(directory)).title
        except Exception:  # noqa: BLE001 - a broken ruleset file must not break the page
            continue
    return out


def ruleset_titles() -> dict[str, str]:
    """Titles of the available rulesets, by id (``KITEI_RULESETS`` moves the folder)."""
    return _ruleset_titles(str(rulesets_dir()))


def ruleset(ruleset_id: str) -> Ruleset | None:
    """The ruleset, or ``None`` when it no longer loads."""
    try:
        return load_ruleset(ruleset_id)
    except Exception:  # noqa: BLE001
        return None


@dataclass(frozen=True)
class Analysis:
    """A document analysed from bytes (what ``st.cache_data`` keeps)."""

    sha256: str
    name: str
    format: str
    pages: int | None
    text: str
    warnings: tuple[str, ...]
    reports: tuple[Report, ...]


@st.cache_data(max_entries=16, show_spinner=False)
def analyze_bytes(data: bytes, name: str, ruleset_ids: tuple[str, ...], mode: str) -> Analysis:
    """Ingest and analyse a file's bytes against the rulesets, with a progress bar.

    Raises:
        KiteiError: the file cannot be read (the caller shows the coded message).
    """
    from analyzer.ingest import load_document
    from analyzer.pipeline import analyze_document

    bar = st.progress(0.0, text="文書を読み込んでいます… / Reading the document…")
    try:
        document = load_document(None, data=data, name=name)
        bar.progress(0.05, text="文書を解析しています… / Analysing…")

        def progress(topic: str, frac: float) -> None:
            bar.progress(min(1.0, 0.05 + 0.95 * frac), text=f"解析中 / analysing… {topic}")

        reports = analyze_document(
            document, list(ruleset_ids), analyzer=get_analyzer(mode), progress=progress
        )
    finally:
        bar.empty()
    return Analysis(
        sha256=document.sha256,
        name=document.path,
        format=document.format,
        pages=document.pages,
        text=document.text,
        warnings=tuple(document.warnings),
        reports=tuple(reports),
    )


def sha256_of(data: bytes) -> str:
    """SHA-256 (hex) of the bytes."""
    return hashlib.sha256(data).hexdigest()


def sample_bytes() -> bytes | None:
    """The sample document's bytes, if it is present."""
    for p in SAMPLE_CANDIDATES:
        if p.is_file():
            return p.read_bytes()
    return None


def save_analysis(analysis: Analysis, content: bytes | None) -> None:
    """Save a document and its reports, and remember the parsed reports in the session."""
    get_store().save_analysis(
        sha256=analysis.sha256,
        name=analysis.name,
        format=analysis.format,
        text=analysis.text,
        pages=analysis.pages,
        reports=analysis.reports,
        content=content,
    )
    cache = st.session_state.setdefault(K_REPORTS, {})
    for rep in analysis.reports:
        cache[(analysis.sha256, rep.ruleset.id)] = rep


def analyze_and_save(data: bytes, name: str, ruleset_ids: list[str]) -> Analysis:
    """Analyse uploaded bytes and save the result (nothing is saved when reading fails).

    Raises:
        KiteiError: the file cannot be read.
    """
    analysis = analyze_bytes(data, name, tuple(ruleset_ids), analyzer_mode())
    save_analysis(analysis, data)
    return analysis


def save_failed(exc: Exception) -> str:
    """The message shown when saving to the database failed (nothing saved before is lost)."""
    return (
        "分析結果を保存できませんでした（保存済みの内容は変更されていません）。"
        f" / The analysis could not be saved (nothing saved before was changed): {type(exc).__name__}"
    )


def open_document(sha256: str, ruleset_ids: list[str]) -> None:
    """Make a saved document the current one, with these rulesets."""
    st.session_state[K_DOC] = sha256
    st.session_state[K_RULESETS] = list(ruleset_ids)
    sync_query_params()


def sync_query_params() -> None:
    """Put the current document and rulesets in the URL, so that a reload reopens them."""
    sha = st.session_state.get(K_DOC)
    if not sha:
        return
    rs = ",".join(st.session_state.get(K_RULESETS) or [])
    if st.query_params.get("doc") != sha:
        st.query_params["doc"] = sha
    if rs and st.query_params.get("rs") != rs:
        st.query_params["rs"] = rs


def restore_from_url() -> None:
    """Reopen the document named in the URL (after a reload), or preload the sample."""
    if st.session_state.get(K_DOC):
        return
    sha = st.query_params.get("doc")
    if sha and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha):
        doc = get_store().get_document(sha)
        if doc is not None:
            asked = [r for r in (st.query_params.get("rs") or "").split(",") if r]
            known = set(available_rulesets())
            rids = [r for r in asked if r in known] or [r for r in doc.ruleset_ids if r in known]
            open_document(sha, rids or default_rulesets())
            return
    want_sample = os.environ.get("KITEI_SAMPLE", "") not in ("", "0") or st.query_params.get("sample") == "1"
    if want_sample and not st.session_state.get(K_SAMPLE_DONE):
        st.session_state[K_SAMPLE_DONE] = True
        load_sample(default_rulesets())


def load_sample(ruleset_ids: list[str]) -> bool:
    """Analyse the sample document and make it current; False when it is missing."""
    data = sample_bytes()
    if data is None:
        st.session_state[K_ERROR] = "サンプル文書が見つかりません / The sample document is missing."
        return False
    analysis = analyze_and_save(data, SAMPLE_NAME, ruleset_ids)
    open_document(analysis.sha256, ruleset_ids)
    return True


def default_rulesets() -> list[str]:
    """The rulesets selected by default (the ISP ruleset when present)."""
    ids = available_rulesets()
    if DEFAULT_RULESET in ids:
        return [DEFAULT_RULESET]
    return ids[:1]


@dataclass
class Current:
    """The document on screen: its saved text, its reports and the reviewer's decisions."""

    document: StoredDocument
    reports: dict[str, Report]
    decisions: dict[str, dict[str, Decision]] = field(default_factory=dict)

    @property
    def ruleset_ids(self) -> list[str]:
        """Rulesets with a report, in the selected order."""
        return list(self.reports)


def load_reports(sha: str, ruleset_ids: list[str]) -> dict[str, Report]:
    """Reports of a saved document; rulesets not analysed yet are analysed from the saved bytes.

    A report made with another version of its ruleset is analysed again too (reviewer
    decisions are keyed by topic id, so they carry over).

    Raises:
        KiteiError: the saved bytes cannot be read any more (should not happen).
    """
    cache: dict[tuple[str, str], Report] = st.session_state.setdefault(K_REPORTS, {})
    missing = [r for r in ruleset_ids if (sha, r) not in cache]
    if missing:
        for rid, rep in get_store().load_reports(sha, missing).items():
            current_rs = ruleset(rid)
            if current_rs is not None and current_rs.version != rep.ruleset.version:
                continue  # analysed with an older ruleset: analyse again (decisions are kept)
            cache[(sha, rid)] = rep
        missing = [r for r in ruleset_ids if (sha, r) not in cache]
    if missing:
        doc = get_store().get_document(sha, with_content=True)
        if doc is not None and doc.content:
            analyze_and_save(doc.content, doc.name, missing)
    return {r: cache[(sha, r)] for r in ruleset_ids if (sha, r) in cache}


def current() -> Current | None:
    """The current document with its reports and decisions (decisions read fresh from the store)."""
    sha = st.session_state.get(K_DOC)
    if not sha:
        return None
    store = get_store()
    doc = store.get_document(sha)
    if doc is None:
        return None
    rids = st.session_state.get(K_RULESETS) or list(doc.ruleset_ids) or default_rulesets()
    reports = load_reports(sha, rids)
    decisions = {rid: store.load_decisions(sha, rid) for rid in reports}
    return Current(document=doc, reports=reports, decisions=decisions)
