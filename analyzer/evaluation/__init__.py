"""Evaluation on the labelled corpus: ``kitei eval`` (accuracy, false assurance, gaps)."""
