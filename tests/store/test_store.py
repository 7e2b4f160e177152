import sqlite3
import threading
import types
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateTable

from analyzer.rules.schema import Status
from analyzer.store import Decision, Store, database_url, make_engine
from analyzer.store.db import metadata
from tests.report.factories import ALL_GOOD, SHA_A, SHA_B, TEXT, make_report, make_ruleset

RID = make_ruleset().id
C, P, M = Status.COVERED, Status.PARTIAL, Status.MISSING


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'sub' / 'kitei.db'}"


@pytest.fixture
def store(db_url):
    return Store(db_url)


def save_doc(store, sha=SHA_A, statuses=ALL_GOOD):
    store.save_analysis(
        sha256=sha,
        name="../../etc/規程.txt",
        format="txt",
        text=TEXT,
        reports=[make_report(statuses, sha)],
        content=b"raw bytes",
    )


def fail_on(engine, needle):
    """Make the next statement whose parameters mention ``needle`` fail (a crash mid-save)."""

    @event.listens_for(engine, "before_cursor_execute")
    def boom(conn, cursor, statement, parameters, context, executemany):
        if needle in repr(parameters):
            raise OperationalError(statement, parameters, RuntimeError("injected failure"))

    return boom


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"KITEI_DB_URL": "postgresql+psycopg://k:pw@db:5432/kitei"},
            "postgresql+psycopg://k:pw@db:5432/kitei",
        ),
        ({"KITEI_DB_URL": "sqlite:///x.db", "KITEI_DB": "/tmp/y.db"}, "sqlite:///x.db"),
        ({"KITEI_DB": "/tmp/y.db"}, "sqlite:////tmp/y.db"),
        ({"KITEI_DB": "  "}, f"sqlite:///{Path('~/.kitei/kitei.db').expanduser()}"),
        ({}, f"sqlite:///{Path('~/.kitei/kitei.db').expanduser()}"),
    ],
)
def test_database_url_from_environment(env, expected):
    assert database_url(env) == expected


def test_sqlite_engine_wal_no_pool_and_folder_created(db_url, tmp_path):
    engine = make_engine(db_url)
    assert isinstance(engine.pool, NullPool)  # one connection per operation
    Store(engine)
    assert (tmp_path / "sub" / "kitei.db").is_file()
    mode = sqlite3.connect(tmp_path / "sub" / "kitei.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_postgresql_url_is_accepted_by_the_engine_factory():
    # no server and no driver needed: a stub DB-API module stands in for pg8000
    stub = types.ModuleType("pg8000")
    stub.paramstyle = "format"
    stub.__version__ = "1.31.2"
    engine = make_engine("postgresql+pg8000://kitei:secret@db.example:5432/kitei", module=stub)
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "pg8000")
    assert not isinstance(engine.pool, NullPool)
    ddl = [str(CreateTable(t).compile(dialect=engine.dialect)) for t in metadata.sorted_tables]
    assert any("BYTEA" in d for d in ddl) and any("TIMESTAMP WITH TIME ZONE" in d for d in ddl)


def test_analysis_round_trip_keyed_by_sha_and_ruleset(store):
    save_doc(store)
    doc = store.get_document(SHA_A, with_content=True)
    assert (doc.name, doc.text, doc.content, doc.ruleset_ids) == (
        "../../etc/規程.txt",
        TEXT,
        b"raw bytes",
        (RID,),
    )
    assert store.get_document(SHA_A).content is None  # bytes only when asked for
    reports = store.load_reports(SHA_A)
    assert list(reports) == [RID]
    assert reports[RID] == make_report(ALL_GOOD, SHA_A)
    assert store.load_reports(SHA_A, ["other"]) == {}
    assert store.get_document(SHA_B) is None


def test_saving_again_replaces_the_report_not_the_decisions(store):
    save_doc(store)
    store.save_decision(SHA_A, RID, Decision(topic_id="7-1-2", status=C))
    save_doc(store, statuses={**ALL_GOOD, "7-1-2": M})
    assert store.load_reports(SHA_A)[RID].topic("7-1-2").status is M
    assert store.load_decisions(SHA_A, RID)["7-1-2"].status is C
    assert [d.sha256 for d in store.list_documents()] == [SHA_A]


def test_reopening_shows_past_decisions(db_url):
    first = Store(db_url)
    save_doc(first)
    first.save_decisions(
        SHA_A,
        RID,
        [
            Decision(topic_id="7-1-2", status=C, comment="第5条で足りる", reviewer="佐藤"),
            Decision(topic_id="1-1-1.b", comment="要確認"),
        ],
    )
    reopened = Store(db_url)  # another process / session
    got = reopened.load_decisions(SHA_A, RID)
    assert set(got) == {"7-1-2", "1-1-1.b"}
    assert (got["7-1-2"].status, got["7-1-2"].comment, got["7-1-2"].reviewer) == (C, "第5条で足りる", "佐藤")
    assert got["1-1-1.b"].status is None and got["7-1-2"].updated_at is not None
    assert reopened.load_decisions(SHA_B, RID) == {} and reopened.load_decisions(SHA_A, "other") == {}


def test_empty_decision_clears_the_saved_one(store):
    store.save_decision(SHA_A, RID, Decision(topic_id="7-1-2", status=C))
    assert store.save_decision(SHA_A, RID, Decision(topic_id="7-1-2")) is None
    assert store.load_decisions(SHA_A, RID) == {}


def test_failure_mid_save_of_decisions_loses_nothing_saved(store):
    store.save_decisions(SHA_A, RID, [Decision(topic_id="7-1-2", status=C, comment="before")])
    fail_on(store.engine, "third")
    batch = [
        Decision(topic_id="7-1-2", status=M, comment="changed"),
        Decision(topic_id="1-1-1.a", comment="second"),
        Decision(topic_id="1-1-1.b", comment="third"),
    ]
    with pytest.raises(OperationalError, match="injected failure"):
        store.save_decisions(SHA_A, RID, batch)
    got = store.load_decisions(SHA_A, RID)
    assert set(got) == {"7-1-2"}  # the first two writes of the batch were rolled back
    assert (got["7-1-2"].status, got["7-1-2"].comment) == (C, "before")


def test_failure_mid_save_of_an_analysis_loses_nothing_saved(store):
    save_doc(store, SHA_A)
    store.save_decision(SHA_A, RID, Decision(topic_id="7-1-2", status=C))
    fail_on(store.engine, '"analyzer_version":"test"')  # the report's INSERT
    with pytest.raises(OperationalError):
        save_doc(store, SHA_B)  # the document row goes in first, then the report fails
    assert store.get_document(SHA_B) is None
    with pytest.raises(OperationalError):
        save_doc(store, SHA_A, {**ALL_GOOD, "7-1-2": M})  # the old report is deleted, then the insert fails
    assert store.load_reports(SHA_A)[RID].topic("7-1-2").status is C
    assert store.load_decisions(SHA_A, RID)["7-1-2"].status is C


def test_concurrent_sessions_each_use_their_own_connection(store):
    errors = []

    def worker(n):
        try:
            for i in range(8):
                save_doc(store, SHA_A if i % 2 else SHA_B)  # reads, then writes, in one transaction
                store.save_decision(SHA_A, RID, Decision(topic_id=f"t{n}-{i}", comment=str(i)))
                store.load_decisions(SHA_A, RID)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.load_decisions(SHA_A, RID)) == 32
    assert {d.sha256 for d in store.list_documents()} == {SHA_A, SHA_B}
