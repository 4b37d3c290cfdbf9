#!/usr/bin/env bash
# tests/browser/run.sh BASE_URL PATH... — runs a11y.mjs (axe-core WCAG 2.1 AA, keyboard, no
# JavaScript, no third-party requests, no horizontal scroll on a phone) in Debian's chromium.
# Skips cleanly (exit 0, "skipped: ..." on stdout) when chromium, node or the npm packages
# are not available; installs the two npm packages on first use. Never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then echo "skipped: chromium not installed (apt-get install chromium)"; exit 0; fi
if ! command -v node >/dev/null; then echo "skipped: node not installed"; exit 0; fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent >/dev/null 2>&1; then
    echo "skipped: npm packages playwright-core and axe-core could not be installed"
    exit 0
  fi
fi
CHROMIUM="$CHROMIUM" exec node a11y.mjs "$@"
