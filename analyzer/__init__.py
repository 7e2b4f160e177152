"""kitei: a Japanese policy-compliance analyser for certification review."""

__version__ = "0.1.0"
