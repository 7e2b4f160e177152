"""``kitei check`` exit codes: 0 no mandatory gap, 1 mandatory gaps, 2 bad input or arguments."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rulesets"

COMPLETE = "\n".join(
    [
        "第1条 個人データの漏えいが発生した場合は、総務省に報告する。",
        "第2条 当社のWebサイトは全ページをTLSで暗号化する。",
        "第3条 全従業者に対し個人情報保護の教育を年1回以上実施する。",
    ]
)
GAP = "第1条 漏えいが発生した場合は個人情報保護委員会に報告する。"


@pytest.fixture
def mini_rulesets(monkeypatch):
    monkeypatch.setenv("KITEI_RULESETS", str(FIXTURES))


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return str(p)


@pytest.mark.parametrize(("text", "code"), [(COMPLETE, 0), (GAP, 1)])
def test_exit_code_reflects_mandatory_gaps(tmp_path, mini_rulesets, text, code, capsys):
    assert main(["check", write(tmp_path, "k.txt", text), "-r", "mini", "-q", "--mode", "rules"]) == code


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["check", "/no/such/file.txt", "-r", "mini"], r"\[E101\]"),
        (["check", "EMPTY", "-r", "mini"], r"\[E102\]"),
        (["check", "GOOD", "-r", "nope"], r"\[E201\]"),
        (["check", "GOOD", "-r", "mini", "-f", "xlsx"], r"\[E302\]"),
        (["check", "GOOD", "-r", "mini", "-o", "/no/such/dir/out.json", "-f", "json"], r"\[E301\]"),
    ],
)
def test_bad_input_exits_2_with_coded_message(tmp_path, mini_rulesets, capsys, args, pattern):
    good = write(tmp_path, "good.txt", COMPLETE)
    empty = write(tmp_path, "empty.txt", "")
    argv = [good if a == "GOOD" else empty if a == "EMPTY" else a for a in args]
    assert main([*argv, "-q", "--mode", "rules"]) == 2
    err = capsys.readouterr().err
    assert re.search(pattern, err), err
    assert "Traceback" not in err


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "x.txt", "--format", "yaml"])
    assert exc.value.code == 2
    assert "[E302]" in capsys.readouterr().err


def test_json_report_has_the_documented_keys(tmp_path, mini_rulesets, capsys):
    out = tmp_path / "r.json"
    main(
        [
            "check",
            write(tmp_path, "k.txt", GAP),
            "-r",
            "mini",
            "-f",
            "json",
            "-o",
            str(out),
            "-q",
            "--mode",
            "rules",
        ]
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"document", "ruleset", "results", "summary"}
    assert set(data["document"]) >= {"path", "sha256", "clauses"}
    assert set(data["ruleset"]) >= {"id", "version"}
    r = next(r for r in data["results"] if r["id"] == "7-6-3")
    assert set(r) >= {"id", "item", "title", "status", "mandatory", "reason", "evidence"}
    assert r["status"] == "missing"
    assert set(r["evidence"][0]) >= {"text", "locator", "page"}
    assert r["evidence"][0]["locator"] == "第1条"
    assert "7-6-3" in data["summary"]["mandatory_gaps"]
    assert any(x["level"] == "item" and x["id"] == "7-1-1" for x in data["results"])


def test_cp932_text_is_read(tmp_path, mini_rulesets, capsys):
    path = write(tmp_path, "sjis.txt", COMPLETE, encoding="cp932")
    assert main(["check", path, "-r", "mini", "-q", "--mode", "rules"]) == 0


def test_real_process_prints_no_traceback(tmp_path):
    garbage = tmp_path / "x.pdf"
    garbage.write_bytes(b"%PDF-1.4\n\x00\x01garbage")
    proc = subprocess.run(
        [sys.executable, "-m", "analyzer.cli", "check", str(garbage)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "[E111]" in proc.stderr
    assert "Traceback" not in proc.stderr
