"""Which characters a viewer actually shows: text outside its clipping path is not printed.

pdfminer reads every text run in a content stream, including runs that the producer clipped away
(browsers and office suites clip a cell's overflow, and some keep a hidden copy of a heading under
a filled box). The interpreter here follows the clipping path (as a bounding box, which is what
cells and boxes use) through the graphics-state stack and form XObjects and stamps each character
with it; `visible` then keeps the characters a reader of the printed page would see.
"""

from __future__ import annotations

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTPage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import MATRIX_IDENTITY, apply_matrix_pt

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pdfminer's device space
# A character counts as shown when its centre is within this distance of its clip box.
CLIP_SLACK = 1.0


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


class _ClipDevice(PDFPageAggregator):
    """Stamps each character with the clip box in force when it was drawn, and with the marked
    content id (MCID) of the innermost tagged run it is in, which a tagged PDF's structure tree
    refers to."""

    clip: Box | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mcids: list[int | None] = []

    def begin_tag(self, tag, props=None) -> None:
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self.mcids.append(mcid if isinstance(mcid, int) else (self.mcids[-1] if self.mcids else None))

    def end_tag(self) -> None:
        if self.mcids:
            self.mcids.pop()

    def render_char(self, *args, **kwargs) -> float:  # type: ignore[override]
        adv = super().render_char(*args, **kwargs)
        if self.cur_item._objs:
            char = self.cur_item._objs[-1]
            char.clip = self.clip  # type: ignore[attr-defined]
            char.mcid = self.mcids[-1] if self.mcids else None  # type: ignore[attr-defined]
        return adv


class _ClipInterpreter(PDFPageInterpreter):
    """A content-stream interpreter that keeps the clipping path's bounding box in its state."""

    inherited_clip: Box | None = None

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.clip = self.inherited_clip
        self.device.clip = self.clip  # type: ignore[attr-defined]

    def subinterp(self) -> PDFPageInterpreter:
        interp = super().subinterp()
        interp.inherited_clip = self.clip  # type: ignore[attr-defined]
        return interp

    def get_current_state(self):  # type: ignore[override]
        return (*super().get_current_state(), self.clip)

    def set_current_state(self, state) -> None:  # type: ignore[override]
        *rest, self.clip = state
        super().set_current_state(tuple(rest))
        self.device.clip = self.clip  # type: ignore[attr-defined]

    def do_W(self) -> None:
        points = [apply_matrix_pt(self.ctm, (seg[i], seg[i + 1]))
                  for seg in self.curpath for i in range(1, len(seg) - 1, 2)]
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            self.clip = _intersect(self.clip, (min(xs), min(ys), max(xs), max(ys)))
            self.device.clip = self.clip  # type: ignore[attr-defined]

    def do_W_a(self) -> None:
        self.do_W()

    def render_contents(self, resources, streams, ctm=MATRIX_IDENTITY) -> None:  # type: ignore[override]
        super().render_contents(resources, streams, ctm=ctm)
        self.device.clip = self.inherited_clip  # type: ignore[attr-defined]  # back to the caller's


def page_layout(page) -> LTPage:
    """pdfminer's layout of a pdfplumber page, its characters stamped with their clip boxes."""
    device = _ClipDevice(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    _ClipInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    return device.get_result()


def visible(char: LTChar) -> bool:
    """False for a character whose centre lies outside the clip box it was drawn in."""
    clip = getattr(char, "clip", None)
    if clip is None:
        return True
    cx, cy = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
    return (clip[0] - CLIP_SLACK <= cx <= clip[2] + CLIP_SLACK
            and clip[1] - CLIP_SLACK <= cy <= clip[3] + CLIP_SLACK)
