"""``kitei check`` on several files or a folder: one bad file is reported and skipped, the rest go on."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.cli import main

ROOT = Path(__file__).resolve().parents[2]
RULESETS = ROOT / "tests" / "fixtures" / "rulesets"
GARBAGE_PDF = ROOT / "tests" / "fixtures" / "ingest" / "garbage.pdf"
COMPLETE = "\n".join(
    [
        "第1条 個人データの漏えいが発生した場合は、総務省に報告する。",
        "第2条 当社のWebサイトは全ページをTLSで暗号化する。",
        "第3条 全従業者に対し個人情報保護の教育を年1回以上実施する。",
    ]
)
GAP = "第1条 漏えいが発生した場合は個人情報保護委員会に報告する。"


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("KITEI_RULESETS", str(RULESETS))
    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def mixed(tmp_path):
    """One garbage PDF, one empty file and two good text files."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(GARBAGE_PDF, d / "broken.pdf")
    (d / "empty.txt").write_bytes(b"")
    (d / "good-a.txt").write_text(COMPLETE, encoding="utf-8")
    (d / "good-b.md").write_text(GAP, encoding="utf-8")
    return d


def check_argv(*paths: object, extra: tuple[str, ...] = ()) -> list[str]:
    """``kitei check`` on ``paths`` with the fixture ruleset, rules only, quiet."""
    return ["check", *map(str, paths), "-r", "mini", "--mode", "rules", "-q", *extra]


def read_summary(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {Path(row["path"]).name: row for row in csv.DictReader(f)}


def _comparable(path: Path) -> object:
    if path.suffix != ".json":
        return path.read_bytes()
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("elapsed_seconds")
    return data


def kitei(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KITEI_RULESETS": str(RULESETS)}
    return subprocess.run(
        [sys.executable, "-m", "analyzer.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_bad_files_are_reported_with_codes_and_the_rest_go_on(mixed, tmp_path):
    out = tmp_path / "out"
    proc = kitei(
        "check", str(mixed), "-r", "mini", "--mode", "rules", "-f", "json", "-o", str(out), "--no-cache"
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "[E111]" in proc.stderr and "broken.pdf" in proc.stderr
    assert "[E102]" in proc.stderr and "empty.txt" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["good-a.txt.json", "good-b.md.json", "summary.csv"]
    rows = read_summary(out / "summary.csv")
    assert rows["broken.pdf"]["status"] == "error" and rows["broken.pdf"]["error_code"] == "E111"
    assert rows["empty.txt"]["status"] == "error" and rows["empty.txt"]["error_code"] == "E102"
    assert rows["good-a.txt"]["status"] == "ok" and rows["good-a.txt"]["mandatory_gaps"] == "0"
    assert rows["good-b.md"]["status"] == "gaps" and int(rows["good-b.md"]["mandatory_gaps"]) >= 1
    assert rows["good-b.md"]["report"] == "good-b.md.json"


@pytest.mark.parametrize(("texts", "code"), [((COMPLETE, COMPLETE), 0), ((COMPLETE, GAP), 1)])
def test_exit_code_of_a_clean_batch(tmp_path, texts, code, capsys):
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"d{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    assert main(["check", *paths, "-r", "mini", "--mode", "rules", "-q", "-o", str(tmp_path / "out")]) == code
    assert "Traceback" not in capsys.readouterr().err


def test_one_and_several_workers_give_the_same_reports(mixed, tmp_path, capsys):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        argv = check_argv(mixed, extra=("--no-cache", "-f", "json", "-o", str(out)))
        assert main([*argv, "--jobs", jobs]) == 2
        outs.append({p.name: _comparable(p) for p in out.iterdir()})
    assert outs[0] == outs[1]


def test_reports_go_to_stdout_without_output(mixed, capsys):
    assert main(check_argv(mixed, extra=("-f", "table"))) == 2
    captured = capsys.readouterr()
    assert "good-a.txt:" in captured.out and "good-b.md:" in captured.out
    assert "[E111]" in captured.err and "Traceback" not in captured.err


def test_folders_are_searched_recursively_for_supported_files(tmp_path):
    from analyzer.batch import collect_inputs

    d = tmp_path / "docs"
    (d / "sub" / "deeper").mkdir(parents=True)
    (d / ".hidden").mkdir()
    for name in [
        "a.txt",
        "sub/b.MD",
        "sub/deeper/c.docx",
        "sub/d.pdf",
        "notes.csv",
        ".secret.txt",
        ".hidden/e.txt",
    ]:
        (d / name).write_text("x")
    (d / "out").mkdir()
    (d / "out" / "report.md").write_text("x")
    found = [Path(i.path).relative_to(d).as_posix() for i in collect_inputs([str(d)], exclude=d / "out")]
    assert found == ["a.txt", "sub/b.MD", "sub/d.pdf", "sub/deeper/c.docx"]


def test_explicit_files_are_kept_so_that_ingest_reports_them(tmp_path, capsys):
    missing = str(tmp_path / "missing.txt")
    odd = tmp_path / "scan.png"
    odd.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(["check", missing, str(odd), "-r", "mini", "--mode", "rules", "-q"]) == 2
    err = capsys.readouterr().err
    assert "[E101]" in err and "[E103]" in err and "Traceback" not in err


def test_a_dying_worker_fails_only_its_document(mixed, tmp_path, monkeypatch, capsys):
    import analyzer.batch as batch

    real = batch.analyze_one

    def crash_on_b(path, *args, **kwargs):
        if path.endswith("good-b.md"):
            os._exit(1)  # a segfault or the OOM killer, as the pool sees it
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "analyze_one", crash_on_b)
    out = tmp_path / "out"
    assert (
        main(
            [
                "check",
                str(mixed),
                "-r",
                "mini",
                "--mode",
                "rules",
                "-q",
                "--no-cache",
                "-j",
                "2",
                "-o",
                str(out),
            ]
        )
        == 2
    )
    rows = read_summary(out / "summary.csv")
    assert rows["good-b.md"]["error_code"] == "INTERNAL"
    assert rows["good-a.txt"]["status"] == "ok"
    assert rows["broken.pdf"]["error_code"] == "E111"


def test_a_file_as_output_for_a_batch_is_refused(mixed, tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(check_argv(mixed, extra=("-o", str(target)))) == 2
    assert "[E302]" in capsys.readouterr().err


def test_a_second_batch_run_is_answered_from_the_cache(mixed, tmp_path, monkeypatch, capsys):
    for bad in ("broken.pdf", "empty.txt"):  # failures are not cached
        (mixed / bad).unlink()
    argv = check_argv(mixed, extra=("-f", "json", "-o", str(tmp_path / "o1")))
    assert main(argv) == 1
    monkeypatch.setattr("analyzer.batch.ProcessPoolExecutor", None)  # no pool may start
    argv[-1] = str(tmp_path / "o2")
    assert main(argv) == 1
    read = lambda d: {p.name: p.read_bytes() for p in (tmp_path / d).iterdir()}  # noqa: E731
    assert read("o1") == read("o2")


def test_importing_the_cli_loads_no_heavy_library():
    """``kitei check`` stays cheap to start: spaCy, Streamlit and scikit-learn load only when used."""
    code = (
        "import sys, analyzer.cli, analyzer.batch, analyzer.cache;"
        "print(','.join(m for m in ('spacy', 'streamlit', 'sklearn', 'thinc', 'sudachipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
