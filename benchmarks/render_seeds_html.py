"""Render the text seeds as HTML and print them to PDF with headless Chromium: a second producer.

    python benchmarks/render_seeds_html.py [raw/*.txt] [--out out/chromium] [--font sans-serif]
        [--size 7] [--padding 2] [--tag chromium] [--keep-html]

`render_seeds.py` draws every box and line itself with reportlab; here a browser lays the seeds
out, so the words, rules and page breaks come from a different engine: rules drawn as filled
rectangles, not lines; cell padding, line spacing and word spacing of its own; tables broken over
pages with their `<thead>` printed again. Prose lines become paragraphs, short unpunctuated lines
headings, and each run of tab-separated lines an HTML table. Each seed becomes
`<seed stem>.<tag>-<layout>.pdf` for the layouts of `render_seeds.py`: ruled (landscape, every cell
bordered), rows (portrait, a rule under the header and between rows), shaded (portrait, alternate
rows shaded) and borderless (portrait, a rule only under the header row), so `score.py` scores
them against the seed's gold.
Chromium's own header and footer are off; the page carries the running header and page number
the plan would, through CSS page margin boxes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from benchmarks.render_seeds import Block, _is_caption, _is_header, parse_seed, running_header_for

LAYOUTS = ("ruled", "rows", "shaded", "borderless")
CHROMIUM = "chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--no-pdf-header-footer"]
HEADING_MAX_CHARS = 80


def _is_heading(text: str) -> bool:
    """A short line with no closing punctuation and no bullet reads as a heading in the plans."""
    text = text.strip()
    return (0 < len(text) <= HEADING_MAX_CHARS and not text.endswith((".", ":", ";", ",", ")"))
            and not text.startswith(("-", "•", "◆", "●", "*")) and not re.fullmatch(r"[\d\s.,£%()-]+", text))


def _cell(text: str) -> str:
    return escape(text.strip())


def _table(block: Block) -> str:
    ncols = max(len(r) for r in block.rows)
    rows = [r + [""] * (ncols - len(r)) for r in block.rows]
    caption = _is_caption(rows)
    header_row = 1 if caption else 0
    repeat = header_row + 1 if _is_header(rows[header_row]) else header_row
    out = ["<table>"]
    if repeat:
        out.append("<thead>")
    for n, row in enumerate(rows):
        if n == repeat:
            out.append("</thead><tbody>" if repeat else "<tbody>")
        classes = []
        if n == header_row and repeat > header_row:
            classes.append("header")
        attr = f' class="{" ".join(classes)}"' if classes else ""
        filled = [c for c in row if c.strip()]
        if caption and n == 0 and len(filled) == 1 and row[0].strip():
            out.append(f'<tr class="caption"><td colspan="{ncols}">{_cell(row[0])}</td></tr>')
            continue
        tag = "th" if n < repeat else "td"
        out.append(f"<tr{attr}>" + "".join(f"<{tag}>{_cell(c)}</{tag}>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _style(layout: str, font: str, size: float, padding: float, running_header: str) -> str:
    page = "A4 landscape" if layout == "ruled" else "A4 portrait"
    header_rule = "table tr.header th, table tr.header td { border-bottom: 0.8pt solid black; }"
    if layout == "ruled":
        borders = "table td, table th { border: 0.5pt solid black; }"
    elif layout == "rows":
        borders = "tbody tr:not(:last-child) td { border-bottom: 0.4pt solid #808080; }\n" + header_rule
    elif layout == "shaded":
        borders = ("tbody tr:nth-child(even) td { background: #D9E2F3; }\n"
                   "* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }")
    else:
        borders = header_rule
    header = running_header.replace("\\", "\\\\").replace('"', '\\"')
    return f"""
@page {{ size: {page}; margin: 15mm 12mm 15mm 12mm;
  @top-left {{ content: "{header}"; font: 8pt {font}; }}
  @bottom-center {{ content: counter(page); font: 8pt {font}; }} }}
body {{ font-family: {font}; font-size: 9pt; line-height: 1.25; margin: 0; }}
h1 {{ font-size: 15pt; margin: 6pt 0; }}
h2 {{ font-size: 11pt; margin: 8pt 0 4pt 0; }}
p {{ margin: 0 0 4pt 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; font-size: {size}pt;
  line-height: 1.2; }}
th, td {{ text-align: left; vertical-align: top; padding: {padding}pt {padding + 1}pt; font-weight: normal; }}
tr {{ break-inside: avoid; }}
{borders}
"""


def to_html(blocks: list[Block], layout: str, running_header: str, font: str, size: float,
            padding: float) -> str:
    body: list[str] = []
    first = True
    for block in blocks:
        if not block.rows:
            continue
        if block.table:
            body.append(_table(block))
            continue
        for row in block.rows:
            text = row[0].strip()
            if not text:
                continue
            if first:
                body.append(f"<h1>{escape(text)}</h1>")
                first = False
            elif _is_heading(text):
                body.append(f"<h2>{escape(text)}</h2>")
            else:
                body.append(f"<p>{escape(text)}</p>")
    style = _style(layout, font, size, padding, running_header)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>" + style + "</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def print_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={pdf_path.resolve()}", html_path.resolve().as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    if not pdf_path.exists():
        raise RuntimeError(f"chromium wrote no PDF for {html_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/chromium"))
    parser.add_argument("--font", default="sans-serif", help="CSS font-family of the whole page")
    parser.add_argument("--size", type=float, default=7.0, help="table font size, points")
    parser.add_argument("--padding", type=float, default=2.0, help="cell padding, points")
    parser.add_argument("--tag", default="chromium", help="name part between the stem and the layout")
    parser.add_argument("--chromium", default=shutil.which(CHROMIUM) or CHROMIUM)
    parser.add_argument("--keep-html", action="store_true", help="keep the HTML next to the PDF")
    args = parser.parse_args()
    seeds = args.seeds or sorted(Path("raw").glob("*.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        text = seed.read_text(encoding="utf-8-sig")
        blocks = parse_seed(text)
        for layout in LAYOUTS:
            html = to_html(blocks, layout, running_header_for(text), args.font, args.size, args.padding)
            pdf_path = args.out / f"{seed.stem}.{args.tag}-{layout}.pdf"
            html_path = pdf_path.with_suffix(".html")
            html_path.write_text(html, encoding="utf-8")
            print_pdf(html_path, pdf_path, args.chromium)
            if not args.keep_html:
                html_path.unlink()
            print(pdf_path)


if __name__ == "__main__":
    main()
