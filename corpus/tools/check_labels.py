#!/usr/bin/env python3
"""Validate the labelled evaluation corpus (corpus/labels/*.yaml).

Usage:
    python corpus/tools/check_labels.py                 # every label file
    python corpus/tools/check_labels.py labels/x.yaml   # selected files
    python corpus/tools/check_labels.py --summary       # also print per-document status counts

Checks, per label file:
  * required keys, known ``style`` / ``split`` values, the document file exists;
  * every ruleset id and topic id is known, every status (or list of statuses) is valid;
  * 7-0-1 / 7-0-2 are ``external``; ``not_applicable`` is used only for the
    指定電気通信事業者 topics (7-2-3, 7-2-4, 7-2-5, 7-4-2) unless the file says otherwise (warning);
  * every ``evidence`` string and every ``clauses[].text`` is an exact substring of the
    document text.  For .txt/.md documents the document file itself is read (UTF-8, or
    CP932 / the ``encoding:`` key); for .docx/.pdf the authoring source
    ``sources/<doc_id>.md`` with Markdown markup stripped is used and whitespace is ignored.
    The rendered .docx is also checked (error) and the .pdf text layer (warning only:
    PDF extraction interleaves wrapped table cells).

Exit status 0 when there are no errors (warnings do not fail).
The helpers ``load_label``, ``document_text`` and ``resolve_statuses`` are importable by
an evaluation harness (``sys.path.insert(0, "corpus/tools")``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent.parent

ISP_TOPICS = [
    "1-1-1.basic-policy", "1-1-1.scope", "1-1-1.organization", "1-1-1.asset-protection",
    "1-1-1.disposal", "1-1-1.review", "1-1-1.operation-education", "1-1-1.compliance",
    "1-1-2", "1-1-3", "1-1-4", "1-2-1",
    "2-1-1", "2-1-2", "2-1-3", "2-1-4", "2-1-5", "2-2-1", "2-3-1", "2-3-2",
    "3-1-1", "3-1-2", "3-1-3", "3-1-4", "3-1-5", "3-1-6", "3-1-7", "3-1-8",
    "3-2-1", "3-3-1", "3-3-2",
    "4-1-1", "4-1-2", "4-1-3", "4-1-4", "4-2-1", "4-2-2", "4-2-3", "4-3-1", "4-3-2", "4-4-1",
    "5-1-1", "5-1-2", "5-1-3", "5-1-4", "5-2-1",
    "6-1-1", "6-2-1", "6-3-1",
    "7-0-1", "7-0-2",
    "7-1-1.access-limitation", "7-1-1.access-log-retention", "7-1-1.password-change",
    "7-1-1.room-entry", "7-1-2", "7-1-3",
    "7-2-1", "7-2-2.proper-use-acquisition", "7-2-2.purpose", "7-2-2.safety-supervision-leak",
    "7-2-2.third-party", "7-2-2.disclosure", "7-2-3", "7-2-4", "7-2-5",
    "7-3-1", "7-4-1", "7-4-2", "7-4-3", "7-5-1", "7-5-2", "7-6-1", "7-6-2", "7-6-3",
]
PMARK_TOPICS = [
    "pm-identify", "pm-legal", "pm-risk", "pm-roles", "pm-emergency", "pm-acquisition",
    "pm-management", "pm-rights", "pm-awareness", "pm-documents", "pm-complaints", "pm-check",
    "pm-corrective", "pm-review", "pm-penalty",
]
RULESETS = {"isp-anshin-mark": ISP_TOPICS, "pmark-jisq15001": PMARK_TOPICS}
ALL_TOPICS = set(ISP_TOPICS) | set(PMARK_TOPICS)

STATUSES = {"covered", "partial", "missing", "not_applicable", "external"}
SCORED = {"covered", "partial", "missing"}
DESIGNATED_ONLY = {"7-2-3", "7-2-4", "7-2-5", "7-4-2"}  # 指定電気通信事業者 only
EXTERNAL_ONLY = {"7-0-1", "7-0-2"}
STYLES = {"article", "numbered-sections", "municipal", "memo", "table-heavy", "seed"}
SPLITS = {"dev", "heldout"}
DOC_EXTS = {".txt", ".md", ".docx", ".pdf"}
REQUIRED_KEYS = {"document", "title", "style", "split", "rulesets"}
KNOWN_KEYS = REQUIRED_KEYS | {
    "notes", "clauses", "encoding", "source", "designated_carrier", "wave"
}

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Remove all whitespace (including U+3000) for whitespace-insensitive matching."""
    return _WS.sub("", text)


# --------------------------------------------------------------------------- text access

def load_label(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError("label file is not a mapping")
    return data


def read_text_file(path: Path, encoding: str | None = None) -> str:
    raw = path.read_bytes()
    if encoding:
        return raw.decode(encoding)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp932")


_MD_TABLE_SEP = re.compile(r"^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$")


def strip_markdown(md: str) -> str:
    """Plain text of an authoring source as the renderer puts it into the .docx."""
    out = []
    for line in md.splitlines():
        s = line.rstrip()
        if not s.strip() or s.strip() == "<!-- pagebreak -->" or _MD_TABLE_SEP.match(s):
            out.append("")
            continue
        s = re.sub(r"^#{1,4}\s+", "", s)
        s = re.sub(r"^\d+[.)]\s+", "", s)  # auto-numbered list: the number is not text
        s = re.sub(r"^ *[-*]\s+", "", s)
        s = re.sub(r"^\s*(>>|\^\^)\s*", "", s)
        if s.strip().startswith("|"):
            cells = s.strip().strip("|").split("|")
            s = "\n".join(c.strip().replace("<br>", "\n") for c in cells)
        s = s.replace("**", "")
        out.append(s)
    return "\n".join(out)


def docx_text(path: Path) -> str:
    import docx  # python-docx

    d = docx.Document(str(path))
    parts: list[str] = []
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for tc in child.iter():
                if tc.tag.endswith("}tc"):
                    for p in tc.iter():
                        if p.tag.endswith("}p"):
                            parts.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def document_text(label: dict, label_path: Path | None = None) -> tuple[str, bool]:
    """Return (reference text, whitespace_insensitive) used to validate substrings."""
    doc = CORPUS / label["document"]
    ext = doc.suffix.lower()
    if ext in (".txt", ".md"):
        return read_text_file(doc, label.get("encoding")), False
    src = CORPUS / label.get("source", f"sources/{doc.stem}.md")
    return strip_markdown(src.read_text(encoding="utf-8")), True


def resolve_statuses(label: dict) -> dict[str, dict[str, list[str]]]:
    """Effective acceptable statuses for every topic of every labelled ruleset."""
    result: dict[str, dict[str, list[str]]] = {}
    designated = bool(label.get("designated_carrier", False))
    for rs_id, rs in (label.get("rulesets") or {}).items():
        topics = rs.get("topics") or {}
        default = rs.get("default", "missing")
        eff: dict[str, list[str]] = {}
        for t in RULESETS[rs_id]:
            if t in topics:
                st = topics[t]["status"] if isinstance(topics[t], dict) else topics[t]
                eff[t] = list(st) if isinstance(st, list) else [st]
            elif t in EXTERNAL_ONLY:
                eff[t] = ["external"]
            elif t in DESIGNATED_ONLY and not designated:
                eff[t] = ["not_applicable"]
            else:
                eff[t] = [default]
        result[rs_id] = eff
    return result


# --------------------------------------------------------------------------- checking

class Report:
    def __init__(self, name: str):
        self.name = name
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


def _contains(haystack: str, needle: str, ws_insensitive: bool) -> bool:
    if ws_insensitive:
        return squash(needle) in squash(haystack)
    return needle in haystack


def check_file(path: Path) -> tuple[Report, dict | None]:
    rep = Report(str(path.relative_to(CORPUS)) if path.is_relative_to(CORPUS) else str(path))
    try:
        label = load_label(path)
    except Exception as exc:  # noqa: BLE001
        rep.err(f"cannot parse YAML: {exc}")
        return rep, None

    for k in REQUIRED_KEYS - label.keys():
        rep.err(f"missing key {k!r}")
    for k in label.keys() - KNOWN_KEYS:
        rep.warn(f"unknown key {k!r}")
    if label.get("style") not in STYLES:
        rep.err(f"style {label.get('style')!r} not in {sorted(STYLES)}")
    if label.get("split") not in SPLITS:
        rep.err(f"split {label.get('split')!r} not in {sorted(SPLITS)}")
    if "wave" in label and (not isinstance(label["wave"], int) or label["wave"] < 1):
        rep.err(f"wave {label['wave']!r} must be a positive integer")
    if "document" not in label:
        return rep, label

    doc = CORPUS / label["document"]
    if doc.suffix.lower() not in DOC_EXTS:
        rep.err(f"document extension {doc.suffix!r} not in {sorted(DOC_EXTS)}")
    if not doc.exists():
        rep.err(f"document {label['document']} does not exist")
        return rep, label
    if doc.stem != path.stem:
        rep.warn(f"document stem {doc.stem!r} differs from label file stem {path.stem!r}")

    try:
        text, ws_ins = document_text(label, path)
    except Exception as exc:  # noqa: BLE001
        rep.err(f"cannot read document/source text: {exc}")
        return rep, label

    rendered = None
    rendered_is_pdf = False
    if doc.suffix.lower() == ".docx":
        try:
            rendered = docx_text(doc)
        except Exception as exc:  # noqa: BLE001
            rep.err(f"cannot read rendered docx: {exc}")
    elif doc.suffix.lower() == ".pdf":
        rendered_is_pdf = True
        try:
            rendered = pdf_text(doc)
        except Exception as exc:  # noqa: BLE001
            rep.warn(f"cannot read pdf text layer: {exc}")

    def check_sub(s: str, where: str) -> None:
        if not isinstance(s, str) or not s.strip():
            rep.err(f"{where}: empty or non-string")
            return
        if not _contains(text, s, ws_ins):
            rep.err(f"{where}: not a substring of the document text: {s!r}")
            return
        if rendered is not None and not _contains(rendered, s, True):
            msg = f"{where}: not found in rendered {doc.suffix} text: {s!r}"
            (rep.warn if rendered_is_pdf else rep.err)(msg)

    rulesets = label.get("rulesets") or {}
    if not isinstance(rulesets, dict) or not rulesets:
        rep.err("rulesets: empty")
        rulesets = {}
    for rs_id, rs in rulesets.items():
        if rs_id not in RULESETS:
            rep.err(f"unknown ruleset {rs_id!r}")
            continue
        if not isinstance(rs, dict):
            rep.err(f"{rs_id}: not a mapping")
            continue
        default = rs.get("default", "missing")
        if default not in STATUSES:
            rep.err(f"{rs_id}: default status {default!r} invalid")
        topics = rs.get("topics") or {}
        for t, spec in topics.items():
            where = f"{rs_id}/{t}"
            if t not in RULESETS[rs_id]:
                rep.err(f"{where}: unknown topic id")
                continue
            if not isinstance(spec, dict) or "status" not in spec:
                rep.err(f"{where}: must be a mapping with 'status'")
                continue
            for k in spec.keys() - {"status", "evidence", "note"}:
                rep.warn(f"{where}: unknown key {k!r}")
            st = spec["status"]
            sts = st if isinstance(st, list) else [st]
            if not sts or any(s not in STATUSES for s in sts):
                rep.err(f"{where}: invalid status {st!r}")
                continue
            if isinstance(st, list) and len(st) < 2:
                rep.warn(f"{where}: status list with a single value")
            if isinstance(st, list) and len(set(st)) != len(st):
                rep.err(f"{where}: duplicate statuses in {st!r}")
            if t in EXTERNAL_ONLY and sts != ["external"]:
                rep.err(f"{where}: must be external")
            if "external" in sts and t not in EXTERNAL_ONLY:
                rep.err(f"{where}: 'external' is reserved for 7-0-1/7-0-2")
            if "not_applicable" in sts and t not in DESIGNATED_ONLY:
                rep.warn(f"{where}: not_applicable outside the 指定電気通信事業者 topics")
            ev = spec.get("evidence") or []
            if not isinstance(ev, list):
                rep.err(f"{where}: evidence must be a list")
                ev = []
            if any(s in ("covered", "partial") for s in sts) and not ev:
                rep.warn(f"{where}: covered/partial without evidence")
            if st == default and not ev and not spec.get("note"):
                rep.warn(f"{where}: listed with the default status without evidence or note")
            for i, s in enumerate(ev):
                check_sub(s, f"{where} evidence[{i}]")

    clauses = label.get("clauses") or []
    if not isinstance(clauses, list):
        rep.err("clauses must be a list")
        clauses = []
    seen = set()
    for i, c in enumerate(clauses):
        where = f"clauses[{i}]"
        if not isinstance(c, dict) or "text" not in c or "topics" not in c:
            rep.err(f"{where}: needs 'text' and 'topics'")
            continue
        for k in c.keys() - {"text", "topics", "note"}:
            rep.warn(f"{where}: unknown key {k!r}")
        check_sub(c["text"], where)
        if c["text"] in seen:
            rep.warn(f"{where}: duplicate clause text")
        seen.add(c["text"])
        tps = c["topics"]
        if not isinstance(tps, list):
            rep.err(f"{where}: topics must be a list")
            continue
        for t in tps:
            if t not in ALL_TOPICS:
                rep.err(f"{where}: unknown topic id {t!r}")
    n = len(clauses)
    if n and not 15 <= n <= 40:
        rep.warn(f"{n} clause labels (aim for 15-40)")
    if clauses and not any(not c.get("topics") for c in clauses if isinstance(c, dict)):
        rep.warn("no negative clause (topics: [])")
    return rep, label


def summarize(label: dict) -> str:
    parts = []
    for rs_id, eff in resolve_statuses(label).items():
        counts = {"covered": 0, "partial": 0, "missing": 0, "ambiguous": 0, "n/a": 0}
        for sts in eff.values():
            if len(sts) > 1:
                counts["ambiguous"] += 1
            elif sts[0] in ("covered", "partial", "missing"):
                counts[sts[0]] += 1
            else:
                counts["n/a"] += 1
        parts.append(
            f"{rs_id}: C{counts['covered']} P{counts['partial']} M{counts['missing']}"
            f" amb{counts['ambiguous']} na/ext{counts['n/a']}"
        )
    return "; ".join(parts)


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    summary = "--summary" in argv
    files = [Path(a) if Path(a).is_absolute() else (Path.cwd() / a) for a in args]
    files = [f if f.exists() else CORPUS / a for f, a in zip(files, args, strict=True)]
    if not files:
        files = sorted((CORPUS / "labels").glob("*.yaml"))
    if not files:
        print("no label files found")
        return 1
    n_err = n_warn = 0
    for f in files:
        rep, label = check_file(f.resolve())
        status = "OK" if not rep.errors else "FAIL"
        line = f"[{status}] {rep.name}"
        if summary and label and not rep.errors:
            line += f"  ({summarize(label)}; {len(label.get('clauses') or [])} clauses)"
        print(line)
        for e in rep.errors:
            print(f"    ERROR: {e}")
        for w in rep.warnings:
            print(f"    warn:  {w}")
        n_err += len(rep.errors)
        n_warn += len(rep.warnings)
    print(f"{len(files)} files, {n_err} errors, {n_warn} warnings")
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
