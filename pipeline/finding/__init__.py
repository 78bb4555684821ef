"""Finding: tables, headings and the plan's units in a document's lines; mending broken words."""
