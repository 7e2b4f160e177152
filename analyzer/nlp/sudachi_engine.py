"""SudachiPy engine: fast morphological analysis for every clause.

Sudachi refuses inputs over 49,149 bytes, so texts are split on 。/newlines into
chunks under :data:`MAX_CHUNK_BYTES` (with a hard cut as last resort). A Sudachi
tokenizer is not thread-safe (``RuntimeError: Already borrowed``), so calls are guarded
by a lock; the Streamlit dashboard shares one engine between sessions.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from sudachipy import dictionary, tokenizer

from analyzer.nlp.engine import DependencyParser, NlpArtifacts, Token

MAX_CHUNK_BYTES = 40_000

_MODE_A = tokenizer.Tokenizer.SplitMode.A
_MODE_C = tokenizer.Tokenizer.SplitMode.C


def split_for_sudachi(text: str, max_bytes: int = MAX_CHUNK_BYTES) -> list[str]:
    """Split ``text`` into pieces whose UTF-8 size is below ``max_bytes``.

    Cuts after 。 or a newline when possible, else hard-cuts; joining the pieces gives
    back ``text`` exactly.
    """
    if len(text.encode("utf-8")) <= max_bytes:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        # 3 bytes per character at most for the BMP (4 for astral): be conservative.
        end = min(len(text), start + max_bytes // 4)
        if end < len(text):
            cut = max(text.rfind("。", start, end), text.rfind("\n", start, end))
            if cut > start:
                end = cut + 1
        pieces.append(text[start:end])
        start = end
    return pieces


class SudachiEngine:
    """Tokenise with SudachiPy (core dictionary), optionally parse with a dependency parser."""

    def __init__(self, parser: DependencyParser | None = None) -> None:
        """Create the engine; the dictionary loads here (~0.2 s)."""
        self._dict = dictionary.Dictionary(dict="core")
        self._tok = self._dict.create(_MODE_C)
        self._lock = threading.Lock()
        self._parser = parser

    @property
    def can_parse(self) -> bool:
        """Whether a dependency parser is configured."""
        return self._parser is not None

    def _tokenize(self, text: str) -> tuple[list[Token], list[Token]]:
        tokens: list[Token] = []
        subs: list[Token] = []
        offset = 0
        with self._lock:
            for piece in split_for_sudachi(text):
                for m in self._tok.tokenize(piece):
                    t = Token(
                        m.surface(),
                        m.normalized_form(),
                        m.dictionary_form(),
                        m.part_of_speech()[0],
                        offset + m.begin(),
                        offset + m.end(),
                    )
                    tokens.append(t)
                    parts = m.split(_MODE_A)
                    if len(parts) > 1:
                        for p in parts:
                            subs.append(
                                Token(
                                    p.surface(),
                                    p.normalized_form(),
                                    p.dictionary_form(),
                                    p.part_of_speech()[0],
                                    offset + m.begin() + p.begin(),
                                    offset + m.begin() + p.end(),
                                )
                            )
                    else:
                        subs.append(t)
                offset += len(piece)
        return tokens, subs

    def process(self, texts: list[str]) -> list[NlpArtifacts]:
        """Tokenise each text (mode C tokens and mode A sub-words)."""
        out = []
        for text in texts:
            tokens, subs = self._tokenize(text)
            out.append(NlpArtifacts(text=text, tokens=tokens, sub_tokens=subs))
        return out

    def term_keys(self, term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Normalised token sequences of a lexicon term in modes C and A (cached)."""
        return _term_keys(self, term)

    def parse(self, artifacts: list[NlpArtifacts]) -> None:
        """Fill ``deps`` of the artefacts that have none yet."""
        if self._parser is None:
            return
        todo = [a for a in artifacts if a.deps is None]
        if not todo:
            return
        with self._lock:
            parsed = self._parser.parse([a.text for a in todo])
        for art, deps in zip(todo, parsed, strict=True):
            art.deps = deps


@lru_cache(maxsize=8192)
def _term_keys(engine: SudachiEngine, term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens, subs = engine._tokenize(term)
    return tuple(t.norm for t in tokens), tuple(t.norm for t in subs)
