"""Term matching on Sudachi normalised forms, through an inverted index built once per document."""

from __future__ import annotations

from collections import defaultdict

from analyzer.extract.shapes import has_shape
from analyzer.nlp.engine import NlpArtifacts, NlpEngine
from analyzer.rules.schema import Lexicon


def expand_group(group: list[str], lexicon: Lexicon) -> list[str]:
    """Replace ``@concept`` references by their terms."""
    out: list[str] = []
    for term in group:
        if term.startswith("@"):
            out.extend(lexicon.concepts[term[1:]])
        else:
            out.append(term)
    return out


def _is_kanji(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _single_kanji(surface: str) -> bool:
    return len(surface) == 1 and _is_kanji(surface)


class TermIndex:
    """Which texts contain which terms, on normalised token sequences (modes C and A).

    Texts are the clause texts followed by the distinct heading paths; both are indexed
    once so that every topic's lookups are set operations.
    """

    def __init__(self, engine: NlpEngine, artifacts: list[NlpArtifacts]) -> None:
        """Index the artefacts of a document (one per text)."""
        self._engine = engine
        self._arts = artifacts
        self._c: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._a: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._joined: dict[str, set[int]] = defaultdict(set)
        for i, art in enumerate(artifacts):
            for pos, tok in enumerate(art.tokens):
                self._c[tok.norm].append((i, pos))
                if tok.lemma != tok.norm:
                    self._c[tok.lemma].append((i, pos))
            for pos, tok in enumerate(art.sub_tokens):
                self._a[tok.norm].append((i, pos))
            toks = art.tokens
            for a, b in zip(toks, toks[1:], strict=False):
                # Sudachi sometimes splits a compound it knows, in context: 「サポート課長」 →
                # サポート / 課 / 長. Adjacent one-character kanji are also indexed joined.
                if _single_kanji(a.surface) and _single_kanji(b.surface):
                    self._joined[a.surface + b.surface].add(i)
        self._cache: dict[str, frozenset[int]] = {}
        self._group_cache: dict[tuple[str, ...], dict[int, list[str]]] = {}

    @staticmethod
    def _seq_hits(
        index: dict[str, list[tuple[int, int]]], seq: tuple[str, ...], stream: list[list[str]]
    ) -> set[int]:
        hits: set[int] = set()
        if not seq:
            return hits
        for text_id, pos in index.get(seq[0], ()):
            if len(seq) == 1:
                hits.add(text_id)
                continue
            norms = stream[text_id]
            if tuple(norms[pos : pos + len(seq)]) == seq:
                hits.add(text_id)
        return hits

    def texts_with(self, term: str) -> frozenset[int]:
        """Ids of the texts that contain ``term`` (``§name``: that have the shape ``name``)."""
        cached = self._cache.get(term)
        if cached is not None:
            return cached
        if term.startswith("§"):
            shaped = frozenset(i for i, art in enumerate(self._arts) if has_shape(term[1:], art.text))
            self._cache[term] = shaped
            return shaped
        seq_c, seq_a = self._engine.term_keys(term)
        c_stream = getattr(self, "_c_stream", None)
        if c_stream is None:
            self._c_stream = [[t.norm for t in a.tokens] for a in self._arts]
            self._a_stream = [[t.norm for t in a.sub_tokens] for a in self._arts]
        hits = self._seq_hits(self._c, seq_c, self._c_stream)
        hits |= self._seq_hits(self._a, seq_a, self._a_stream)
        if verb := self._verb_of_noun(term, seq_c):
            hits |= self._seq_hits(self._c, (verb,), self._c_stream)
        if len(term) == 2:
            hits |= self._joined.get(term, set())
        result = frozenset(hits)
        self._cache[term] = result
        return result

    def _verb_of_noun(self, term: str, seq_c: tuple[str, ...]) -> str | None:
        """The verb whose 連用形 the one-word noun ``term`` is (読み合わせ → 読み合わせる).

        Sudachi gives 「このメモを読み合わせます」 the verb 読み合わせる and 「読み合わせをする」 the noun
        読み合わせ; a term written as the noun then finds both. Asked of the dictionary: the
        term followed by ます must read as one verb.
        """
        # (a content word: kanji stem, kana ending; not a particle such as だけ / しか)
        if len(seq_c) != 1 or not ("\u3041" <= term[-1] <= "\u3093") or not any(map(_is_kanji, term)):
            return None
        verb_seq, _ = self._engine.term_keys(term + "ます")
        if len(verb_seq) == 2 and verb_seq[1] == "ます" and verb_seq[0] != seq_c[0]:
            return verb_seq[0]
        return None

    def group_hits(self, terms: list[str]) -> dict[int, list[str]]:
        """Text id → the terms of the group found in it (cached: scorers ask per candidate)."""
        key = tuple(terms)
        cached = self._group_cache.get(key)
        if cached is not None:
            return cached
        found: dict[int, list[str]] = defaultdict(list)
        for term in terms:
            for text_id in self.texts_with(term):
                found[text_id].append(term)
        result = dict(found)  # a plain dict: a lookup of a missing id must not add to the cache
        self._group_cache[key] = result
        return result
