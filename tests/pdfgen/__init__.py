"""Test PDFs: the same document printed in a grid of table conventions by independent producers.

`document` holds what is printed (headings, paragraphs, list items and one long table) and the
conventions it can be printed in; `reportlab_pdf` and `office_pdf` print it, one with reportlab's
layout engine, the other by writing a DOCX with python-docx and converting it with LibreOffice.
A reader is right when the cells it reads are the cells put in, whatever the convention.
"""
