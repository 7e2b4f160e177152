"""The NLP engine interface and the artefacts it produces.

Following Presidio's ``NlpEngine``/``NlpArtifacts`` split, the analyser tokenises every
clause exactly once and hands the artefacts to every scorer. Dependency parsing is
expensive (GiNZA's tok2vec + parser), so it is requested separately and only for the
clauses some scorer needs it for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Token:
    """One morpheme.

    Attributes:
        surface: the text as written.
        norm: Sudachi's normalised form (表記揺れ unified: 為る for する, 引き渡し…).
        lemma: dictionary form (保存し → 保存する is split by Sudachi as 保存 + する).
        pos: coarse part of speech (名詞, 動詞, 助詞, …).
        start: character offset in the analysed text.
        end: end offset (exclusive).
    """

    surface: str
    norm: str
    lemma: str
    pos: str
    start: int
    end: int


@dataclass(frozen=True)
class DepToken:
    """A token of a dependency parse (GiNZA / UD labels)."""

    text: str
    lemma: str
    pos: str
    dep: str
    head: int
    start: int
    end: int


@dataclass
class NlpArtifacts:
    """What the engine computed for one text.

    Attributes:
        text: the analysed text (NFKC-normalised clause text).
        tokens: morphemes in split mode C (long units: アクセスログ, 外部記憶媒体).
        sub_keys: normalised forms of the split-mode-A sub-words, so that a
            term such as ログ also matches アクセスログ.
        deps: dependency parse, filled only when a scorer asked for it.
    """

    text: str
    tokens: list[Token]
    sub_tokens: list[Token] = field(default_factory=list)
    deps: list[DepToken] | None = None

    @property
    def norms(self) -> list[str]:
        """Normalised forms of the mode-C tokens."""
        return [t.norm for t in self.tokens]


class DependencyParser(Protocol):
    """Something that parses texts into dependency tokens (GiNZA in production)."""

    def parse(self, texts: list[str]) -> list[list[DepToken]]:
        """Parse each text; one list of tokens per text."""
        ...


class NlpEngine(Protocol):
    """Tokenises texts; optionally parses a subset of them."""

    def process(self, texts: list[str]) -> list[NlpArtifacts]:
        """Tokenise each text once."""
        ...

    def term_keys(self, term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Normalised token sequences (mode C, mode A) of a lexicon term."""
        ...

    def parse(self, artifacts: list[NlpArtifacts]) -> None:
        """Fill ``deps`` for the given artefacts (no-op when no parser is configured)."""
        ...

    @property
    def can_parse(self) -> bool:
        """Whether :meth:`parse` produces dependency trees."""
        ...
