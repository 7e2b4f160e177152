"""Shared fixtures: engines are session-scoped (Sudachi loads in ~0.2 s, GiNZA in ~3 s)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analyzer.document import Block, BlockKind, Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "docs" / "happymari.txt"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Never read or write the user's result cache (~/.cache/kitei) from a test."""
    monkeypatch.setenv("KITEI_CACHE_DIR", str(tmp_path_factory.mktemp("kitei-cache")))


@pytest.fixture(scope="session")
def sudachi_engine():
    from analyzer.nlp.sudachi_engine import SudachiEngine

    return SudachiEngine()


@pytest.fixture(scope="session")
def rules_analyzer(sudachi_engine):
    """Rules only, Sudachi only: no GiNZA load (dependency checks use their pattern fallback)."""
    from analyzer.matching import AnalyzerEngine

    return AnalyzerEngine(sudachi_engine)


def make_document(lines: list[str], path: str = "memo.txt") -> Document:
    """A document from lines (tab → table row, bullet → list item), without the ingest package."""
    blocks = []
    for line in lines:
        if "\t" in line:
            blocks.append(Block(BlockKind.TABLE_ROW, line, len(blocks), cells=line.split("\t")))
        elif line.startswith(("- ", "・")):
            blocks.append(Block(BlockKind.LIST_ITEM, line, len(blocks)))
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Block(BlockKind.HEADING, line.lstrip("# "), len(blocks), level=level))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, line, len(blocks)))
    text = "\n".join(lines).encode()
    return Document(path, hashlib.sha256(text).hexdigest(), "txt", blocks)


@pytest.fixture
def doc_from_lines():
    return make_document
