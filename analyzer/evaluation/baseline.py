"""The keyword baseline: Ctrl-F for each topic's words, as reviewers do by hand.

A topic is ``covered`` when, for every aspect, one of the words of its first concept group
occurs anywhere in the document (NFKC substring search), else ``missing``. It uses the same
vocabulary as the rules but no structure, no morphology and no checks — so it shows what
the analyser adds.
"""

from __future__ import annotations

from analyzer.document import Document, normalize
from analyzer.matching.terms import expand_group
from analyzer.rules.schema import Lexicon, Ruleset, Status


def keyword_baseline(document: Document, ruleset: Ruleset, lexicon: Lexicon) -> dict[str, Status]:
    """Predicted status per topic id."""
    text = normalize(document.text)
    out: dict[str, Status] = {}
    designated = {
        a.id: any(t in text for t in expand_group(a.detect.all[0], lexicon)) for a in ruleset.applicability
    }
    for _, topic in ruleset.topics:
        if topic.match is None:
            out[topic.id] = Status.EXTERNAL
        elif topic.applies_if and not designated.get(topic.applies_if, False):
            out[topic.id] = Status.NOT_APPLICABLE
        else:
            hit = all(
                any(normalize(t) in text for t in expand_group(a.all[0], lexicon))
                for a in topic.match.aspects
            )
            out[topic.id] = Status.COVERED if hit else Status.MISSING
    return out
