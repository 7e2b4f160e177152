"""Command line: ``kitei check``, ``kitei rulesets`` (and later ``eval``, ``bench``).

Exit codes: 0 when no mandatory topic is missing, 1 when some are, 2 on unreadable input
or bad arguments (a coded bilingual message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from analyzer import __version__
from analyzer.errors import ErrorCode, KiteiError

EXIT_OK, EXIT_GAPS, EXIT_ERROR = 0, 1, 2
FORMATS = ("table", "json", "markdown", "xlsx")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep the coded message
        self.print_usage(sys.stderr)
        print(KiteiError(ErrorCode.E302, detail=message).message, file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs and tests)."""
    p = _Parser(prog="kitei", description="規程のカバレッジ分析 / Japanese policy-compliance analyser")
    p.add_argument("--version", action="version", version=f"kitei {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="文書を分析する / analyse a document")
    c.add_argument(
        "path",
        nargs="+",
        help="規程ファイル (.txt .md .docx .pdf) またはフォルダ（複数可） / files or folders",
    )
    c.add_argument(
        "--ruleset",
        "-r",
        action="append",
        dest="rulesets",
        metavar="ID",
        help="ルールセット ID（複数指定可） / ruleset id (repeatable); default isp-anshin-mark",
    )
    c.add_argument("--format", "-f", choices=FORMATS, default="table")
    c.add_argument(
        "--output",
        "-o",
        help="出力ファイル（複数ファイル時はフォルダ） / output file, or folder for several files "
        "(default: stdout; required for xlsx)",
    )
    c.add_argument(
        "--mode",
        choices=("default", "rules"),
        default="default",
        help="scorers: rules + classifier, or rules only",
    )
    c.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    c.add_argument(
        "--no-cache", action="store_true", help="結果キャッシュを使わない / do not use the result cache"
    )
    c.add_argument(
        "--jobs",
        "-j",
        type=int,
        help="並列プロセス数 / worker processes for several files (default: all CPUs)",
    )

    sub.add_parser("rulesets", help="ルールセット一覧 / list rulesets")

    e = sub.add_parser("eval", help="ラベル付きコーパスで精度を測る / evaluate on the labelled corpus")
    e.add_argument("--ruleset", "-r", action="append", dest="rulesets", metavar="ID")
    e.add_argument("--folds", type=int, default=5, help="k-fold by document (default 5)")
    e.add_argument("--output", "-o", default="out/eval.json", help="JSON report (default out/eval.json)")
    e.add_argument(
        "--doc", action="append", dest="docs", metavar="DOC_ID", help="only these corpus documents"
    )
    e.add_argument(
        "--system", action="append", dest="systems", choices=("keyword", "rules", "classifier", "combined")
    )
    e.add_argument("--quiet", "-q", action="store_true")
    e.add_argument(
        "--split", choices=("dev", "heldout"), help="only documents of this split (tune with --split dev)"
    )
    e.add_argument("--no-probes", action="store_true", help="skip the paraphrase probes")

    t = sub.add_parser("train", help="分類器を学習する / train the clause classifier on the whole corpus")
    t.add_argument("--output", "-o", help="model file (default: the packaged model path)")

    b = sub.add_parser("bench", help="ベンチマーク / benchmark vs the full GiNZA pipeline (source checkout)")
    b.add_argument("--quick", action="store_true", help="10x only, no peer: a smoke run")
    b.add_argument("--no-peer", action="store_true", help="skip the naive full-GiNZA peer")
    b.add_argument("--no-batch", action="store_true", help="skip the corpus batch")
    b.add_argument("--seed", help="seed document (default corpus/docs/happymari.txt)")
    b.add_argument("--ruleset", "-r", action="append", dest="rulesets", metavar="ID")
    b.add_argument("--multiples", help="concatenations of the seed (default 10,50)")
    b.add_argument("--output", "-o", help="JSON results (default benchmarks/results/latest.json)")

    k = sub.add_parser("cache", help="結果キャッシュの確認・削除 / show or clear the result cache")
    k.add_argument(
        "action", choices=("info", "clear", "prune"), help="info, clear, or prune to the size limit"
    )
    return p


def _progress_printer(enabled: bool) -> Callable[[str, float], None] | None:
    if not enabled:
        return None
    last = [-1]

    def show(topic: str, frac: float) -> None:
        pct = int(frac * 100)
        if pct // 10 != last[0] // 10 or topic == "done":
            last[0] = pct
            print(f"\r解析中 / analysing… {pct:3d}% {topic:<32}", end="", file=sys.stderr, flush=True)
            if topic == "done" and pct >= 100:
                print(file=sys.stderr)

    return show


def _write(output: str | None, text: str | bytes) -> None:
    if output is None:
        if isinstance(text, bytes):
            raise KiteiError(
                ErrorCode.E302, detail="--format xlsx には --output が必要です / --format xlsx needs --output"
            )
        sys.stdout.write(text)
        return
    try:
        path = Path(output)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    except OSError:
        raise KiteiError(ErrorCode.E301, path=output) from None


def cmd_check(args: argparse.Namespace) -> int:
    """Analyse one document and print or write the report; several files or a folder go to the batch."""
    from analyzer.cache import ResultCache, default_cache_dir, mode_variant
    from analyzer.report import render
    from analyzer.rules.loader import load_ruleset

    ruleset_ids = args.rulesets or ["isp-anshin-mark"]
    cache_dir = None if args.no_cache else default_cache_dir()
    batch = len(args.path) > 1 or Path(args.path[0]).is_dir() or (args.output and Path(args.output).is_dir())
    cache = ResultCache(cache_dir) if cache_dir is not None and not batch else None
    # A cache hit needs no ruleset parse, no ingest and no analyser: it implies the same
    # document, ruleset files and code were loaded, validated and analysed before.
    reports = (
        cache.get_file(args.path[0], ruleset_ids, mode_variant(args.mode)) if cache is not None else None
    )
    if reports is None:
        for rid in ruleset_ids:
            load_ruleset(rid)  # fail fast on a bad id, before reading the document
    if batch:
        from analyzer.batch import check_batch

        if args.jobs is not None and args.jobs < 1:
            raise KiteiError(ErrorCode.E302, detail="--jobs must be ≥ 1")
        return check_batch(
            args.path, ruleset_ids, args.format, args.output, args.mode, args.jobs, cache_dir, args.quiet
        )
    (path,) = args.path
    if args.format == "xlsx" and not args.output:
        raise KiteiError(
            ErrorCode.E302, detail="--format xlsx には --output が必要です / --format xlsx needs --output"
        )
    if reports is not None:
        for w in reports[0].document.warnings:
            print(w, file=sys.stderr)
    else:
        from analyzer.ingest import load_document
        from analyzer.pipeline import analyze_document, get_analyzer

        document = load_document(path)
        for w in document.warnings:
            print(w, file=sys.stderr)
        show = _progress_printer(
            not args.quiet and sys.stderr.isatty() or len(document.text) > 20_000 and not args.quiet
        )
        reports = analyze_document(
            document, ruleset_ids, analyzer=get_analyzer(args.mode), progress=show, cache=cache
        )
    if args.format == "json":
        _write(args.output, render.to_json(reports) + "\n")
    elif args.format == "markdown":
        _write(args.output, render.to_markdown(reports))
    elif args.format == "xlsx":
        from analyzer.report.excel import to_xlsx

        _write(args.output, to_xlsx(reports))
    else:
        _write(args.output, render.to_table(reports))
    return EXIT_GAPS if any(r.summary.mandatory_gaps for r in reports) else EXIT_OK


def cmd_rulesets(_: argparse.Namespace) -> int:
    """List the available rulesets."""
    from analyzer.rules.loader import available_rulesets, load_ruleset

    for rid in available_rulesets():
        rs = load_ruleset(rid)
        print(f"{rs.id}\t{rs.version}\t{len(rs.items)} items / {len(rs.topics)} topics\t{rs.title}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """Evaluate every system on the labelled corpus and print the figures."""
    from analyzer.evaluation.runner import SYSTEMS, format_table, main_eval

    if args.folds < 2:
        raise KiteiError(ErrorCode.E302, detail="--folds must be ≥ 2")
    result = main_eval(
        rulesets=args.rulesets,
        folds=args.folds,
        output=args.output,
        docs=args.docs,
        systems=tuple(args.systems or SYSTEMS),
        quiet=args.quiet,
        split=args.split,
        probes=not args.no_probes,
    )
    print(format_table(result))
    if args.output:
        print(f"JSON: {args.output}")
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    """Train the clause classifier on every labelled document and save it."""
    from analyzer.classifier.model import MODEL_PATH
    from analyzer.evaluation.runner import DEFAULT_RULESETS, train_full_model

    path = Path(args.output) if args.output else MODEL_PATH
    model = train_full_model(list(DEFAULT_RULESETS), path)
    print(f"{path}: {len(model.models)} topic models, fingerprint {model.fingerprint}")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    """Run ``benchmarks/bench.py`` of the source checkout (see ``make bench``)."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"
    spec = importlib.util.spec_from_file_location("kitei_bench", script)
    if not script.is_file() or spec is None or spec.loader is None:
        raise KiteiError(
            ErrorCode.E302, detail=f"{script} がありません / not found (needs a source checkout)"
        )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    argv = [f"--{k.replace('_', '-')}" for k in ("quick", "no_peer", "no_batch") if getattr(args, k)]
    for opt, value in (("--seed", args.seed), ("--multiples", args.multiples), ("--output", args.output)):
        if value:
            argv += [opt, value]
    for rid in args.rulesets or []:
        argv += ["-r", rid]
    return bench.main(argv)


def cmd_cache(args: argparse.Namespace) -> int:
    """Show the result cache's size, clear it, or prune it to ``$KITEI_CACHE_MAX_MB``."""
    from analyzer.cache import ResultCache

    cache = ResultCache()
    if args.action == "clear":
        print(f"{cache.directory}: {cache.clear()} 件削除 / entries removed")
    elif args.action == "prune":
        print(f"{cache.directory}: {cache.prune()} 件削除 / entries removed")
    count, size = cache.info()
    limit = cache.max_bytes / 1024 / 1024
    print(
        f"{cache.directory}: {count} 件 / entries, {size / 1024 / 1024:.1f} MB (上限 / limit {limit:.0f} MB)"
    )
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "cache": cmd_cache,
    "check": cmd_check,
    "rulesets": cmd_rulesets,
    "eval": cmd_eval,
    "train": cmd_train,
    "bench": cmd_bench,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kitei`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KiteiError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("中断しました / interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
