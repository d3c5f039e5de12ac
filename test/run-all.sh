#!/usr/bin/env bash
# `npm test`: every test. Type check, lint and format; unit and integration tests in Node;
# the build; then the end-to-end suites in real Chromium and Firefox ESR (installed first when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each vitest run also writes a JSON report, so the last line can count every test of every run.
rm -rf .tmp/test-results && mkdir -p .tmp/test-results
vitest() {
  local name=$1
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json=".tmp/test-results/$name.json" "$@"
}

# The browsers first (test/tools/ensure-tools.sh installs them when missing, one line each), so a
# fresh machine learns what it lacks before the long part. Chromium is required; without Firefox ESR
# the Firefox tests skip themselves, saying so.
bash test/tools/ensure-tools.sh --for "npm test" chromium aria2c
bash test/tools/ensure-tools.sh --for "npm test" --optional "the Firefox tests will be skipped" firefox-esr

npm run check
vitest unit --project unit
npm run build
# The Firefox build must lint without errors (warnings are reported, not fatal).
npx web-ext lint --source-dir dist/firefox

if [ -d test/e2e ]; then
  vitest e2e-chromium --project e2e --exclude 'test/e2e/*firefox*.test.ts'
fi

# Firefox: the same build in Firefox ESR, every test/e2e/*firefox*.test.ts once. Its lint runs right
# after the build above.
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
