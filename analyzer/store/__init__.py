"""Persistence: documents, analyses and reviewer decisions (SQLite by default, any SQLAlchemy URL).

* :mod:`analyzer.store.decisions` — the :class:`Decision` model and how decisions change
  a report (:func:`apply_decisions`); no database needed.
* :mod:`analyzer.store.db` — the engine factory (:func:`make_engine`, ``KITEI_DB`` /
  ``KITEI_DB_URL``) and the transactional :class:`Store`.
"""

from analyzer.store.db import Store, StoredDocument, database_url, make_engine
from analyzer.store.decisions import Decision, apply_decisions, effective_status

__all__ = [
    "Decision",
    "Store",
    "StoredDocument",
    "apply_decisions",
    "database_url",
    "effective_status",
    "make_engine",
]
