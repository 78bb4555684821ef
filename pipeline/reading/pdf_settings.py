"""Every threshold the PDF reader uses, in one validated, frozen object.

Distances are in font sizes of the text concerned unless named in points or as a share of the page,
so one setting holds for an 7pt table and a 11pt paragraph alike. `ReaderSettings.resolve` accepts
None (the defaults), a dict of overrides or an instance, as pdfplumber's `TableSettings` does;
`plans build --pdf-setting NAME=VALUE` sets one for a build.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ReaderSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- words and printed lines
    x_tolerance: float = Field(1.5, gt=0, description="pdfplumber word extraction: gap (pt) inside a word")
    y_tolerance: float = Field(2.0, gt=0, description="pdfplumber word extraction: baseline drift (pt)")
    line_tolerance: float = Field(2.5, gt=0, description="words whose tops differ less (pt) share a line")
    wrap_pitch: float = Field(1.45, gt=1, description="a paragraph's baselines are at most this far apart")
    column_gap: float = Field(0.5, gt=0, description="a gap between words wider than this separates cells")
    word_space: float = Field(0.4, gt=0, description="gaps up to this are word spaces in prose crossing a column")
    # --- rules and shading
    rule_min_share: float = Field(0.2, gt=0, lt=1, description="shorter rules (share of page width) are decoration")
    fill_rule_max: float = Field(2.0, gt=0, description="a filled box no thicker (pt) than this is a drawn rule")
    # --- page furniture
    margin_band: float = Field(0.12, gt=0, lt=0.5, description="share of the page height holding running headers")
    # --- borderless tables
    row_leading: float = Field(1.35, gt=1, description="lines set closer than this are one cell's wrapped lines")
    gutter_min: float = Field(2.5, gt=0, description="narrowest whitespace band (pt) taken as a gutter")
    extent_slack: float = Field(4.0, ge=0, description="a line this far (pt) outside a table's extent is not in it")
    row_gap_slack: float = Field(0.6, ge=0, description="a gap this much wider than the table's widest row gap ends it")
    table_gap: float = Field(1.5, gt=1, description="rows this many times farther apart than the median "
                             "are set apart as two tables")
    caption_max_chars: int = Field(90, gt=0, description="a table's title row is at most this long")
    prose_run_words: int = Field(6, gt=1, description="a run of this many words set with ordinary spacing, "
                                 "crossing the columns below it, is prose above a table, not its first row")
    title_max_lines: int = Field(6, gt=0, description="single-run lines above a table's first row taken as its "
                                 "title and header lines, a title wrapped in the first column among them")
    caption_reach: float = Field(3.5, gt=0, description="a title row is at most this far above the table")
    foot_reach: float = Field(3.0, ge=0, description="a table's last row ending this near the lowest text "
                              "of any page may be a row the page break split")
    column_edge_slack: float = Field(2.0, ge=0, description="a column's cells start this near (pt) the same "
                                     "place on every page of its table")
    split_row_share: float = Field(0.9, gt=0, le=1, description="a column filled in this share of rows is a key column")
    # --- ruled tables (pdfplumber's table finder)
    table_settings: dict[str, Any] = Field(default_factory=lambda: {"snap_tolerance": 3, "join_tolerance": 3,
                                                                    "intersection_tolerance": 3})
    # --- tagged PDFs
    use_tags: bool = Field(False, description="read the cells and rows of tables the PDF's structure tree "
                           "tags (Table/TR/TD) from the tree, the geometry placing them in columns; off "
                           "since real councils' tagged PDFs read better by geometry (see pdf_tagged)")
    # --- headings
    mark_headings: bool = Field(False, description="emit headings with markdown marks for the outline; off "
                                "until the extractors read marked headings as the text path's plain ones")
    heading_size_ratio: float = Field(1.15, gt=1, description="a line this much larger than body text is a heading")
    heading_max_chars: int = Field(90, gt=0, description="a heading is at most this long")

    @classmethod
    def resolve(cls, value: ReaderSettings | dict[str, Any] | None) -> ReaderSettings:
        if value is None:
            return DEFAULT
        if isinstance(value, cls):
            return value
        return cls(**value)


DEFAULT = ReaderSettings()
