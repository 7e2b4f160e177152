"""On-disk cache of analysis results, so that re-opening a document is instant.

A result is stored per (document, ruleset, analyser) under a key made of:

* the SHA-256 of the document's raw bytes;
* the ruleset id and version and a hash of the ruleset file and ``lexicon.yaml``;
* the analyser version, a hash of every file of the ``analyzer`` package (source code
  and packaged artefacts such as the classifier model) and the analyser variant (the
  ``--mode``, or a description of an injected engine).

Any change to the document, the ruleset, the lexicon or the code therefore misses the
cache. Entries are JSON files under :func:`default_cache_dir` (``~/.cache/kitei``,
``$KITEI_CACHE_DIR`` overrides it), written atomically (temporary file + rename) so that
concurrent writers (batch workers, dashboard sessions) never leave a half-written entry.
A missing, unreadable, corrupt or mismatching entry is a miss, never an error; a cache
that cannot be written is silently skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from analyzer import __version__
from analyzer.report.model import Report

#: Bump when the layout of an entry changes.
CACHE_FORMAT = 1
#: Environment variable that moves the cache directory.
ENV_CACHE_DIR = "KITEI_CACHE_DIR"
#: Environment variable that bounds the cache size (megabytes); least recently used entries go first.
ENV_CACHE_MAX_MB = "KITEI_CACHE_MAX_MB"
DEFAULT_CACHE_MAX_MB = 512
PRUNE_EVERY = 16  # writes between two size checks (the first write always checks)
_PACKAGE_DIR = Path(__file__).resolve().parent
_LEXICON_FILE = "lexicon.yaml"


def _max_bytes_from_env() -> int:
    try:
        mb = float(os.environ.get(ENV_CACHE_MAX_MB, DEFAULT_CACHE_MAX_MB))
    except ValueError:
        mb = DEFAULT_CACHE_MAX_MB
    return int(max(mb, 0) * 1024 * 1024)


def default_cache_dir() -> Path:
    """The cache directory: ``$KITEI_CACHE_DIR``, else ``$XDG_CACHE_HOME/kitei``, else ``~/.cache/kitei``."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kitei"


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, read in chunks (no whole-file copy in memory)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.startswith(".")
        and p.suffix not in (".pyc", ".pyo")
    )
    for p in files:
        digest.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        try:
            with open(p, "rb") as f:
                digest.update(hashlib.file_digest(f, "sha256").digest())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """Hash of every file of the ``analyzer`` package (code and packaged models), once per process."""
    return _tree_digest(_PACKAGE_DIR)


_VERSION_RE = re.compile(rb"""^version:[ \t]*["']?([^"'\r\n#]*?)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def ruleset_fingerprint(ruleset_id: str, directory: Path | None = None) -> tuple[str, str]:
    """The declared version of ``<id>.yaml`` and a hash of that file and of the lexicon next to it.

    Read from the raw files, without parsing the YAML, so that a cache hit costs no ruleset
    load. The version is the top-level ``version:`` line ("" if there is none); the hash
    covers it anyway.
    """
    from analyzer.rules.loader import rulesets_dir

    d = directory or rulesets_dir()
    digest = hashlib.sha256()
    version = ""
    for name in (f"{ruleset_id}.yaml", _LEXICON_FILE):
        digest.update(name.encode("utf-8") + b"\0")
        try:
            raw = (d / name).read_bytes()
        except OSError:
            digest.update(b"<missing>")
            continue
        digest.update(hashlib.sha256(raw).digest())
        if name != _LEXICON_FILE:
            m = _VERSION_RE.search(raw)
            version = m.group(1).decode("utf-8", "replace").strip() if m else ""
    return version, digest.hexdigest()


def cache_key(
    document_sha256: str,
    ruleset_id: str,
    variant: str,
    ruleset_dir: Path | None = None,
) -> dict[str, object]:
    """The components that identify one cached result (stored in the entry and checked on read).

    Args:
        document_sha256: SHA-256 of the document's raw bytes.
        ruleset_id: the ruleset id.
        variant: the analyser variant (``mode=default``, ``mode=rules`` or a description).
        ruleset_dir: the ruleset folder (default: :func:`analyzer.rules.loader.rulesets_dir`).

    Returns:
        A JSON-serialisable mapping: document hash; ruleset id, version and file hash;
        analyser version, source hash and variant.
    """
    version, files = ruleset_fingerprint(ruleset_id, ruleset_dir)
    return {
        "format": CACHE_FORMAT,
        "document": document_sha256,
        "ruleset": {"id": ruleset_id, "version": version, "files": files},
        "analyzer": {"version": __version__, "source": source_fingerprint(), "variant": variant},
    }


def _digest(key: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(key, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def mode_variant(mode: str) -> str:
    """The analyser variant of the process-wide analyser for ``mode`` (see ``pipeline.get_analyzer``)."""
    return f"mode={mode}"


def document_digest(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of a regular file within the ingest size limit, else ``None``.

    ``None`` (missing, unreadable, too large, bad limits in the environment) makes the
    caller fall through to ingest, which reports the problem with its code.
    """
    from analyzer.ingest.limits import IngestLimits

    try:
        p = Path(path)
        if not p.is_file() or p.stat().st_size > IngestLimits.from_env().max_bytes:
            return None
        return file_sha256(p)
    except Exception:  # noqa: BLE001 - ingest raises the coded error
        return None


class ResultCache:
    """Analysis results on disk, one JSON file per (document, ruleset, analyser) key."""

    def __init__(self, directory: str | os.PathLike[str] | None = None, max_bytes: int | None = None) -> None:
        """Use ``directory`` (default :func:`default_cache_dir`), created on first write.

        ``max_bytes`` bounds the size on disk (default ``$KITEI_CACHE_MAX_MB``, else 512 MB):
        when a write finds it exceeded, the least recently used entries are deleted.
        """
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0
        self.max_bytes = max_bytes if max_bytes is not None else _max_bytes_from_env()
        self._writes = 0

    def _entry(self, digest: str) -> Path:
        return self.directory / f"v{CACHE_FORMAT}" / digest[:2] / f"{digest}.json"

    def get(self, key: dict[str, object]) -> Report | None:
        """The cached report for ``key``, or ``None`` (missing, corrupt or stale entries are misses)."""
        path = self._entry(_digest(key))
        try:
            data = json.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("key") != key:
                raise ValueError("key mismatch")
            report = Report.model_validate(data["report"])
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
            self.misses += 1
            return None
        self.hits += 1
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return report

    def get_all(
        self, document_sha256: str, ruleset_ids: list[str], variant: str, path: str | None = None
    ) -> list[Report] | None:
        """The cached reports of a document for every ruleset, or ``None`` if any is missing.

        Args:
            document_sha256: SHA-256 of the document's raw bytes.
            ruleset_ids: rulesets, in order.
            variant: the analyser variant (:func:`mode_variant` or ``pipeline.analyzer_variant``).
            path: when given, the reports' ``document.path`` is set to it (the same bytes
                may have been analysed under another name).

        Returns:
            One report per ruleset, or ``None``. No ruleset is parsed: a hit implies that
            the same ruleset files were loaded and validated when the entry was written.
        """
        reports: list[Report] = []
        for rid in ruleset_ids:
            report = self.get(cache_key(document_sha256, rid, variant))
            if report is None:
                return None
            if path is not None:
                report.document.path = path
            reports.append(report)
        return reports

    def get_file(
        self, path: str | os.PathLike[str], ruleset_ids: list[str], variant: str
    ) -> list[Report] | None:
        """The cached reports of a file, found by hashing its bytes (no ingest), or ``None``."""
        sha = document_digest(path)
        if sha is None:
            return None
        return self.get_all(sha, ruleset_ids, variant, path=os.fspath(path))

    def put(self, key: dict[str, object], report: Report) -> bool:
        """Store ``report`` under ``key`` atomically; return False when the cache cannot be written."""
        path = self._entry(_digest(key))
        payload = json.dumps(
            {"key": key, "report": report.model_dump(mode="json")}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            return False
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        if self._writes % PRUNE_EVERY == 0:
            self.prune()
        self._writes += 1
        return True

    def _entries(self) -> list[tuple[float, int, Path]]:
        root = self.directory / f"v{CACHE_FORMAT}"
        out = []
        for p in root.glob("*/*.json") if root.is_dir() else []:
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((st.st_mtime, st.st_size, p))
        return out

    def info(self) -> tuple[int, int]:
        """Number of entries and their total size in bytes."""
        entries = self._entries()
        return len(entries), sum(size for _, size, _ in entries)

    def prune(self, max_bytes: int | None = None) -> int:
        """Delete least recently used entries until the cache fits ``max_bytes``; return how many."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, p in entries:
            if total <= limit:
                break
            try:
                p.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        return removed

    def clear(self) -> int:
        """Delete every entry of this cache format; return how many were removed."""
        removed = 0
        root = self.directory / f"v{CACHE_FORMAT}"
        if not root.is_dir():
            return 0
        for p in root.glob("*/*.json"):
            try:
                p.unlink()
                removed += 1
            except OSError:
                pass
        return removed
