"""Batch analysis: many files on all cores, one report per document and a summary CSV.

``kitei check a.txt b.docx dir/`` collects the inputs (directories are searched
recursively for ``*.txt *.md *.docx *.pdf``), analyses them in a
:class:`~concurrent.futures.ProcessPoolExecutor` whose workers each build their analyser
once (lazily, so a batch answered from the cache never loads a dictionary), and reports
progress on stderr. A file that cannot be read is reported with its coded message and
skipped; the others go on. A worker that dies (a crash in a native library, the
out-of-memory killer) fails only the document it was working on: the unfinished ones
are retried one by one in fresh workers.

Exit code of a batch: 2 if any file failed, else 1 if any mandatory topic is missing,
else 0.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TextIO

from analyzer.errors import ErrorCode, KiteiError
from analyzer.report.model import Report

#: File types searched for in directories.
SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
#: Report file extension per ``--format``.
REPORT_EXTENSIONS = {"table": ".txt", "json": ".json", "markdown": ".md", "xlsx": ".xlsx"}
#: Name of the summary written into the output folder.
SUMMARY_FILE = "summary.csv"
#: Code of an unexpected failure (a bug, or a worker that died), which has no ErrorCode.
INTERNAL_ERROR = "INTERNAL"
SUMMARY_COLUMNS = [
    "path",
    "ruleset",
    "status",
    "covered",
    "partial",
    "missing",
    "not_applicable",
    "external",
    "mandatory_gaps",
    "mandatory_gap_ids",
    "error_code",
    "error",
    "report",
]
EXIT_OK, EXIT_GAPS, EXIT_ERROR = 0, 1, 2


@dataclass
class BatchInput:
    """One file of a batch.

    Attributes:
        path: the file to read.
        name: display name (relative to the directory it was found in).
    """

    path: Path
    name: str


@dataclass
class DocumentOutcome:
    """The result of one file: its reports, or the coded error that stopped it."""

    path: str
    reports: list[Report] = field(default_factory=list)
    error_code: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the document was analysed."""
        return self.error_code is None

    @property
    def mandatory_gaps(self) -> int:
        """Number of mandatory topics missing, over every ruleset."""
        return sum(len(r.summary.mandatory_gaps) for r in self.reports)


def collect_inputs(paths: Sequence[str | os.PathLike[str]], exclude: Path | None = None) -> list[BatchInput]:
    """Expand files and directories into the list of files to analyse.

    Directories are walked recursively (symbolic links to directories are not followed;
    hidden files and folders are skipped) for the :data:`SUPPORTED_SUFFIXES`. Files named
    explicitly are kept whatever their type, so that ingest reports an unsupported or
    missing file with its code. Duplicates are removed, order is kept.

    Args:
        paths: files and directories as given on the command line.
        exclude: a folder whose contents are never collected (the output folder).

    Returns:
        The inputs, directory contents sorted by relative path.
    """
    out: list[BatchInput] = []
    seen: set[str] = set()
    excluded = exclude.resolve() if exclude is not None else None

    def add(path: Path, name: str) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        if excluded is not None and Path(key).is_relative_to(excluded):
            return
        seen.add(key)
        out.append(BatchInput(path, name))

    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            add(p, str(p))
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in files:
                if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(Path(root) / f)
        for f in sorted(found, key=lambda q: q.relative_to(p).as_posix()):
            add(f, str(f))
    return out


# --- worker side --------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _init_worker(ruleset_ids: list[str], mode: str, cache_dir: str | None) -> None:
    """Pool initialiser: remember the job; the analyser is built on the first cache miss."""
    from analyzer.cache import ResultCache

    _WORKER.update(
        ruleset_ids=ruleset_ids, mode=mode, cache=ResultCache(cache_dir) if cache_dir is not None else None
    )


def analyze_one(
    path: str, ruleset_ids: list[str], mode: str = "default", cache: object = None
) -> DocumentOutcome:
    """Analyse one file; never raises (errors become a coded outcome).

    Args:
        path: the file.
        ruleset_ids: rulesets, in order.
        mode: analyser mode (``default`` or ``rules``).
        cache: a :class:`~analyzer.cache.ResultCache`, or ``None``.

    Returns:
        The reports, or the error code and its message.
    """
    from analyzer.pipeline import analyze_path

    t0 = time.perf_counter()
    try:
        reports = analyze_path(path, ruleset_ids, cache=cache, mode=mode)  # type: ignore[arg-type]
    except KiteiError as exc:
        return DocumentOutcome(
            path, error_code=exc.code.name, error=exc.message, seconds=time.perf_counter() - t0
        )
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - reported, never a traceback
        detail = f"{type(exc).__name__}: {exc}"[:300]
        return DocumentOutcome(
            path,
            error_code=INTERNAL_ERROR,
            error=f"[{INTERNAL_ERROR}] 内部エラー / internal error: {detail}",
            seconds=time.perf_counter() - t0,
        )
    return DocumentOutcome(path, reports=reports, seconds=time.perf_counter() - t0)


def _work(path: str) -> DocumentOutcome:
    return analyze_one(path, _WORKER["ruleset_ids"], _WORKER["mode"], _WORKER["cache"])  # type: ignore[arg-type]


def _died(path: str) -> DocumentOutcome:
    return DocumentOutcome(
        path,
        error_code=INTERNAL_ERROR,
        error=f"[{INTERNAL_ERROR}] 解析プロセスが異常終了しました（メモリ不足の可能性） / "
        "the worker process died (out of memory?)",
    )


def run_batch(
    inputs: Sequence[BatchInput],
    ruleset_ids: list[str],
    mode: str = "default",
    jobs: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    on_result: Callable[[int, DocumentOutcome], None] | None = None,
) -> list[DocumentOutcome]:
    """Analyse every input, in parallel when several are not cached.

    Cached documents are answered first, in this process (hashing a file is cheap). The
    others go to a pool of ``jobs`` worker processes. Where processes are forked (Linux),
    this process builds the analyser (and loads GiNZA when a ruleset needs dependency
    parses) *before* starting the pool, so that every worker inherits it instead of
    loading its own copy (~3 s and ~400 MB each); elsewhere each worker builds its
    analyser once, on its first document.

    Args:
        inputs: the files (see :func:`collect_inputs`).
        ruleset_ids: rulesets, in order.
        mode: analyser mode (``default`` or ``rules``).
        jobs: worker processes (default: the number of CPUs, at most one per file to
            analyse); ``1`` analyses in this process.
        cache_dir: result cache folder, or ``None`` for no cache.
        on_result: called with ``(index, outcome)`` as each file finishes.

    Returns:
        One outcome per input, in input order.
    """
    from analyzer.cache import ResultCache

    n = len(inputs)
    results: list[DocumentOutcome | None] = [None] * n
    cache_arg = os.fspath(cache_dir) if cache_dir is not None else None
    cache = ResultCache(cache_arg) if cache_arg is not None else None

    def done(i: int, outcome: DocumentOutcome) -> None:
        outcome.path = inputs[i].name
        results[i] = outcome
        if on_result:
            on_result(i, outcome)

    todo: list[int] = []
    for i, item in enumerate(inputs):
        hit = _cached(item.path, ruleset_ids, mode, cache) if cache is not None else None
        if hit is not None:
            done(i, hit)
        else:
            todo.append(i)

    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for i in todo:
            done(i, analyze_one(str(inputs[i].path), ruleset_ids, mode, cache))
        return [r for r in results if r is not None]

    context = _fork_context()
    if context is not None:
        warm_up(ruleset_ids, mode)
    # Largest files first, so that one big document does not finish last on its own.
    order = sorted(todo, key=lambda i: -_size(inputs[i].path))
    unfinished = _run_pool(order, inputs, ruleset_ids, mode, cache_arg, workers, done, context)
    for i in unfinished:  # the pool broke: retry alone, so that only the culprit fails
        left = _run_pool([i], inputs, ruleset_ids, mode, cache_arg, 1, done, context)
        for j in left:
            done(j, _died(str(inputs[j].path)))
    return [r for r in results if r is not None]


def _cached(path: Path, ruleset_ids: list[str], mode: str, cache: object) -> DocumentOutcome | None:
    from analyzer.pipeline import cached_path_reports

    t0 = time.perf_counter()
    try:
        reports = cached_path_reports(path, ruleset_ids, cache, mode=mode)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a lookup problem is a miss; analysis reports the error
        return None
    if reports is None:
        return None
    return DocumentOutcome(str(path), reports=reports, seconds=time.perf_counter() - t0)


def _fork_context() -> BaseContext | None:
    """The ``fork`` start method where available (workers then inherit loaded models)."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def warm_up(ruleset_ids: list[str], mode: str = "default") -> None:
    """Build the analyser for ``mode`` now, with GiNZA loaded if a ruleset's checks read parses.

    Called before forking workers, so that they share one copy of the dictionaries and
    models (copy-on-write) instead of each loading its own.
    """
    from analyzer.nlp.engine import NlpArtifacts
    from analyzer.pipeline import get_analyzer
    from analyzer.rules.loader import load_ruleset
    from analyzer.rules.schema import OwnObligationCheck

    analyzer = get_analyzer(mode)
    # Mirrors RuleScorer.score: dependency parses are requested for own_obligation checks only.
    needs_parse = any(
        isinstance(check, OwnObligationCheck)
        for rid in ruleset_ids
        for _, topic in load_ruleset(rid).topics
        if topic.match is not None
        for check in topic.match.checks
    )
    if needs_parse and analyzer.nlp.can_parse:
        analyzer.nlp.parse([NlpArtifacts(text="本規程を定める。", tokens=[])])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _run_pool(
    order: list[int],
    inputs: Sequence[BatchInput],
    ruleset_ids: list[str],
    mode: str,
    cache_dir: str | None,
    workers: int,
    done: Callable[[int, DocumentOutcome], None],
    context: BaseContext | None = None,
) -> list[int]:
    """Run ``order`` in a pool; return the indices left unfinished because the pool broke."""
    from concurrent.futures import as_completed

    unfinished: list[int] = []
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(ruleset_ids, mode, cache_dir),
    )
    try:
        futures: dict[Future[DocumentOutcome], int] = {
            pool.submit(_work, str(inputs[i].path)): i for i in order
        }
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                done(i, fut.result())
            except BrokenProcessPool:
                unfinished.append(i)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return sorted(unfinished)


# --- outputs ------------------------------------------------------------------------


def render_reports(reports: list[Report], fmt: str) -> str | bytes:
    """Render reports as ``table``, ``json``, ``markdown`` (text) or ``xlsx`` (bytes)."""
    from analyzer.report import render

    if fmt == "json":
        return render.to_json(reports) + "\n"
    if fmt == "markdown":
        return render.to_markdown(reports)
    if fmt == "xlsx":
        from analyzer.report.excel import to_xlsx

        return to_xlsx(reports)
    return render.to_table(reports)


def report_names(outcomes: Sequence[DocumentOutcome], fmt: str) -> list[str]:
    """A unique report file name per document (``policy.txt`` → ``policy.txt.json``)."""
    ext = REPORT_EXTENSIONS[fmt]
    used: set[str] = set()
    names: list[str] = []
    for o in outcomes:
        base = Path(o.path).name or "document"
        base = "".join(c if c.isprintable() and c not in '<>:"/\\|?*' else "_" for c in base)
        name, k = f"{base}{ext}", 2
        while name.lower() in used:
            name, k = f"{base}-{k}{ext}", k + 1
        used.add(name.lower())
        names.append(name)
    return names


def summary_rows(
    outcomes: Sequence[DocumentOutcome], names: Sequence[str] | None = None
) -> list[dict[str, object]]:
    """Rows of the summary CSV: one per (document, ruleset); one per failed document."""
    rows: list[dict[str, object]] = []
    for k, o in enumerate(outcomes):
        report_file = names[k] if names is not None and o.ok else ""
        if not o.ok:
            rows.append(
                {c: "" for c in SUMMARY_COLUMNS}
                | {"path": o.path, "status": "error", "error_code": o.error_code, "error": o.error}
            )
            continue
        for r in o.reports:
            c = r.summary.counts
            rows.append(
                {
                    "path": o.path,
                    "ruleset": r.ruleset.id,
                    "status": "gaps" if r.summary.mandatory_gaps else "ok",
                    "covered": c.get("covered", 0),
                    "partial": c.get("partial", 0),
                    "missing": c.get("missing", 0),
                    "not_applicable": c.get("not_applicable", 0),
                    "external": c.get("external", 0),
                    "mandatory_gaps": len(r.summary.mandatory_gaps),
                    "mandatory_gap_ids": ";".join(r.summary.mandatory_gaps),
                    "error_code": "",
                    "error": "",
                    "report": report_file,
                }
            )
    return rows


def summary_csv(outcomes: Sequence[DocumentOutcome], names: Sequence[str] | None = None) -> str:
    """The summary as CSV text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(summary_rows(outcomes, names))
    return buf.getvalue()


def write_outputs(outcomes: Sequence[DocumentOutcome], output_dir: Path, fmt: str) -> Path:
    """Write one report per analysed document and ``summary.csv`` into ``output_dir``.

    Returns:
        The path of the summary CSV.

    Raises:
        KiteiError: E301 when the folder or a file cannot be written.
    """
    names = report_names(outcomes, fmt)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for o, name in zip(outcomes, names, strict=True):
            if not o.ok:
                continue
            data = render_reports(o.reports, fmt)
            target = output_dir / name
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        summary = output_dir / SUMMARY_FILE
        # utf-8-sig: Excel opens a Japanese CSV correctly only with the BOM.
        summary.write_text(summary_csv(outcomes, names), encoding="utf-8-sig")
    except OSError as exc:
        raise KiteiError(ErrorCode.E301, path=getattr(exc, "filename", None) or str(output_dir)) from None
    return summary


def exit_code(outcomes: Sequence[DocumentOutcome]) -> int:
    """2 if any file failed, else 1 if any mandatory topic is missing, else 0."""
    if any(not o.ok for o in outcomes):
        return EXIT_ERROR
    if any(o.mandatory_gaps for o in outcomes):
        return EXIT_GAPS
    return EXIT_OK


# --- progress -----------------------------------------------------------------------


class ProgressBar:
    """A one-line progress bar on a terminal; one line per file otherwise (logs, CI)."""

    def __init__(
        self, total: int, stream: TextIO | None = None, enabled: bool = True, width: int = 24
    ) -> None:
        """Show progress over ``total`` files on ``stream`` (default stderr)."""
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.width = width
        self.done = 0
        self.t0 = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def _bar(self, label: str) -> str:
        filled = int(self.width * self.done / max(1, self.total))
        return f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {label[-40:]:<40}"

    def start(self) -> None:
        """Draw the empty bar."""
        if self.enabled and self.tty:
            print(self._bar(""), end="", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        """Print a line (an error) without breaking the bar."""
        if self.tty and self.enabled:
            print("\r" + " " * (self.width + 60) + "\r" + text, file=self.stream)
            print(self._bar(""), end="", file=self.stream, flush=True)
        else:
            print(text, file=self.stream, flush=True)

    def update(self, outcome: DocumentOutcome) -> None:
        """Count one finished file."""
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            print(self._bar(Path(outcome.path).name), end="", file=self.stream, flush=True)
        else:
            state = "ok" if outcome.ok else outcome.error_code
            print(
                f"[{self.done}/{self.total}] {outcome.path}: {state} ({outcome.seconds:.1f} s)",
                file=self.stream,
                flush=True,
            )

    def finish(self) -> None:
        """End the bar's line and print the elapsed time."""
        if self.enabled:
            if self.tty:
                print(file=self.stream)
            print(
                f"{self.done} 件 / files in {time.perf_counter() - self.t0:.1f} s",
                file=self.stream,
                flush=True,
            )


def check_batch(
    paths: Sequence[str],
    ruleset_ids: list[str],
    fmt: str = "table",
    output: str | None = None,
    mode: str = "default",
    jobs: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    quiet: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """The ``kitei check`` command for several files or a directory.

    Args:
        paths: files and directories.
        ruleset_ids: rulesets, in order (already validated).
        fmt: report format (``table``, ``json``, ``markdown``, ``xlsx``).
        output: folder for the reports and ``summary.csv``; ``None`` prints the reports
            on stdout (not for ``xlsx``).
        mode: analyser mode.
        jobs: worker processes (default: all CPUs).
        cache_dir: result cache folder, or ``None`` for no cache.
        quiet: no progress on stderr (errors are still printed).
        stdout: stream for the reports (default ``sys.stdout``).
        stderr: stream for progress and errors (default ``sys.stderr``).

    Returns:
        The exit code (see :func:`exit_code`).

    Raises:
        KiteiError: E302 for bad arguments, E301 when the output cannot be written.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if fmt == "xlsx" and not output:
        raise KiteiError(
            ErrorCode.E302, detail="--format xlsx には --output が必要です / --format xlsx needs --output"
        )
    output_dir = Path(output) if output else None
    if output_dir is not None and output_dir.exists() and not output_dir.is_dir():
        raise KiteiError(
            ErrorCode.E302,
            detail=f"複数ファイルの出力先はフォルダです: {output} / with several files, --output must be a folder",
        )
    inputs = collect_inputs(paths, exclude=output_dir)
    if not inputs:
        raise KiteiError(
            ErrorCode.E302,
            detail=f"分析するファイルがありません / no {'/'.join(SUPPORTED_SUFFIXES)} files found",
        )
    bar = ProgressBar(len(inputs), stream=err, enabled=not quiet)
    bar.start()

    def on_result(_: int, outcome: DocumentOutcome) -> None:
        if not outcome.ok:
            bar.message(f"{outcome.path}: {outcome.error}")
        bar.update(outcome)

    outcomes = run_batch(inputs, ruleset_ids, mode=mode, jobs=jobs, cache_dir=cache_dir, on_result=on_result)
    bar.finish()
    if output_dir is not None:
        summary = write_outputs(outcomes, output_dir, fmt)
        if not quiet:
            print(f"レポート / reports: {output_dir}  一覧 / summary: {summary}", file=err)
    else:
        analysed = [o for o in outcomes if o.ok]
        if fmt == "json":
            out.write(render_reports([r for o in analysed for r in o.reports], "json"))  # type: ignore[arg-type]
        else:
            for o in analysed:
                out.write(render_reports(o.reports, fmt))  # type: ignore[arg-type]
    failed = sum(1 for o in outcomes if not o.ok)
    if failed:
        print(f"{failed} 件のファイルを処理できませんでした / {failed} file(s) failed", file=err)
    return exit_code(outcomes)
