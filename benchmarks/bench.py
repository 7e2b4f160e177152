"""kitei benchmark: whole-process and in-process timings, throughput and peak RSS.

Measures, in one run and on this machine:

* the seed 規程, the seed concatenated to ~150,000 characters, 10x and 50x (cost must
  grow linearly), analysed against the rulesets (both by default);
* a batch of the corpus documents (``corpus/docs/*``), with one worker and with all CPUs;
* a cached re-open of the seed (the result cache hit path);
* the **naive peer**: the full ``ja_ginza`` pipeline (``spacy.load("ja_ginza")`` with all
  components) over the same text split into paragraphs under Sudachi's byte limit, so
  that every figure is also a ratio.

Whole-process figures run ``kitei check`` (and the peer's ``python -c ...``) as a
subprocess and read its peak RSS from ``wait4``. In-process figures run in a fresh
child process per case (so that peak RSS belongs to that case only): the analyser is
built, one cold analysis runs, then the warm analyses are timed.

Prints a table, writes ``benchmarks/results/latest.json`` and a Markdown table for the
README (``benchmarks/results/latest.md``)::

    .venv/bin/python benchmarks/bench.py            # full run (~3 min on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick    # no 50x, no peer: a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_SEEDS = [
    ROOT / "corpus" / "docs" / "happymari.txt",
    ROOT.parent / "shared" / "seeds" / "002_2c7f204d480a96b7.txt",
]
DEFAULT_RULESETS = ["isp-anshin-mark", "pmark-jisq15001"]
MAX_PARAGRAPH_BYTES = 40_000  # Sudachi refuses one call over 49,149 bytes

#: The naive peer, as one would write it: load the full GiNZA pipeline, parse paragraphs.
PEER_SCRIPT = (
    r"""
import sys, time
t0 = time.perf_counter()
import spacy
nlp = spacy.load("ja_ginza")
t1 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
def pieces(line, limit=MAX_BYTES):
    while len(line.encode("utf-8")) > limit:
        cut = limit // 4
        k = max(line.rfind("。", 0, cut), 0)
        cut = k + 1 if k else cut
        yield line[:cut]
        line = line[cut:]
    if line.strip():
        yield line
paragraphs = [p for line in text.splitlines() if line.strip() for p in pieces(line)]
docs = [nlp(p) for p in paragraphs]
t2 = time.perf_counter()
print("PEER", t1 - t0, t2 - t1, len(paragraphs), sum(len(d) for d in docs), file=sys.stderr)
"""
).replace("MAX_BYTES", str(MAX_PARAGRAPH_BYTES))


# --- helpers ------------------------------------------------------------------------


def run_timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict:
    """Run ``cmd``; wall time, exit code and peak RSS (MB) of the process and its children."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    return {
        "seconds": round(wall, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": proc.returncode,
        "stderr": stderr.decode("utf-8", "replace")[-2000:],
    }


def kitei_cmd() -> list[str]:
    script = Path(sys.executable).with_name("kitei")
    return [str(script)] if script.exists() else [sys.executable, "-m", "analyzer.cli"]


def child_json(args: list[str]) -> dict:
    """Run this script in a child with ``args``; parse the JSON it prints last; add its RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    data = json.loads(out.decode().strip().splitlines()[-1])
    data["child_seconds"] = round(wall, 3)
    return data


def make_inputs(seed: Path, workdir: Path, multiples: list[int], target_150k: int) -> dict[str, Path]:
    text = seed.read_text(encoding="utf-8").rstrip("\n") + "\n"
    files = {"seed": workdir / "seed-1x.txt"}
    files["seed"].write_text(text, encoding="utf-8")
    k150 = -(-target_150k // len(text))  # ceil
    cases = {"150k": k150, **{f"{m}x": m for m in multiples}}
    for name, k in cases.items():
        p = workdir / f"seed-{name}.txt"
        p.write_text(text * k, encoding="utf-8")
        files[name] = p
    return files


def chars_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8"))


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("kitei", "spacy", "ginza", "ja-ginza", "sudachipy", "sudachidict-core"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "-"
    return out


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "-"


# --- child modes ----------------------------------------------------------------------


def inproc(path: str, rulesets: list[str], repeat: int, mode: str) -> dict:
    """In-process timings for one file (runs in a fresh child)."""
    import resource

    t0 = time.perf_counter()
    from analyzer.ingest import load_document
    from analyzer.pipeline import analyze_document, get_analyzer

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    analyzer = get_analyzer(mode)
    t_build = time.perf_counter() - t0

    def once() -> tuple[float, float, int]:
        a = time.perf_counter()
        doc = load_document(path)
        b = time.perf_counter()
        analyze_document(doc, rulesets, analyzer=analyzer)
        c = time.perf_counter()
        return b - a, c - b, len(doc.text)

    ingest_c, analysis_c, chars = once()
    runs = [once() for _ in range(repeat)]
    warm = [r[0] + r[1] for r in runs]
    doc = load_document(path)
    t0 = time.perf_counter()
    analyzer.prepare(doc)  # structure + Sudachi: the part of the analysis that grows with the text
    t_prepare = time.perf_counter() - t0
    out = {
        "chars": chars,
        "import_s": round(t_import, 3),
        "build_analyzer_s": round(t_build, 3),
        "cold_s": round(ingest_c + analysis_c, 3),
        "warm_s": round(statistics.median(warm), 3),
        "warm_min_s": round(min(warm), 3),
        "warm_ingest_s": round(statistics.median(r[0] for r in runs), 3),
        "warm_prepare_s": round(t_prepare, 3),
        "repeat": repeat,
        "ginza_loaded": "spacy" in sys.modules,
    }
    # Cached re-open: store, then time the lookup by file hash (no ingest, no analysis).
    from analyzer.cache import ResultCache
    from analyzer.pipeline import cached_path_reports

    with tempfile.TemporaryDirectory() as d:
        cache = ResultCache(d)
        hits: list[float] = []
        for _ in range(2):  # twice: a ruleset edited meanwhile (by someone else) changes the key
            analyze_document(load_document(path), rulesets, analyzer=analyzer, cache=cache)
            for _ in range(3):
                a = time.perf_counter()
                got = cached_path_reports(path, rulesets, cache, analyzer=analyzer)
                if got is not None:
                    hits.append(time.perf_counter() - a)
            if hits:
                break
        out["cached_reopen_s"] = round(min(hits), 4) if hits else None
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def peer_inproc(path: str) -> dict:
    """The naive peer in-process: full ja_ginza, one nlp() call per paragraph."""
    import resource

    ns: dict = {}
    saved = sys.argv
    sys.argv = ["peer", path]
    try:
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stderr(buf):
            exec(compile(PEER_SCRIPT, "<peer>", "exec"), ns)
    finally:
        sys.argv = saved
    _, load, run, paragraphs, tokens = buf.getvalue().split()[-5:]
    return {
        "load_s": round(float(load), 3),
        "run_s": round(float(run), 3),
        "paragraphs": int(paragraphs),
        "tokens": int(tokens),
        "components": list(ns["nlp"].pipe_names),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


# --- the run ----------------------------------------------------------------------------


def fmt_s(x: float | None) -> str:
    return "-" if x is None else (f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=Path, help="the seed document (default corpus/docs/happymari.txt)")
    ap.add_argument("--ruleset", "-r", action="append", dest="rulesets", help="default: both rulesets")
    ap.add_argument("--mode", default="default", choices=("default", "rules"))
    ap.add_argument("--multiples", default="10,50", help="concatenations of the seed (default 10,50)")
    ap.add_argument("--no-peer", action="store_true", help="skip the naive full-GiNZA peer")
    ap.add_argument("--no-batch", action="store_true", help="skip the corpus batch")
    ap.add_argument("--quick", action="store_true", help="10x only, no peer: a smoke run")
    ap.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    ap.add_argument("--markdown", type=Path, default=RESULTS / "latest.md")
    ap.add_argument("--_inproc", help=argparse.SUPPRESS)
    ap.add_argument("--_peer", help=argparse.SUPPRESS)
    ap.add_argument("--_repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from analyzer.rules.loader import available_rulesets

    available = available_rulesets()
    rulesets = args.rulesets or [r for r in DEFAULT_RULESETS if r in available]
    if args._inproc:
        print(json.dumps(inproc(args._inproc, rulesets, args._repeat, args.mode)))
        return 0
    if args._peer:
        print(json.dumps(peer_inproc(args._peer)))
        return 0

    seed = args.seed or next((p for p in DEFAULT_SEEDS if p.is_file()), None)
    if seed is None:
        print("no seed document found; pass --seed", file=sys.stderr)
        return 2
    multiples = [10] if args.quick else [int(m) for m in args.multiples.split(",") if m]
    peer = not (args.no_peer or args.quick)
    missing = [r for r in DEFAULT_RULESETS if r not in rulesets]
    result: dict = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), **versions()},
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "revision": git_revision(),
        "seed": str(seed.relative_to(ROOT) if seed.is_relative_to(ROOT) else seed),
        "rulesets": rulesets,
        "rulesets_missing": missing,
        "mode": args.mode,
    }
    rs_args = [a for r in rulesets for a in ("-r", r)]
    work = Path(tempfile.mkdtemp(prefix="kitei-bench-"))
    log = lambda msg: print(f"… {msg}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        # Snapshot the rulesets: an edit during the run (by someone else) must not change
        # the analysis halfway. Children inherit KITEI_RULESETS.
        from analyzer.rules.loader import rulesets_dir

        snapshot = work / "rulesets"
        shutil.copytree(rulesets_dir(), snapshot)
        os.environ["KITEI_RULESETS"] = str(snapshot)
        from analyzer.cache import ruleset_fingerprint

        result["ruleset_versions"] = {r: ruleset_fingerprint(r, snapshot)[0] for r in rulesets}
        files = make_inputs(seed, work, multiples, 150_000)
        cases: dict[str, dict] = {}
        repeats = {"seed": 5, "150k": 3}
        for name, path in files.items():
            chars = chars_of(path)
            log(f"{name}: {chars:,} characters — whole process")
            whole = run_timed(
                [*kitei_cmd(), "check", str(path), *rs_args, "--mode", args.mode]
                + ["--format", "json", "--output", os.devnull, "--quiet", "--no-cache"]
            )
            if whole["exit"] not in (0, 1):
                raise RuntimeError(f"kitei check failed on {name}: {whole['stderr']}")
            if name == "seed":  # the seed is short: take the median of 3 processes
                more = [whole] + [
                    run_timed(
                        [*kitei_cmd(), "check", str(path), *rs_args, "--mode", args.mode]
                        + ["--format", "json", "--output", os.devnull, "--quiet", "--no-cache"]
                    )
                    for _ in range(2)
                ]
                whole = sorted(more, key=lambda r: r["seconds"])[1]
            log(f"{name}: in-process")
            rep = repeats.get(name, 2 if chars < 1_000_000 else 1)
            inp = child_json(["--_inproc", str(path), "--_repeat", str(rep), "--mode", args.mode, *rs_args])
            whole.pop("stderr", None)
            cases[name] = {"chars": chars, "whole": whole, "inproc": inp}

        # Cached re-open, whole process: populate, then time three hits.
        log("seed: cached re-open")
        env = {**os.environ, "KITEI_CACHE_DIR": str(work / "cache")}
        cmd = [*kitei_cmd(), "check", str(files["seed"]), *rs_args, "--mode", args.mode]
        cmd += ["--format", "json", "--output", os.devnull, "--quiet"]
        run_timed(cmd, env=env)
        hits = [run_timed(cmd, env=env) for _ in range(3)]
        for h in hits:
            h.pop("stderr", None)
        result["cached_reopen"] = {
            "whole_process": sorted(hits, key=lambda r: r["seconds"])[1],
            "inproc_lookup_s": cases["seed"]["inproc"]["cached_reopen_s"],
        }

        # Corpus batch.
        docs = sorted(
            p
            for p in (ROOT / "corpus" / "docs").glob("*")
            if p.suffix.lower() in (".txt", ".md", ".docx", ".pdf")
        )
        if docs and not args.no_batch:
            batch: dict = {"documents": len(docs), "bytes": sum(p.stat().st_size for p in docs)}
            for jobs in sorted({1, os.cpu_count() or 1}):
                log(f"corpus batch: {len(docs)} documents, {jobs} job(s)")
                out_dir = work / f"batch-{jobs}"
                r = run_timed(
                    [*kitei_cmd(), "check", str(ROOT / "corpus" / "docs"), *rs_args, "--mode", args.mode]
                    + [
                        "--format",
                        "json",
                        "--output",
                        str(out_dir),
                        "--quiet",
                        "--no-cache",
                        "--jobs",
                        str(jobs),
                    ]
                )
                r.pop("stderr", None)
                chars = 0
                for rep_file in out_dir.glob("*.json"):
                    data = json.loads(rep_file.read_text(encoding="utf-8"))
                    first = data[0] if isinstance(data, list) else data
                    chars += first["document"]["characters"]
                r["chars"] = chars
                r["docs_per_s"] = round(len(docs) / r["seconds"], 2)
                batch[f"jobs_{jobs}"] = r
            result["batch"] = batch

        # The naive peer.
        if peer:
            log("naive peer (full ja_ginza): whole process on the seed (~25 s)")
            pw = run_timed([sys.executable, "-c", PEER_SCRIPT, str(files["seed"])])
            if pw["exit"] != 0:
                raise RuntimeError(f"peer failed: {pw['stderr']}")
            pw.pop("stderr", None)
            log("naive peer: in-process on the seed (~25 s)")
            pi = child_json(["--_peer", str(files["seed"])])
            result["peer"] = {"seed": {"chars": cases["seed"]["chars"], "whole": pw, "inproc": pi}}
        result["cases"] = cases
        result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        result["targets"] = targets(result)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md = markdown(result)
    args.markdown.write_text(md, encoding="utf-8")
    print(md)
    print(f"JSON: {args.output}\nMarkdown: {args.markdown}")
    return 0 if all(t["ok"] is not False for t in result["targets"]) else 1


def targets(r: dict) -> list[dict]:
    c = r["cases"]
    seed = c["seed"]
    out: list[dict] = []

    def add(name: str, measured: str, limit: str, ok: bool | None) -> None:
        out.append({"target": name, "measured": measured, "limit": limit, "ok": ok})

    peer = r.get("peer", {}).get("seed")
    if peer:
        speed = peer["inproc"]["run_s"] / seed["inproc"]["warm_min_s"]
        add(
            "warm analysis of the seed vs naive full-GiNZA pass",
            f"{speed:.0f}x faster",
            ">= 10x",
            speed >= 10,
        )
        share = seed["whole"]["seconds"] / peer["whole"]["seconds"]
        add("whole `kitei check` process vs naive peer process", f"{share:.0%}", "<= 25%", share <= 0.25)
    else:
        add("warm analysis of the seed vs naive full-GiNZA pass", "not run", ">= 10x", None)
        add("whole `kitei check` process vs naive peer process", "not run", "<= 25%", None)
    k150 = c.get("150k")
    if k150:
        add(
            f"{k150['chars']:,}-character document, warm",
            f"{k150['inproc']['warm_min_s']:.2f} s",
            "<= 10 s",
            k150["inproc"]["warm_min_s"] <= 10,
        )
        rss = max(k150["inproc"]["peak_rss_mb"], k150["whole"]["peak_rss_mb"])
        add(f"{k150['chars']:,}-character document, peak RSS", f"{rss:.0f} MB", "<= 1536 MB", rss <= 1536)
    big = c.get("50x")
    if big:
        # Best of N runs for the seed, one run for 50x: noise can only inflate the ratio.
        ratio = big["inproc"]["warm_min_s"] / seed["inproc"]["warm_min_s"]
        add("50x text: time / seed time (warm)", f"{ratio:.1f}x", "<= 60x", ratio <= 60)
    cr = r.get("cached_reopen")
    if cr:
        s = cr["whole_process"]["seconds"]
        add("cached re-open (whole `kitei check` process)", f"{s:.2f} s", "< 0.5 s", s < 0.5)
    return out


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"Measured {r['when'][:10]} on {m['cpus']} CPUs, Python {m['python']}, spaCy {m['spacy']}, "
        f"GiNZA {m['ginza']}, SudachiPy {m['sudachipy']} (`make bench`, revision {r['revision']}); "
        f"rulesets: {', '.join(r['rulesets'])}"
        + (f" (missing: {', '.join(r['rulesets_missing'])})" if r["rulesets_missing"] else "")
        + f"; mode `{r['mode']}`; load average {r['loadavg_start'][0]} → {r.get('loadavg_end', ['?'])[0]}"
        " (other processes share the CPUs when it is above ~0.5).",
        "",
        "| input | characters | `kitei check` process | peak RSS | warm in-process (best of n) | chars/s (warm) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, c in r["cases"].items():
        w, i = c["whole"], c["inproc"]
        lines.append(
            f"| {name} | {c['chars']:,} | {fmt_s(w['seconds'])} | {w['peak_rss_mb']:.0f} MB | "
            f"{fmt_s(i['warm_min_s'])} ({i['repeat']}) | {c['chars'] / i['warm_min_s']:,.0f} |"
        )
    peer = r.get("peer", {}).get("seed")
    if peer:
        lines.append(
            f"| naive peer: full `ja_ginza` on the seed ({peer['inproc']['paragraphs']} paragraphs) | "
            f"{peer['chars']:,} | {fmt_s(peer['whole']['seconds'])} | {peer['whole']['peak_rss_mb']:.0f} MB | "
            f"{fmt_s(peer['inproc']['run_s'])} (+ {fmt_s(peer['inproc']['load_s'])} load) | "
            f"{peer['chars'] / peer['inproc']['run_s']:,.0f} |"
        )
    cr = r.get("cached_reopen")
    if cr:
        lines.append(
            f"| seed, cached re-open | {r['cases']['seed']['chars']:,} | {fmt_s(cr['whole_process']['seconds'])} | "
            f"{cr['whole_process']['peak_rss_mb']:.0f} MB | {fmt_s(cr['inproc_lookup_s'])} | - |"
        )
    b = r.get("batch")
    if b:
        for key, v in b.items():
            if key.startswith("jobs_"):
                lines.append(
                    f"| corpus batch, {b['documents']} files, `--jobs {key[5:]}` | {v['chars']:,} | "
                    f"{fmt_s(v['seconds'])} | {v['peak_rss_mb']:.0f} MB | - | {v['chars'] / v['seconds']:,.0f} |"
                )
    lines += ["", "| target | measured | limit | met |", "|---|---|---|---|"]
    for t in r["targets"]:
        ok = {True: "yes", False: "**no**", None: "not run"}[t["ok"]]
        lines.append(f"| {t['target']} | {t['measured']} | {t['limit']} | {ok} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
