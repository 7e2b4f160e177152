"""A clause classifier: TF-IDF over Sudachi lemmas and character n-grams → one linear model per topic.

Training data come from the corpus labels (:mod:`analyzer.evaluation.labels`):

* positives — clauses that contain an evidence anchor of the topic, or a clause label
  naming the topic;
* negatives — every clause of a document whose label says the topic is ``missing``
  (nothing in that document supports it), plus clause labels that do not name the topic.

Unlabelled clauses of documents that do cover a topic are left out: they are unknown,
not negative. The artefact is built reproducibly (fixed seed, sorted inputs) by
``make model`` and loaded at run time from the package, without network access.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analyzer.document import Clause
from analyzer.nlp.engine import NlpArtifacts

SEED = 0
MIN_POSITIVES = 2
CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接尾辞", "代名詞"}
MODEL_PATH = Path(__file__).resolve().parent / "clause_classifier.joblib"
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Remove whitespace (the renderer and PDF layer re-flow lines)."""
    return _WS.sub("", text)


def lemma_text(clause: Clause, art: NlpArtifacts) -> str:
    """Content-word lemmas of the clause, and of its heading path prefixed with ``H:``."""
    words = [t.norm for t in art.tokens if t.pos in CONTENT_POS]
    return " ".join(words)


def heading_text(clause: Clause) -> str:
    """The heading path as plain text (for character n-grams)."""
    return " ".join(clause.heading_path[-2:])


@dataclass
class TrainingSet:
    """Clause texts and per-topic labels (1, 0, or missing = unknown)."""

    lemmas: list[str] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    labels: dict[str, dict[int, int]] = field(default_factory=dict)  # topic -> row -> 0/1
    docs: list[str] = field(default_factory=list)

    def add_document(
        self,
        doc_id: str,
        clauses: list[Clause],
        artifacts: list[NlpArtifacts],
        positives: dict[str, set[int]],
        negatives: dict[str, set[int]],
    ) -> None:
        """Append a document's clauses with the topic labels derived from its label file."""
        base = len(self.lemmas)
        for c, a in zip(clauses, artifacts, strict=True):
            self.lemmas.append(lemma_text(c, a))
            self.chars.append(c.norm)
            self.headings.append(heading_text(c))
            self.docs.append(doc_id)
        for topic, ids in positives.items():
            for i in ids:
                self.labels.setdefault(topic, {})[base + i] = 1
        for topic, ids in negatives.items():
            for i in ids:
                self.labels.setdefault(topic, {}).setdefault(base + i, 0)


class ClauseClassifier:
    """Vectorisers shared by all topics, one logistic regression per topic."""

    def __init__(self) -> None:
        """An untrained classifier."""
        self.lemma_vec = TfidfVectorizer(
            analyzer="word",
            token_pattern=r"[^ ]+",
            lowercase=False,
            ngram_range=(1, 2),
            min_df=1,
            sublinear_tf=True,
        )
        self.char_vec = TfidfVectorizer(
            analyzer="char", ngram_range=(2, 3), min_df=2, sublinear_tf=True, max_features=40000
        )
        self.head_vec = TfidfVectorizer(
            analyzer="char", ngram_range=(2, 2), min_df=1, sublinear_tf=True, max_features=5000
        )
        self.models: dict[str, LogisticRegression] = {}
        self.fingerprint = ""

    def _features(self, lemmas: list[str], chars: list[str], headings: list[str]):  # noqa: ANN202 - sparse matrix
        return hstack(
            [
                self.lemma_vec.transform(lemmas),
                self.char_vec.transform(chars),
                0.5 * self.head_vec.transform(headings),
            ]
        ).tocsr()

    def fit(self, data: TrainingSet) -> ClauseClassifier:
        """Fit the vectorisers on all clauses and one model per topic with enough positives."""
        self.lemma_vec.fit(data.lemmas)
        self.char_vec.fit(data.chars)
        self.head_vec.fit(data.headings)
        x = self._features(data.lemmas, data.chars, data.headings)
        for topic in sorted(data.labels):
            rows = sorted(data.labels[topic])
            y = np.array([data.labels[topic][r] for r in rows])
            if y.sum() < MIN_POSITIVES or (len(y) - y.sum()) < MIN_POSITIVES:
                continue
            model = LogisticRegression(
                C=4.0, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=SEED
            )
            model.fit(x[rows], y)
            self.models[topic] = model
        digest = hashlib.sha256()
        for t in sorted(self.models):
            digest.update(t.encode())
            digest.update(np.round(self.models[t].coef_, 6).tobytes())
        self.fingerprint = digest.hexdigest()[:16]
        return self

    def predict_clauses(self, clauses: list[Clause], artifacts: list[NlpArtifacts]) -> dict[str, np.ndarray]:
        """Probability that each clause supports each topic the classifier knows."""
        if not clauses or not self.models:
            return {}
        x = self._features(
            [lemma_text(c, a) for c, a in zip(clauses, artifacts, strict=True)],
            [c.norm for c in clauses],
            [heading_text(c) for c in clauses],
        )
        return {t: m.predict_proba(x)[:, 1] for t, m in self.models.items()}

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the artefact (joblib, compressed)."""
        import joblib

        joblib.dump(self, path, compress=3)

    @staticmethod
    def load(path: Path = MODEL_PATH) -> ClauseClassifier:
        """Load the artefact shipped with the package."""
        import joblib

        return joblib.load(path)
