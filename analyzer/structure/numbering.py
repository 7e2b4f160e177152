"""Numbering schemes used in Japanese 規程, as data.

Each scheme is a name, a bounded regular expression anchored at the start of a line (no
nested quantifiers: cost stays linear, see PITFALLS), and a rank used to order schemes
when a document mixes them. The section-tree builder treats a scheme it has already seen
as a sibling and a new one as a child, which is how readers follow mixed numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KANJI_NUM = "〇一二三四五六七八九十百"
_N = r"[0-9０-９]{1,3}"
_K = rf"[{_KANJI_NUM}]{{1,4}}"

# (scheme, pattern). Group "n" is the number; group "rest" the text after the label.
SCHEMES: list[tuple[str, str]] = [
    ("part", rf"^第(?P<n>{_N}|{_K})編[ 　\t]*"),
    ("chapter", rf"^第(?P<n>{_N}|{_K})章[ 　\t]*"),
    ("section", rf"^第(?P<n>{_N}|{_K})節[ 　\t]*"),
    ("article", rf"^第(?P<n>(?:{_N}|{_K})(?:条の(?:{_N}|{_K}))?)条?[ 　\t]*(?=\S)"),
    # 1.2.3 / 1.2 / 1. / 1．  (decimal outline)
    ("decimal", rf"^(?P<n>{_N}(?:[.．]{_N}){{0,5}})(?:[.．](?![0-9０-９]))?[ 　\t]+"),
    ("paren", rf"^[(（](?P<n>{_N}|{_K}|[a-zａ-ｚア-ンｱ-ﾝ])[)）][ 　\t]*"),
    ("half-paren", rf"^(?P<n>{_N}|[a-zａ-ｚ])[)）][ 　\t]*"),
    ("circled", r"^(?P<n>[①-⑳㉑-㉟])[ 　\t]*"),
    ("kanji-item", rf"^(?P<n>{_K})[ 　、．.\t]+"),
    ("katakana", r"^(?P<n>[アイウエオカキクケコサシスセソタチツテト])[ 　.．、\t]+"),
    ("bullet", r"^(?P<n>[-‐・●•*▶➤○■◆▪□☐✓])[ 　\t]*"),
]
_COMPILED = [(name, re.compile(p)) for name, p in SCHEMES]
_ARTICLE_FIX = re.compile(rf"^第(?:{_N}|{_K})条")


@dataclass(frozen=True)
class Numbering:
    """A numbering label found at the start of a line.

    Attributes:
        scheme: scheme name (``article``, ``decimal``, ``paren`` …).
        label: the label as written (``第10条``, ``4.1``, ``(1)``, ``①``).
        number: the number part (``10``, ``4.1``, ``1``).
        depth: for ``decimal``, the number of components (``4.1`` → 2); else 1.
        rest: the text after the label.
    """

    scheme: str
    label: str
    number: str
    depth: int
    rest: str


def match_numbering(text: str) -> Numbering | None:
    """Recognise the numbering at the start of ``text`` (already stripped), if any.

    >>> match_numbering("第10条 従業者は…").label
    '第10条'
    >>> match_numbering("4.1 漏えい時の対応").depth
    2
    """
    s = text.lstrip()
    if not s:
        return None
    for name, rx in _COMPILED:
        m = rx.match(s)
        if not m:
            continue
        if name == "article" and not _ARTICLE_FIX.match(s):
            continue
        n = m.group("n")
        label = m.group(0).strip(" 　\t")
        depth = len(re.split(r"[.．]", n)) if name == "decimal" else 1
        rest = s[m.end() :].strip()
        if name == "decimal" and depth == 1 and not re.search(r"[.．]", label) and "\t" not in s[: m.end()]:
            # "2 前項の…" (an article's paragraph 項) or "3 年間" — decided by the caller.
            name = "bare-number"
        return Numbering(name, label, n, depth, rest)
    return None
