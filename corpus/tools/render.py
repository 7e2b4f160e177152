#!/usr/bin/env python3
"""Render a corpus authoring source (Markdown subset) to .docx or .pdf.

Usage:
    python corpus/tools/render.py SOURCE.md OUT.docx
    python corpus/tools/render.py SOURCE.md OUT.pdf

Supported Markdown subset (see corpus/README.md):
    # / ## / ### / #### -> Word "Heading 1..4" (見出し 1..4)
    - item              -> "List Bullet" (two leading spaces per nesting level -> "List Bullet 2/3")
    1. item             -> "List Number" (Word auto-numbering; the literal "1." is NOT part of the text;
                           every new list block restarts at 1)
    | a | b |           -> table ("Table Grid"); an optional |---|---| row marks the row above as header
    >> text             -> right-aligned paragraph (制定日・会社名 lines)
    ^^ text             -> centred paragraph (document title without heading style)
    **bold**            -> bold run
    <!-- pagebreak -->  -> page break
    any other line      -> one paragraph per non-empty line (lines are NOT joined)

The PDF is made by converting the rendered .docx with LibreOffice
(``soffice --headless --convert-to pdf``), so it is a real word-processor PDF.
Needs: python-docx; for PDF also libreoffice-writer-nogui and fonts-noto-cjk.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

JP_SANS = "Noto Sans CJK JP"
JP_SERIF = "Noto Serif CJK JP"
FIXED_TIME = _dt.datetime(2024, 4, 1, 9, 0, 0)

HEADING_RE = re.compile(r"^(#{1,4})\s+(.*)$")
BULLET_RE = re.compile(r"^( *)[-*]\s+(.*)$")
NUMBER_RE = re.compile(r"^( *)\d+[.)]\s+(.*)$")
TABLE_RE = re.compile(r"^\s*\|.*\|\s*$")
SEP_RE = re.compile(r"^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def _set_east_asian_font(style_or_run_element, name: str) -> None:
    rpr = style_or_run_element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), name)
    rfonts.set(qn("w:hAnsi"), name)
    # theme fonts would override the explicit ones in Word
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]


def _set_lang(style, lang: str = "ja-JP") -> None:
    rpr = style.element.get_or_add_rPr()
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), "en-US")
    el.set(qn("w:eastAsia"), lang)


def _setup_document() -> Document:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(25)
    sec.top_margin = sec.bottom_margin = Mm(25)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = JP_SERIF
    _set_east_asian_font(normal.element, JP_SERIF)
    _set_lang(normal)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title"):
        st = doc.styles[name]
        st.font.name = JP_SANS
        _set_east_asian_font(st.element, JP_SANS)
        st.font.color.rgb = None
    doc.styles["Heading 1"].font.size = Pt(15)
    doc.styles["Heading 2"].font.size = Pt(12.5)
    doc.styles["Heading 3"].font.size = Pt(11)
    doc.styles["Heading 4"].font.size = Pt(10.5)
    doc.styles["Heading 4"].font.italic = False

    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.revision = 1
    return doc


def _add_runs(paragraph, text: str) -> None:
    pos = 0
    for m in BOLD_RE.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        paragraph.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _new_numbering_instance(doc: Document) -> int:
    """Create a new w:num for the 'List Number' abstract numbering that restarts at 1."""
    numbering = doc.part.numbering_part.element
    style = doc.styles["List Number"]
    num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
    base_num_id = int(num_pr.find(qn("w:numId")).get(qn("w:val")))
    abstract_id = None
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) == base_num_id:
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            break
    existing = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    new_id = max(existing) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_id))
    absn = OxmlElement("w:abstractNumId")
    absn.set(qn("w:val"), str(abstract_id))
    num.append(absn)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return new_id


def _apply_num(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(nid)
    ppr.append(num_pr)


def _split_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip().replace("<br>", "\n") for c in s.split("|")]


def _add_table(doc: Document, rows: list[str]) -> None:
    header_rows = 0
    data: list[list[str]] = []
    for line in rows:
        if SEP_RE.match(line):
            header_rows = len(data)
            continue
        data.append(_split_row(line))
    ncols = max(len(r) for r in data)
    table = doc.add_table(rows=len(data), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(data):
        for j in range(ncols):
            cell = table.cell(i, j)
            text = row[j] if j < len(row) else ""
            lines = text.split("\n")
            cell.paragraphs[0].text = ""
            _add_runs(cell.paragraphs[0], lines[0])
            for extra in lines[1:]:
                _add_runs(cell.add_paragraph(), extra)
            if i < header_rows:
                for p in cell.paragraphs:
                    for r in p.runs:
                        r.bold = True
    doc.add_paragraph()


def render_docx(src: Path, out: Path) -> None:
    doc = _setup_document()
    lines = src.read_text(encoding="utf-8").splitlines()
    i = 0
    num_id: int | None = None  # current numbered-list instance
    title_set = False
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            num_id = None
            i += 1
            continue
        if line.strip() == "<!-- pagebreak -->":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            num_id = None
            i += 1
            continue
        if TABLE_RE.match(line):
            block = []
            while i < len(lines) and TABLE_RE.match(lines[i].rstrip()):
                block.append(lines[i].rstrip())
                i += 1
            _add_table(doc, block)
            num_id = None
            continue
        m = HEADING_RE.match(line)
        if m:
            level = len(m.group(1))
            p = doc.add_paragraph(style=f"Heading {level}")
            _add_runs(p, m.group(2).strip())
            if not title_set:
                doc.core_properties.title = BOLD_RE.sub(r"\1", m.group(2).strip())
                title_set = True
            num_id = None
            i += 1
            continue
        m = NUMBER_RE.match(line)
        if m and not m.group(1):
            if num_id is None:
                num_id = _new_numbering_instance(doc)
            p = doc.add_paragraph(style="List Number")
            _apply_num(p, num_id)
            _add_runs(p, m.group(2).strip())
            i += 1
            continue
        m = BULLET_RE.match(line)
        if m:
            depth = min(len(m.group(1)) // 2, 2)
            style = "List Bullet" if depth == 0 else f"List Bullet {depth + 1}"
            p = doc.add_paragraph(style=style)
            _add_runs(p, m.group(2).strip())
            i += 1
            continue
        num_id = None
        stripped = line.strip()
        if stripped.startswith(">>"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _add_runs(p, stripped[2:].strip())
        elif stripped.startswith("^^"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_runs(p, stripped[2:].strip())
            for r in p.runs:
                r.bold = True
                r.font.size = Pt(14)
        else:
            p = doc.add_paragraph()
            _add_runs(p, stripped)
        i += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))


def render_pdf(src: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("render.py: soffice not found; apt-get install -y libreoffice-writer-nogui fonts-noto-cjk")
    with tempfile.TemporaryDirectory(prefix="kitei_render_") as tmp:
        tmpd = Path(tmp)
        docx_path = tmpd / (out.stem + ".docx")
        render_docx(src, docx_path)
        # a private LibreOffice profile so that parallel renders do not collide
        profile = (tmpd / "lo_profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(tmpd),
            str(docx_path),
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        pdf = tmpd / (out.stem + ".pdf")
        if res.returncode != 0 or not pdf.exists():
            sys.exit(f"render.py: soffice failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, out)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    src, out = Path(argv[1]), Path(argv[2])
    ext = out.suffix.lower()
    if ext == ".docx":
        render_docx(src, out)
    elif ext == ".pdf":
        render_pdf(src, out)
    else:
        print(f"render.py: unsupported output type {ext!r} (use .docx or .pdf)", file=sys.stderr)
        return 2
    print(f"rendered {src} -> {out} ({os.path.getsize(out)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
