"""``kitei eval``: run every system over the labelled corpus and score it.

Systems compared in one run, on the same prepared documents:

* ``keyword`` — Ctrl-F baseline (:mod:`analyzer.evaluation.baseline`);
* ``rules`` — the rule matcher alone;
* ``classifier`` — the clause classifier alone (ablation);
* ``combined`` — rules + classifier (the default pipeline).

The classifier is never scored on a document it was trained on: figures come from k-fold
cross-validation **by document**, and separately from training on the ``dev`` split and
testing on the ``heldout`` split.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analyzer.classifier.model import ClauseClassifier, squash
from analyzer.classifier.scorer import ClassifierScorer, classifier_only_status
from analyzer.classifier.training import train
from analyzer.document import Document
from analyzer.evaluation.agreement import SecondReading, agreement, load_second_readings
from analyzer.evaluation.baseline import keyword_baseline
from analyzer.evaluation.labels import DocumentLabels, load_labels
from analyzer.evaluation.metrics import Outcome, score
from analyzer.matching.engine import AnalyzerEngine, DocumentContext, RuleScorer
from analyzer.report.model import Report
from analyzer.rules.loader import load_ruleset
from analyzer.rules.schema import Ruleset, Status

SYSTEMS = ("keyword", "rules", "classifier", "combined")
DEFAULT_RULESETS = ("isp-anshin-mark", "pmark-jisq15001")


@dataclass
class Prepared:
    """A labelled document, ingested and prepared once for all systems."""

    label: DocumentLabels
    document: Document
    ctx: DocumentContext


def _evidence_ok(report_result_evidence: list[str], anchors: list[str]) -> bool | None:
    if not anchors or not report_result_evidence:
        return None
    cited = [squash(t) for t in report_result_evidence]
    for a in anchors:
        sa = squash(a)
        if any(sa in c or (len(c) >= 8 and c in sa) for c in cited):
            return True
    return False


def _outcomes_from_report(p: Prepared, ruleset: Ruleset, report: Report, system: str) -> list[Outcome]:
    expected = p.label.expected(ruleset)
    out = []
    for r in report.topic_results:
        ev = None
        if r.status in (Status.COVERED, Status.PARTIAL):
            ev = _evidence_ok([e.text for e in r.evidence], p.label.evidence(ruleset.id, r.id))
        out.append(Outcome(p.label.id, ruleset.id, r.id, r.status, expected[r.id], ev))
    return out


def _outcomes_from_statuses(p: Prepared, ruleset: Ruleset, statuses: dict[str, Status]) -> list[Outcome]:
    expected = p.label.expected(ruleset)
    return [Outcome(p.label.id, ruleset.id, t, s, expected[t]) for t, s in statuses.items()]


def _folds(docs: list[Prepared], k: int) -> list[list[Prepared]]:
    ordered = sorted(docs, key=lambda d: d.label.id)
    return [ordered[i::k] for i in range(k)]


def evaluate(
    rulesets: list[Ruleset],
    prepared: list[Prepared],
    analyzer: AnalyzerEngine,
    folds: int = 5,
    systems: tuple[str, ...] = SYSTEMS,
    log: Callable[[str], None] = lambda s: None,
    second_readings: dict[str, dict[str, dict[str, SecondReading]]] | None = None,
) -> dict[str, object]:
    """Score every system; returns the JSON-ready report.

    With ``second_readings`` (a second labeller's independent labels of some documents), the
    report also gives the two labellers' agreement and, on the same documents, how often the
    rules agree with each labeller.
    """
    outcomes: dict[str, dict[str, list[Outcome]]] = {
        "cv": {s: [] for s in systems},
        "heldout": {s: [] for s in systems},
    }
    rules_only = AnalyzerEngine(analyzer.nlp, scorers=[RuleScorer()], lexicon=analyzer.lexicon)

    def run_rules_and_keyword(targets: list[Prepared], bucket: str) -> None:
        for p in targets:
            for rs in rulesets:
                if "keyword" in systems:
                    outcomes[bucket]["keyword"] += _outcomes_from_statuses(
                        p, rs, keyword_baseline(p.document, rs, analyzer.lexicon)
                    )
                if "rules" in systems:
                    rep = rules_only.analyze(p.document, rs, ctx=p.ctx)
                    outcomes[bucket]["rules"] += _outcomes_from_report(p, rs, rep, "rules")

    def run_learned(train_docs: list[Prepared], test_docs: list[Prepared], bucket: str) -> None:
        if not ({"classifier", "combined"} & set(systems)) or not train_docs:
            return
        model = train([(d.label, d.ctx) for d in train_docs], rulesets)
        scorer = ClassifierScorer(model)
        combined = AnalyzerEngine(analyzer.nlp, scorers=[RuleScorer(), scorer], lexicon=analyzer.lexicon)
        for p in test_docs:
            probs = scorer.probabilities(p.ctx)
            for rs in rulesets:
                if "combined" in systems:
                    rep = combined.analyze(p.document, rs, ctx=p.ctx)
                    outcomes[bucket]["combined"] += _outcomes_from_report(p, rs, rep, "combined")
                if "classifier" in systems:
                    statuses = {}
                    for _, topic in rs.topics:
                        if topic.match is None:
                            statuses[topic.id] = Status.EXTERNAL
                        elif topic.applies_if and not p.ctx.applicability.get(topic.applies_if, False):
                            statuses[topic.id] = Status.NOT_APPLICABLE
                        else:
                            statuses[topic.id] = classifier_only_status(probs.get(topic.id))
                    outcomes[bucket]["classifier"] += _outcomes_from_statuses(p, rs, statuses)

    t0 = time.perf_counter()
    run_rules_and_keyword(prepared, "cv")
    k = max(2, min(folds, len(prepared)))
    for i, fold in enumerate(_folds(prepared, k)):
        log(f"fold {i + 1}/{k}: test {', '.join(d.label.id for d in fold)}")
        run_learned([d for d in prepared if d not in fold], fold, "cv")
    dev = [d for d in prepared if d.label.split == "dev"]
    held = [d for d in prepared if d.label.split == "heldout"]
    if held:
        run_rules_and_keyword(held, "heldout")
        run_learned(dev, held, "heldout")
    waves = sorted({d.label.wave for d in held})

    result: dict[str, object] = {
        "documents": [
            {"id": d.label.id, "split": d.label.split, "format": d.document.format} for d in prepared
        ],
        "folds": k,
        "elapsed_seconds": round(time.perf_counter() - t0, 2),
    }
    for bucket in ("cv", "heldout"):
        table: dict[str, object] = {}
        for system in systems:
            outs = outcomes[bucket][system]
            if not outs:
                continue
            per = {rs.id: score([o for o in outs if o.ruleset == rs.id]).as_dict() for rs in rulesets}
            overall = score(outs)
            table[system] = {"overall": overall.as_dict(), "per_ruleset": per, "confusion": overall.confusion}
        result[bucket] = table
    if len(waves) > 1:  # documents written in later rounds, reported apart from the first held-out set
        wave_of = {d.label.id: d.label.wave for d in held}
        result["heldout_by_wave"] = {
            str(w): {
                system: score([o for o in outcomes["heldout"][system] if wave_of[o.doc] == w]).as_dict()
                for system in systems
                if outcomes["heldout"][system]
            }
            for w in waves
        }
    if second_readings:
        docs = [d.label for d in prepared if d.label.id in second_readings]
        human = agreement(docs, rulesets, second_readings)
        entry: dict[str, object] = {"labellers": human.as_dict(), "documents": [d.id for d in docs]}
        rules_outs = [o for o in outcomes["cv"].get("rules", []) if o.doc in second_readings]
        if rules_outs:
            entry["rules_vs_first"] = score(rules_outs).accuracy
            vs_second = [
                Outcome(
                    o.doc,
                    o.ruleset,
                    o.topic,
                    o.predicted,
                    second_readings[o.doc][o.ruleset][o.topic].acceptable,
                )
                for o in rules_outs
                if o.ruleset in second_readings[o.doc]
            ]
            entry["rules_vs_second"] = score(vs_second).accuracy
        result["agreement"] = entry
    result["errors"] = {
        system: [
            {
                "doc": o.doc,
                "topic": o.topic,
                "label": [s.value for s in o.acceptable],
                "predicted": o.predicted.value,
            }
            for o in outcomes["cv"][system]
            if not o.correct and Status.EXTERNAL not in o.acceptable
        ]
        for system in systems
    }
    return result


def prepare_corpus(
    analyzer: AnalyzerEngine, labels: list[DocumentLabels], rulesets: list[Ruleset]
) -> list[Prepared]:
    """Ingest and prepare every labelled document once."""
    from analyzer.ingest import load_document

    out = []
    for label in labels:
        assert label.path is not None
        document = load_document(label.path)
        ctx = analyzer.prepare(document)
        for rs in rulesets:  # applicability is computed per ruleset; keep the union
            ctx.applicability.update(analyzer.applicability(ctx, rs))
        out.append(Prepared(label, document, ctx))
    return out


def format_table(result: dict[str, object]) -> str:
    """A plain-text table of the headline figures."""
    lines = []
    for bucket, title in (
        ("cv", "k-fold by document (all documents)"),
        ("heldout", "train dev → test heldout"),
    ):
        table = result.get(bucket) or {}
        if not table:
            continue
        lines.append(f"== {title}")
        lines.append(
            f"{'system':<11}{'ruleset':<17}{'n':>5}{'acc':>8}{'false-ass':>11}{'gap-P':>8}{'gap-R':>8}{'evid':>7}"
        )
        for system, data in table.items():  # type: ignore[union-attr]
            rows = [("overall", data["overall"])] + list(data["per_ruleset"].items())
            for name, s in rows:
                lines.append(_row(system, name, s))
            if bucket == "heldout":
                for wave, by_system in (result.get("heldout_by_wave") or {}).items():  # type: ignore[union-attr]
                    if system in by_system:
                        lines.append(_row(system, f"wave {wave}", by_system[system]))
        lines.append("")
    agree = result.get("agreement")
    if agree:
        human = agree["labellers"]  # type: ignore[index]
        lines.append(
            f"== agreement on {len(agree['documents'])} documents read by two labellers (n={human['n']})"
        )  # type: ignore[index]
        lines.append(f"labeller 1 vs labeller 2: {human['lenient']:.3f} (strict {human['strict']:.3f})")
        if "rules_vs_first" in agree:  # type: ignore[operator]
            lines.append(
                f"rules vs labeller 1: {agree['rules_vs_first']:.3f}; rules vs labeller 2: {agree['rules_vs_second']:.3f}"  # type: ignore[index]
            )
        lines.append("")
    probes = result.get("probes")
    if probes:
        lines.append("== paraphrase probes (rules only; corpus/probes, development data)")
        for name, s in probes["scores"].items():  # type: ignore[index]
            lines.append(_row("rules", name.removesuffix(".yaml")[:16], s))
        lines.append("")
    return "\n".join(lines)


def _row(system: str, name: str, s: dict[str, object]) -> str:
    ev = "-" if s["evidence_accuracy"] is None else f"{s['evidence_accuracy']:.2f}"
    return (
        f"{system:<11}{name:<17}{s['n']:>5}{s['accuracy']:>8.3f}{s['false_assurance']:>11.3f}"
        f"{s['gap_precision']:>8.3f}{s['gap_recall']:>8.3f}{ev:>7}"
    )


def main_eval(
    rulesets: list[str] | None = None,
    folds: int = 5,
    output: str | None = None,
    docs: list[str] | None = None,
    systems: tuple[str, ...] = SYSTEMS,
    quiet: bool = False,
    split: str | None = None,
    probes: bool = True,
) -> dict[str, object]:
    """Entry point used by ``kitei eval``.

    ``split="dev"`` restricts the run to development documents (for tuning without looking
    at held-out figures); ``probes`` also scores the paraphrase probes.
    """
    from analyzer.evaluation.probes import load_probe_files, run_probes, score_probes
    from analyzer.nlp import default_engine

    log: Callable[[str], None] = (lambda s: None) if quiet else (lambda s: print(s, file=sys.stderr))
    rs = [load_ruleset(r) for r in (rulesets or DEFAULT_RULESETS)]
    labels = load_labels()
    if docs:
        labels = [lab for lab in labels if lab.id in docs]
    if split:
        labels = [lab for lab in labels if lab.split == split]
    analyzer = AnalyzerEngine(default_engine())
    log(f"preparing {len(labels)} documents…")
    prepared = prepare_corpus(analyzer, labels, rs)
    result = evaluate(
        rs, prepared, analyzer, folds=folds, systems=systems, log=log, second_readings=load_second_readings()
    )
    probe_files = load_probe_files() if probes else {}
    if probe_files:
        log(f"probes: {sum(len(f.probes) for f in probe_files.values())} snippets…")
        rules_only = AnalyzerEngine(analyzer.nlp, scorers=[RuleScorer()], lexicon=analyzer.lexicon)
        probe_results = run_probes(rules_only, rs, probe_files)
        result["probes"] = {
            "scores": {k: v.as_dict() for k, v in score_probes(probe_results).items()},
            "errors": [
                {
                    "file": r.file,
                    "index": r.index,
                    "topic": r.probe.topic,
                    "expect": [s.value for s in r.probe.expect],
                    "predicted": r.predicted.value,
                    "text": r.probe.text,
                    "reason": r.reason,
                }
                for r in probe_results
                if not r.correct
            ],
        }
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def train_full_model(ruleset_ids: list[str], path: Path) -> ClauseClassifier:
    """Train on every labelled document (the shipped model) and save it to ``path``."""
    from analyzer.nlp import default_engine

    rs = [load_ruleset(r) for r in ruleset_ids]
    analyzer = AnalyzerEngine(default_engine())
    prepared = prepare_corpus(analyzer, load_labels(), rs)
    model = train([(d.label, d.ctx) for d in prepared], rs)
    model.save(path)
    return model
