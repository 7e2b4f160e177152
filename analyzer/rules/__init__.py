"""Rulesets as validated YAML data."""
