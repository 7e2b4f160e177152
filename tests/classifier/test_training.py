"""The classifier learns only from labels, is reproducible, and never overrides the rules' checks."""

import numpy as np
import pytest

from analyzer.classifier.model import MODEL_PATH, ClauseClassifier
from analyzer.classifier.scorer import ClassifierScorer, classifier_only_status
from analyzer.classifier.training import anchor_clauses, document_examples, train
from analyzer.evaluation.labels import load_labels
from analyzer.rules.loader import load_ruleset
from analyzer.rules.schema import Status
from tests.conftest import make_document

DOCS = ("ops-memo", "third-party-trap", "isp-member-terms-ops")


@pytest.fixture(scope="module")
def small_corpus(rules_analyzer):
    from analyzer.ingest import load_document

    rulesets = [load_ruleset("isp-anshin-mark"), load_ruleset("pmark-jisq15001")]
    labels = [lab for lab in load_labels() if lab.id in DOCS]
    return rulesets, [(lab, rules_analyzer.prepare(load_document(lab.path))) for lab in labels]


def test_anchor_maps_to_the_clause_that_contains_it(rules_analyzer):
    ctx = rules_analyzer.prepare(make_document(["第1条 ログは1年保存する。", "第2条 パスワードを設定する。"]))
    assert anchor_clauses("ログは1年保存", ctx.clauses) == {0}


def test_missing_topic_makes_every_clause_a_negative(small_corpus):
    rulesets, items = small_corpus
    label, ctx = next(p for p in items if p[0].id == "isp-member-terms-ops")
    pos, neg = document_examples(label, ctx, rulesets)
    # 7-6-3 is missing in this document: nothing supports it, every clause is a negative
    assert "7-6-3" not in pos
    assert neg["7-6-3"] == {c.id for c in ctx.clauses}


def test_training_is_reproducible(small_corpus):
    rulesets, items = small_corpus
    a = train(items, rulesets)
    b = train(list(reversed(items)), rulesets)
    assert a.models and a.fingerprint == b.fingerprint


def test_classifier_only_thresholds():
    assert classifier_only_status(np.array([0.1, 0.95])) is Status.COVERED
    assert classifier_only_status(np.array([0.85])) is Status.PARTIAL
    assert classifier_only_status(np.array([0.2])) is Status.MISSING
    assert classifier_only_status(None) is Status.MISSING


def test_added_clause_still_goes_through_the_checks(small_corpus, rules_analyzer):
    """A confident classifier cannot make a 6-month retention 'covered'."""
    rulesets, items = small_corpus
    isp = rulesets[0]
    model = train(items, rulesets)

    class Always(ClauseClassifier):
        def predict_clauses(self, clauses, artifacts):
            return {"7-1-1.access-log-retention": np.ones(len(clauses))}

    always = Always()
    always.models = model.models
    from analyzer.matching.engine import AnalyzerEngine

    engine = AnalyzerEngine(rules_analyzer.nlp, scorers=[ClassifierScorer(always, add=0.5, cover=0.9)])
    report = engine.analyze(make_document(["記録類は6か月間とっておく。"]), isp)
    assert report.topic("7-1-1.access-log-retention").status is Status.PARTIAL


@pytest.mark.slow
@pytest.mark.skipif(not MODEL_PATH.is_file(), reason="model not built (make model)")
def test_shipped_model_is_used_by_default():
    from analyzer.classifier import classifier_scorers

    names = [s.name for s in classifier_scorers()]
    assert names == ["rules", "classifier"]
    assert ClauseClassifier.load().models
