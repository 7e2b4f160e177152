"""Paraphrase probes: the file format, the runner, and a floor on the corpus probes."""

import pytest
from pydantic import ValidationError

from analyzer.evaluation.probes import (
    ProbeFile,
    load_probe_files,
    run_probes,
    score_probes,
)
from analyzer.rules.loader import load_ruleset
from analyzer.rules.schema import Status

PROBE_YAML = """\
ruleset: isp-anshin-mark
probes:
  - topic: 7-1-1.access-log-retention
    expect: covered
    text: |-
      （ログ）
      アクセスログは2年間保存する。
  - topic: 7-1-1.access-log-retention
    expect: partial
    text: アクセスログは3か月間保存する。
  - topic: 7-6-3
    expect: [missing]
    text: 漏えいが発生した場合は個人情報保護委員会に報告する。
"""


@pytest.fixture(scope="module")
def rules_only(sudachi_engine):
    from analyzer.matching.engine import AnalyzerEngine, RuleScorer

    return AnalyzerEngine(sudachi_engine, scorers=[RuleScorer()])


@pytest.fixture(scope="module")
def isp():
    return load_ruleset("isp-anshin-mark")


def test_probe_files_are_validated(tmp_path):
    (tmp_path / "bad.yaml").write_text("ruleset: x\nprobes:\n  - {topic: a, expect: covered, txt: b}\n")
    with pytest.raises(ValidationError, match="txt"):
        load_probe_files(tmp_path)


def test_runner_scores_each_probe_on_its_topic(tmp_path, rules_only, isp):
    (tmp_path / "p.yaml").write_text(PROBE_YAML, encoding="utf-8")
    results = run_probes(rules_only, [isp], load_probe_files(tmp_path))
    assert [r.predicted for r in results] == [Status.COVERED, Status.PARTIAL, Status.MISSING]
    assert all(r.correct for r in results)
    assert score_probes(results)["overall"].accuracy == 1.0


def test_runner_rejects_an_unknown_topic(rules_only, isp):
    pf = ProbeFile.model_validate(
        {"ruleset": "isp-anshin-mark", "probes": [{"topic": "9-9-9", "expect": "covered", "text": "x"}]}
    )
    with pytest.raises(ValueError, match="9-9-9"):
        run_probes(rules_only, [isp], {"x.yaml": pf})


# 537 probes (paraphrase + near-miss), measured in session 4: 0.916 accuracy, no false
# assurance (README "Accuracy"); a single near miss called covered fails the suite
PROBE_FLOORS = (0.90, 0.0)


@pytest.mark.slow
def test_corpus_probes_meet_the_floor(rules_only):
    files = load_probe_files()
    assert sum(len(f.probes) for f in files.values()) >= 500
    rulesets = [load_ruleset(rid) for rid in sorted({f.ruleset for f in files.values()})]
    overall = score_probes(run_probes(rules_only, rulesets, files))["overall"]
    acc, fa = PROBE_FLOORS
    assert overall.accuracy >= acc, overall.as_dict()
    assert overall.false_assurance <= fa, overall.as_dict()
