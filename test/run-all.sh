#!/usr/bin/env bash
# `npm test`: every test. Type check, lint and format; unit and integration tests in Node;
# the build; then the end-to-end suite in real Chromium (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

npm run check
npx vitest run --project unit
npm run build
# The Firefox build must lint without errors (warnings are reported, not fatal).
npx web-ext lint --source-dir dist/firefox

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's package"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi
fi
if [ -d test/e2e ]; then
  npx vitest run --project e2e --exclude 'test/e2e/*firefox*.test.ts'
fi

# Firefox: the same build in Firefox ESR, every test/e2e/*firefox*.test.ts once (installed here when
# missing; the tests skip themselves, saying so, only if Firefox is absent and cannot be installed).
# Its lint runs right after the build above.
if ! command -v firefox-esr >/dev/null 2>&1 && ! command -v firefox >/dev/null 2>&1; then
  echo "firefox-esr is missing: installing Debian's package"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr; } ||
    echo "firefox-esr could not be installed: the Firefox test will be skipped"
fi
npx vitest run --project e2e firefox
