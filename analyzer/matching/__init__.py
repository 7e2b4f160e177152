"""Topic matching: scorers, checks and the analyser engine."""

from analyzer.matching.engine import AnalyzerEngine, RuleScorer

__all__ = ["AnalyzerEngine", "RuleScorer"]
