"""The result cache: round trip, invalidation by document / ruleset / lexicon / code, corrupt entries, atomic writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import analyzer.cache as cache_mod
from analyzer.cache import ResultCache, cache_key, default_cache_dir
from analyzer.pipeline import analyze_document, analyze_path, cached_path_reports

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rulesets"
TEXT = "第1条 漏えいが発生した場合は個人情報保護委員会に報告する。\n第2条 教育を年1回以上実施する。\n"


@pytest.fixture
def rulesets(tmp_path, monkeypatch):
    """A private copy of the mini ruleset, so that tests can edit it."""
    d = tmp_path / "rulesets"
    shutil.copytree(FIXTURES, d, ignore=shutil.ignore_patterns("broken*"))
    monkeypatch.setenv("KITEI_RULESETS", str(d))
    return d


@pytest.fixture
def cache(tmp_path):
    return ResultCache(tmp_path / "cache")


@pytest.fixture
def doc_file(tmp_path):
    p = tmp_path / "k.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def _load(path):
    from analyzer.ingest import load_document

    return load_document(path)


class Spy:
    """Wraps an analyser and counts prepare() calls."""

    def __init__(self, inner):
        self.inner, self.prepared = inner, 0
        self.nlp, self.scorers, self.lexicon = inner.nlp, inner.scorers, inner.lexicon

    def prepare(self, document):
        self.prepared += 1
        return self.inner.prepare(document)

    def analyze(self, *args, **kwargs):
        return self.inner.analyze(*args, **kwargs)


def test_default_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("KITEI_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert default_cache_dir() == Path.home() / ".cache" / "kitei"


def test_second_analysis_comes_from_the_cache(rulesets, cache, doc_file, rules_analyzer):
    spy = Spy(rules_analyzer)
    first = analyze_document(_load(doc_file), ["mini"], analyzer=spy, cache=cache)
    second = analyze_document(_load(doc_file), ["mini"], analyzer=spy, cache=cache)
    assert spy.prepared == 1
    assert (cache.hits, cache.misses) == (1, 1)
    assert [r.model_dump() for r in second] == [r.model_dump() for r in first]


def test_reopening_a_path_skips_ingest(rulesets, cache, doc_file, rules_analyzer, monkeypatch, tmp_path):
    first = analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    copy = tmp_path / "renamed.txt"
    shutil.copy(doc_file, copy)

    def no_ingest(*_, **__):
        raise AssertionError("ingest must not run on a cache hit")

    monkeypatch.setattr("analyzer.ingest.load_document", no_ingest)
    again = analyze_path(copy, ["mini"], analyzer=rules_analyzer, cache=cache)
    assert again[0].document.path == str(copy)  # same bytes, new name
    assert again[0].results == first[0].results


def test_a_changed_document_misses(rulesets, cache, doc_file, rules_analyzer):
    analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    doc_file.write_text(TEXT + "第3条 追記。\n", encoding="utf-8")
    assert cached_path_reports(doc_file, ["mini"], cache, analyzer=rules_analyzer) is None


@pytest.mark.parametrize("changed", ["mini.yaml", "lexicon.yaml"])
def test_a_changed_ruleset_or_lexicon_misses(rulesets, cache, doc_file, rules_analyzer, changed):
    analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    assert cached_path_reports(doc_file, ["mini"], cache, analyzer=rules_analyzer) is not None
    f = rulesets / changed
    f.write_text(f.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cached_path_reports(doc_file, ["mini"], cache, analyzer=rules_analyzer) is None


def test_changed_code_misses(rulesets, cache, doc_file, rules_analyzer, monkeypatch):
    analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    monkeypatch.setattr(cache_mod, "source_fingerprint", lambda: "0" * 64)
    assert cached_path_reports(doc_file, ["mini"], cache, analyzer=rules_analyzer) is None


def test_mode_is_part_of_the_key(rulesets, cache, doc_file):
    analyze_path(doc_file, ["mini"], cache=cache, mode="rules")
    assert cached_path_reports(doc_file, ["mini"], cache, mode="rules") is not None
    assert cached_path_reports(doc_file, ["mini"], cache, mode="default") is None


def _without_timing(out: str) -> dict:
    data = json.loads(out)
    data.pop("elapsed_seconds")
    return data


def _entries(cache):
    return sorted((cache.directory / f"v{cache_mod.CACHE_FORMAT}").glob("*/*"))


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{", b"\x00\xff garbage", b"[]", b'{"key": null, "report": {}}', json.dumps({"key": 1}).encode()],
)
def test_corrupt_entries_are_ignored_and_replaced(rulesets, cache, doc_file, rules_analyzer, garbage):
    analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    (entry,) = _entries(cache)
    entry.write_bytes(garbage)
    assert cached_path_reports(doc_file, ["mini"], cache, analyzer=rules_analyzer) is None
    reports = analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    assert reports and cached_path_reports(doc_file, ["mini"], cache, analyzer=rules_analyzer) is not None


def test_an_entry_under_another_key_is_a_miss(rulesets, cache, doc_file, rules_analyzer):
    (report,) = analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    key = cache_key(report.document.sha256, "mini", "mode=x")
    other = cache_key(report.document.sha256, "mini", "mode=y")
    cache.put(key, report)
    entry = cache._entry(cache_mod._digest(key))
    data = json.loads(entry.read_bytes())
    data["key"] = other  # a hash collision or a hand-edited file
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cache.get(key) is None


def test_writes_are_atomic_and_leave_no_temporary_files(rulesets, cache, doc_file, rules_analyzer):
    for _ in range(3):
        analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    names = [p.name for p in _entries(cache)]
    assert len(names) == 1 and not names[0].startswith(".tmp-")


def test_an_unwritable_cache_is_skipped(rulesets, doc_file, rules_analyzer, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    cache = ResultCache(blocker / "cache")
    reports = analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    assert reports  # analysed anyway
    assert cache.put(cache_key("0" * 64, "mini", "mode=rules"), reports[0]) is False


def test_clear_removes_entries(rulesets, cache, doc_file, rules_analyzer):
    analyze_path(doc_file, ["mini"], analyzer=rules_analyzer, cache=cache)
    assert cache.clear() == 1
    assert _entries(cache) == []


def test_cli_reuses_the_cache_and_no_cache_bypasses_it(rulesets, doc_file, tmp_path, monkeypatch, capsys):
    from analyzer.cli import main

    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "cli-cache"))
    args = ["check", str(doc_file), "-r", "mini", "-q", "--mode", "rules", "-f", "json"]
    code = main(args)
    first = capsys.readouterr().out
    assert list((tmp_path / "cli-cache").rglob("*.json"))
    monkeypatch.setattr("analyzer.ingest.load_document", lambda *_, **__: pytest.fail("not cached"))
    assert main(args) == code
    assert capsys.readouterr().out == first

    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "unused"))
    monkeypatch.undo()
    monkeypatch.setenv("KITEI_RULESETS", str(rulesets))
    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "unused"))
    assert main([*args, "--no-cache"]) == code
    assert _without_timing(capsys.readouterr().out) == _without_timing(first)
    assert not (tmp_path / "unused").exists()


@pytest.mark.parametrize(
    ("line", "version"),
    [
        ('version: "2025-04-01.1"', "2025-04-01.1"),
        ("version: '2017.1'  # JIS Q", "2017.1"),
        ("version: 3", "3"),
    ],
)
def test_the_key_carries_the_declared_version(tmp_path, line, version):
    (tmp_path / "r.yaml").write_text(f"id: r\n{line}\ntitle: x\n", encoding="utf-8")
    (tmp_path / "lexicon.yaml").write_text("concepts: {}\n", encoding="utf-8")
    key = cache_key("0" * 64, "r", "mode=rules", ruleset_dir=tmp_path)
    assert key["ruleset"]["version"] == version


def test_a_cli_hit_parses_no_ruleset_but_a_bad_id_still_fails(
    rulesets, doc_file, tmp_path, monkeypatch, capsys
):
    from analyzer.cli import main

    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "cli-cache"))
    args = ["check", str(doc_file), "-r", "mini", "-q", "--mode", "rules", "-f", "json"]
    code = main(args)
    capsys.readouterr()
    monkeypatch.setattr("analyzer.rules.loader.load_ruleset", lambda *_: pytest.fail("parsed on a hit"))
    assert main(args) == code
    monkeypatch.undo()
    monkeypatch.setenv("KITEI_RULESETS", str(rulesets))
    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "cli-cache"))
    assert main([*args[:2], "-r", "nope", "-q", "--mode", "rules"]) == 2
    assert "[E201]" in capsys.readouterr().err


def _add_entries(cache, tmp_path, rules_analyzer, n):
    """Analyse n distinct documents; return the entry file each one wrote, oldest first."""
    written = []
    for i in range(n):
        before = set(_entries(cache))
        p = tmp_path / f"doc{i}.txt"
        p.write_text(TEXT + f"第{i + 3}条 文書{i}。\n", encoding="utf-8")
        analyze_path(p, ["mini"], analyzer=rules_analyzer, cache=cache)
        (entry,) = set(_entries(cache)) - before
        written.append((p, entry))
    return written


def test_prune_removes_the_least_recently_used_entries(rulesets, cache, tmp_path, rules_analyzer):
    import os

    written = _add_entries(cache, tmp_path, rules_analyzer, 3)
    for i, (_, entry) in enumerate(written):  # doc0 oldest … doc2 newest
        os.utime(entry, (1_000_000 + i, 1_000_000 + i))
    analyze_path(
        written[0][0], ["mini"], analyzer=rules_analyzer, cache=cache
    )  # a hit: doc0 is now the newest
    entries = [e for _, e in written]
    total = sum(e.stat().st_size for e in entries)
    assert cache.prune(max_bytes=total - 1) == 1
    assert [e.exists() for e in entries] == [True, False, True]
    assert cache.info() == (2, entries[0].stat().st_size + entries[2].stat().st_size)


def test_writes_keep_the_cache_under_its_limit(rulesets, tmp_path, rules_analyzer, monkeypatch):
    monkeypatch.setattr(cache_mod, "PRUNE_EVERY", 1)
    probe = ResultCache(tmp_path / "probe")
    ((_, entry),) = _add_entries(probe, tmp_path, rules_analyzer, 1)
    small = ResultCache(tmp_path / "small", max_bytes=int(entry.stat().st_size * 1.5))
    _add_entries(small, tmp_path, rules_analyzer, 3)
    assert small.info()[0] == 1  # only the newest entry fits


def test_cli_cache_info_and_clear(rulesets, doc_file, tmp_path, monkeypatch, capsys):
    from analyzer.cli import main

    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "cli-cache"))
    main(["check", str(doc_file), "-r", "mini", "-q", "--mode", "rules", "-f", "json"])
    capsys.readouterr()
    assert main(["cache", "info"]) == 0
    assert "1 件 / entries" in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    out = capsys.readouterr().out
    assert "1 件削除" in out and "0 件 / entries" in out
