#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "Node.js 20 or later is required: install it, then run this again." >&2; exit 1; }
node -e 'const [M,m]=process.versions.node.split(".").map(Number); process.exit(M>20||(M===20&&m>=19)?0:1)' \
  || { echo "Node.js 20.19 or later is required (found $(node --version))." >&2; exit 1; }
if [ -z "${MONGODB_URI:-}" ] && ! command -v go >/dev/null; then
  echo "Neither Go nor MONGODB_URI is available: install Go 1.22+ (for the embedded database) or set MONGODB_URI." >&2
  exit 1
fi

export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
PNPM="npx --yes pnpm@10.34.8"
$PNPM install --frozen-lockfile --reporter=append-only | grep -v '^Progress' || true
test -d node_modules/.pnpm || { echo "Installing the dependencies failed." >&2; exit 1; }

# Debian's Chromium for the browser tests (playwright-core drives it; no browser download of its own).
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests (apt-get)…"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 \
    || echo "Could not install Chromium: the browser tests will fail until /usr/bin/chromium exists." >&2
fi

# Debian's ffmpeg (with ffprobe) for media processing: video to HLS, posters, durations and sizes.
if ! command -v ffmpeg >/dev/null && command -v apt-get >/dev/null; then
  echo "Installing ffmpeg for media processing (apt-get)…"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ffmpeg; } >/dev/null 2>&1 \
    || echo "Could not install ffmpeg: media processing (and its tests) will fail until ffmpeg and ffprobe are on the PATH." >&2
fi

# The Go tools the tests start (the OTLP trace receiver, the S3 test server): built into .data/bin
# now rather than by the first test that needs them (each launcher also builds when missing).
if command -v go >/dev/null; then
  node_modules/.bin/tsx -e "import('./tools/go-binary.ts').then(({ ensureGoBinary }) => ['otlp-receiver', 's3-server'].forEach(ensureGoBinary))" \
    || echo "Could not build the Go test tools: the tracing and media storage tests will build them when they run." >&2
fi
