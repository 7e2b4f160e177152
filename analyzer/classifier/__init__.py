"""Trained clause classifier (scikit-learn) and its scorer, combined with the rules.

``make model`` builds ``clause_classifier.joblib`` from the labelled corpus; when the
artefact is present the default pipeline is rules + classifier, else rules only.
"""

from __future__ import annotations

from analyzer.matching.engine import RuleScorer, TopicScorer


def classifier_scorers() -> list[TopicScorer]:
    """Scorers of the default pipeline: rules, then the classifier when its model exists."""
    from analyzer.classifier.model import MODEL_PATH, ClauseClassifier
    from analyzer.classifier.scorer import ClassifierScorer

    if not MODEL_PATH.is_file():
        return [RuleScorer()]
    return [RuleScorer(), ClassifierScorer(ClauseClassifier.load(MODEL_PATH))]
