#!/usr/bin/env bash
# `npm test`: every test. Type check, lint and format; unit and integration tests in Node;
# the build; then the end-to-end suite in real Chromium (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each vitest run also writes a JSON report, so the last line can count every test of every run.
rm -rf .tmp/test-results && mkdir -p .tmp/test-results
vitest() {
  local name=$1
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json=".tmp/test-results/$name.json" "$@"
}

npm run check
vitest unit --project unit
npm run build
# The Firefox build must lint without errors (warnings are reported, not fatal).
npx web-ext lint --source-dir dist/firefox

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's package"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi
fi
if [ -d test/e2e ]; then
  vitest e2e-chromium --project e2e --exclude 'test/e2e/*firefox*.test.ts'
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
vitest e2e-firefox --project e2e firefox

node -e '
const fs = require("node:fs");
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(".tmp/test-results")) {
  const r = JSON.parse(fs.readFileSync(".tmp/test-results/" + f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
'
