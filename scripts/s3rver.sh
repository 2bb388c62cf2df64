#!/usr/bin/env bash
# The local S3-compatible server the object-storage tests use: npm's s3rver, installed by this script into
# target/tools/ (the npm registry is the only download), started by the tests themselves on 127.0.0.1.
#
#   scripts/s3rver.sh install   # idempotent; prints the path of s3rver's command-line entry point
set -euo pipefail

cd "$(dirname "$0")/.."
VERSION=${S3RVER_VERSION:-3.7.1}
PREFIX="$(pwd)/target/tools/s3rver-$VERSION"
BIN="$PREFIX/node_modules/s3rver/bin/s3rver.js"

case "${1:-}" in
  install)
    command -v node >/dev/null && command -v npm >/dev/null || { echo "s3rver: node and npm are needed (apt-get install nodejs npm)" >&2; exit 1; }
    if [ ! -f "$BIN" ]; then
      mkdir -p "$PREFIX"
      npm install --silent --no-audit --no-fund --prefix "$PREFIX" "s3rver@$VERSION" >&2
    fi
    echo "$BIN"
    ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
