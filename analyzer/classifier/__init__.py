"""Trained clause classifier (scikit-learn) and its scorer.

Until a model artefact is built (``make model``), the default pipeline is rules only.
"""

from __future__ import annotations

from analyzer.matching.engine import RuleScorer, TopicScorer


def classifier_scorers() -> list[TopicScorer]:
    """Scorers of the default pipeline: rules, then the classifier when its model exists."""
    return [RuleScorer()]
