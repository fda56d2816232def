#!/usr/bin/env bash
# The second README command: every check and every test, as CI runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bin=node_modules/.bin
step() { printf '\n== %s\n' "$1"; }

step "codegen (resolver types from each subgraph's SDL)"
$bin/graphql-codegen --config codegen.ts --silent
step "schema: composition, committed files, contract, breaking changes"
$bin/tsx tools/schema/compose.ts --check
step "lint (typescript-eslint, graphql-eslint)"
$bin/eslint . --max-warnings 0
step "typecheck"
$bin/tsc -p tsconfig.json
step "web client: typecheck and build (served to the browser tests)"
$bin/tsc -p web/tsconfig.json
(cd web && node_modules/.bin/vite build --logLevel warn)
step "tests"
mkdir -p test-results
status=0
$bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) process.exit(1);
' || status=1
exit $status
