#!/usr/bin/env bash
# What the office-producer PDF tests (tests/test_pdf_conventions.py) need beyond the Python
# packages: Debian's LibreOffice Writer without its GUI, which converts DOCX files to PDF.
set -euo pipefail
if ! command -v soffice >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui
fi
