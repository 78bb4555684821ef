#!/usr/bin/env bash
# What the browser test (tests/test_site_browser.py) needs: Debian's chromium and Playwright's
# Python package. Playwright drives the system chromium; it never downloads a browser of its own,
# so `playwright install` is not run.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
"${PYTHON:-python3}" -m pip install -q "playwright>=1.40"
