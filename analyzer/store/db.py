"""Persistence of documents, analyses and reviewer decisions (SQLAlchemy Core).

SQLite by default (``KITEI_DB``, default ``~/.kitei/kitei.db``); any SQLAlchemy URL
(PostgreSQL, …) through ``KITEI_DB_URL``. Everything is keyed by the document's SHA-256
(and the ruleset id), so uploading the same file again reopens its analyses and the
reviewer's past decisions.

Every public operation runs in one transaction on its own connection: a failure in the
middle of a save rolls the whole save back and leaves what was saved before untouched.
For SQLite the pool is disabled (one connection per operation, so connections never
cross Streamlit's session threads), the journal is in WAL mode (readers don't block the
writer), and transactions are started explicitly, as SQLAlchemy recommends for the
``sqlite3`` driver: ``BEGIN IMMEDIATE`` for writes (concurrent writers queue on the busy
timeout instead of failing), ``BEGIN`` for reads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.pool import NullPool

from analyzer.report.model import Report
from analyzer.rules.schema import Status
from analyzer.store.decisions import Decision

#: Environment variable holding a full SQLAlchemy URL (wins over :data:`ENV_DB_PATH`).
ENV_DB_URL = "KITEI_DB_URL"
#: Environment variable holding the path of the SQLite file.
ENV_DB_PATH = "KITEI_DB"
DEFAULT_DB_PATH = Path("~/.kitei/kitei.db")

_WRITE = "kitei_write"  # execution option: this transaction writes

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("name", String(300), nullable=False),  # display only: never used as a path
    Column("format", String(10), nullable=False),
    Column("pages", Integer, nullable=True),
    Column("text", Text, nullable=False),  # Document.text: evidence offsets point into it
    Column("content", LargeBinary, nullable=True),  # the submitted bytes, to re-analyse
    Column("created_at", DateTime(timezone=True), nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), ForeignKey("documents.sha256"), nullable=False),
    Column("ruleset_id", String(100), nullable=False),
    Column("ruleset_version", String(50), nullable=False),
    Column("analyzer_version", String(50), nullable=False),
    Column("report_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("sha256", "ruleset_id", name="uq_analysis_doc_ruleset"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("ruleset_id", String(100), nullable=False),
    Column("topic_id", String(200), nullable=False),
    Column("status", String(20), nullable=True),
    Column("comment", Text, nullable=False, default=""),
    Column("reviewer", String(200), nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("sha256", "ruleset_id", "topic_id", name="uq_decision_topic"),
)


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The database URL from the environment.

    Args:
        environ: the environment (default ``os.environ``).

    Returns:
        ``KITEI_DB_URL`` when set, else a SQLite URL for ``KITEI_DB`` (default
        ``~/.kitei/kitei.db``).
    """
    env = os.environ if environ is None else environ
    url = env.get(ENV_DB_URL, "").strip()
    if url:
        return url
    path = Path(env.get(ENV_DB_PATH, "").strip() or DEFAULT_DB_PATH).expanduser()
    return URL.create("sqlite", database=str(path)).render_as_string()


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below rule
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA busy_timeout = 10000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock up front: a deferred transaction that reads first
        # could not upgrade once another writer has committed (SQLITE_BUSY_SNAPSHOT).
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str | URL | None = None, **kwargs: Any) -> Engine:
    """Create the engine for ``url`` (default: :func:`database_url`).

    SQLite gets no connection pool (one connection per operation), WAL mode, a busy
    timeout and explicit transactions; its parent folder is created. Other URLs are
    passed to :func:`sqlalchemy.create_engine` with ``pool_pre_ping``.

    Args:
        url: a SQLAlchemy URL, e.g. ``sqlite:///path.db`` or
            ``postgresql+psycopg://user:pw@host/kitei``.
        **kwargs: extra arguments for :func:`sqlalchemy.create_engine` (e.g. ``module``
            to supply a DB-API module).

    Returns:
        The engine (nothing is connected yet).
    """
    u = make_url(url or database_url())
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:" and not u.database.startswith("file:"):
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, poolclass=NullPool, **kwargs)
        _sqlite_setup(engine)
        return engine
    return create_engine(u, pool_pre_ping=True, **kwargs)


@dataclass(frozen=True)
class StoredDocument:
    """A document as saved: what the dashboard needs to show it again."""

    sha256: str
    name: str
    format: str
    pages: int | None
    text: str
    created_at: datetime
    content: bytes | None = None
    ruleset_ids: tuple[str, ...] = ()


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Documents, analyses and reviewer decisions in one database."""

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        """One connection and one transaction; rolled back on any error."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: write})
            with conn.begin():
                yield conn

    def __init__(self, engine: Engine | str | None = None) -> None:
        """Open (and create if needed) the database.

        Args:
            engine: an engine, a URL, or ``None`` for :func:`database_url`.
        """
        self.engine = engine if isinstance(engine, Engine) else make_engine(engine)
        metadata.create_all(self.engine)

    # --- documents and analyses ---------------------------------------------------

    def save_analysis(
        self,
        *,
        sha256: str,
        name: str,
        format: str,
        text: str,
        reports: Iterable[Report],
        pages: int | None = None,
        content: bytes | None = None,
    ) -> None:
        """Save a document and its reports in one transaction (replacing older reports).

        Args:
            sha256: the document's SHA-256 (hex).
            name: the file name as uploaded (display only).
            format: ``txt``, ``md``, ``docx`` or ``pdf``.
            text: :attr:`analyzer.document.Document.text`.
            reports: one report per ruleset.
            pages: page count (PDF).
            content: the submitted bytes (kept to re-analyse with other rulesets).
        """
        now = _now()
        with self._transaction(write=True) as conn:
            exists = conn.execute(select(documents.c.sha256).where(documents.c.sha256 == sha256)).first()
            if exists is None:
                conn.execute(
                    insert(documents).values(
                        sha256=sha256,
                        name=name[:300],
                        format=format,
                        pages=pages,
                        text=text,
                        content=content,
                        created_at=now,
                    )
                )
            elif content is not None:
                conn.execute(
                    update(documents)
                    .where(documents.c.sha256 == sha256, documents.c.content.is_(None))
                    .values(content=content)
                )
            for rep in reports:
                if rep.document.sha256 != sha256:
                    raise ValueError(f"report of {rep.document.sha256[:12]} saved under {sha256[:12]}")
                conn.execute(
                    delete(analyses).where(
                        analyses.c.sha256 == sha256, analyses.c.ruleset_id == rep.ruleset.id
                    )
                )
                conn.execute(
                    insert(analyses).values(
                        sha256=sha256,
                        ruleset_id=rep.ruleset.id,
                        ruleset_version=rep.ruleset.version,
                        analyzer_version=rep.analyzer_version,
                        report_json=rep.model_dump_json(),
                        created_at=now,
                    )
                )

    def get_document(self, sha256: str, *, with_content: bool = False) -> StoredDocument | None:
        """The saved document with this SHA-256, or ``None``."""
        cols = [c for c in documents.c if with_content or c.name != "content"]
        with self._transaction(write=False) as conn:
            row = conn.execute(select(*cols).where(documents.c.sha256 == sha256)).mappings().first()
            if row is None:
                return None
            rids = conn.execute(
                select(analyses.c.ruleset_id)
                .where(analyses.c.sha256 == sha256)
                .order_by(analyses.c.ruleset_id)
            ).scalars()
            return StoredDocument(
                sha256=row["sha256"],
                name=row["name"],
                format=row["format"],
                pages=row["pages"],
                text=row["text"],
                created_at=row["created_at"],
                content=row.get("content"),
                ruleset_ids=tuple(rids),
            )

    def list_documents(self, limit: int = 50) -> list[StoredDocument]:
        """The most recently saved documents (without their bytes), newest first."""
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                select(
                    documents.c.sha256,
                    documents.c.name,
                    documents.c.format,
                    documents.c.pages,
                    documents.c.created_at,
                )
                .order_by(documents.c.created_at.desc())
                .limit(limit)
            ).all()
            rids: dict[str, list[str]] = {}
            for sha, rid in conn.execute(select(analyses.c.sha256, analyses.c.ruleset_id)).all():
                rids.setdefault(sha, []).append(rid)
        return [
            StoredDocument(
                sha256=r.sha256,
                name=r.name,
                format=r.format,
                pages=r.pages,
                text="",
                created_at=r.created_at,
                ruleset_ids=tuple(sorted(rids.get(r.sha256, []))),
            )
            for r in rows
        ]

    def load_reports(self, sha256: str, ruleset_ids: Iterable[str] | None = None) -> dict[str, Report]:
        """The saved reports of a document, by ruleset id (only those asked for, if given)."""
        q = select(analyses.c.ruleset_id, analyses.c.report_json).where(analyses.c.sha256 == sha256)
        if ruleset_ids is not None:
            q = q.where(analyses.c.ruleset_id.in_(list(ruleset_ids)))
        with self._transaction(write=False) as conn:
            rows = conn.execute(q).all()
        return {rid: Report.model_validate_json(js) for rid, js in rows}

    # --- decisions ----------------------------------------------------------------

    def save_decisions(self, sha256: str, ruleset_id: str, items: Iterable[Decision]) -> list[Decision]:
        """Save several decisions in one transaction: all of them, or none.

        A decision with neither a status nor a comment deletes the saved one.

        Args:
            sha256: the document.
            ruleset_id: the ruleset the topics belong to.
            items: the decisions.

        Returns:
            The decisions as saved (with ``updated_at``).
        """
        now = _now()
        saved: list[Decision] = []
        with self._transaction(write=True) as conn:
            for d in items:
                key = (
                    decisions.c.sha256 == sha256,
                    decisions.c.ruleset_id == ruleset_id,
                    decisions.c.topic_id == d.topic_id,
                )
                if d.is_empty:
                    conn.execute(delete(decisions).where(*key))
                    continue
                values = {
                    "status": d.status.value if d.status else None,
                    "comment": d.comment,
                    "reviewer": d.reviewer,
                    "updated_at": now,
                }
                done = conn.execute(update(decisions).where(*key).values(**values))
                if done.rowcount == 0:
                    conn.execute(
                        insert(decisions).values(
                            sha256=sha256, ruleset_id=ruleset_id, topic_id=d.topic_id, **values
                        )
                    )
                saved.append(d.model_copy(update={"updated_at": now}))
        return saved

    def save_decision(self, sha256: str, ruleset_id: str, decision: Decision) -> Decision | None:
        """Save one decision (see :meth:`save_decisions`); ``None`` when it was cleared."""
        saved = self.save_decisions(sha256, ruleset_id, [decision])
        return saved[0] if saved else None

    def load_decisions(self, sha256: str, ruleset_id: str) -> dict[str, Decision]:
        """The saved decisions of a document and ruleset, by topic id."""
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                select(decisions).where(decisions.c.sha256 == sha256, decisions.c.ruleset_id == ruleset_id)
            ).mappings()
            return {
                r["topic_id"]: Decision(
                    topic_id=r["topic_id"],
                    status=Status(r["status"]) if r["status"] else None,
                    comment=r["comment"] or "",
                    reviewer=r["reviewer"] or "",
                    updated_at=r["updated_at"],
                )
                for r in rows
            }
