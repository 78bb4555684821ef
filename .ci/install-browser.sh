#!/usr/bin/env bash
# What the browser test (tests/test_site_browser.py) needs beyond the Python packages: Debian's
# chromium. Playwright (a test dependency) drives it; `playwright install` is never run.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
