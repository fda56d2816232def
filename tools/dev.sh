#!/usr/bin/env bash
# The first README command: installs, starts the embedded database, every subgraph and the gateway,
# loads demo data and prints where to go.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# The web client: typed documents, then the build that tools/dev/start.ts serves with the gateway.
node_modules/.bin/graphql-codegen --config codegen.ts --silent
(cd web && node_modules/.bin/vite build --logLevel warn)
exec node_modules/.bin/tsx tools/dev/start.ts
