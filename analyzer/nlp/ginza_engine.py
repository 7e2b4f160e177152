"""GiNZA dependency parser, loaded lazily and run only on the clauses that need it.

The full ``ja_ginza`` pipeline (tok2vec + parser + NER) costs ~20 s on the 38k-character
seed on 2 cores; kitei tokenises everything with Sudachi and asks GiNZA for a parse only
for candidate clauses of the checks that read dependencies. NER is excluded.
"""

from __future__ import annotations

import threading

from analyzer.nlp.engine import DepToken

_LOAD_LOCK = threading.Lock()


class GinzaParser:
    """Dependency parsing with ``ja_ginza`` (model from the ja-ginza PyPI package)."""

    def __init__(self, model: str = "ja_ginza") -> None:
        """Remember the model name; the model loads on first use (~2.5 s)."""
        self._model = model
        self._nlp = None

    def _load(self):  # noqa: ANN202 - spacy.Language, imported lazily
        with _LOAD_LOCK:
            if self._nlp is None:
                import spacy

                self._nlp = spacy.load(self._model, exclude=["ner"])
        return self._nlp

    def parse(self, texts: list[str]) -> list[list[DepToken]]:
        """Parse each text into dependency tokens (heads are indices within the text)."""
        nlp = self._load()
        out: list[list[DepToken]] = []
        for doc in nlp.pipe(texts, batch_size=32):
            out.append(
                [
                    DepToken(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.idx, t.idx + len(t.text))
                    for t in doc
                ]
            )
        return out
