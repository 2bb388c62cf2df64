#!/usr/bin/env bash
# The storage emulators the object-store tests use, from the npm registry (the only download): s3rver (S3) and
# Azurite (Azure Blob), installed by this script into target/tools/ and started by the tests themselves on 127.0.0.1.
#
#   scripts/emulators.sh install s3rver    # idempotent; prints the path of the tool's command-line entry point
#   scripts/emulators.sh install azurite
set -euo pipefail

cd "$(dirname "$0")/.."
case "${2:-}" in
  # s3rver 3.7.1 is the newest release; it runs on Node 20 with --openssl-legacy-provider (see LocalS3Server).
  s3rver) PACKAGE=s3rver VERSION=${S3RVER_VERSION:-3.7.1} ENTRY=bin/s3rver.js ;;
  # Azurite 3.35.0: the newest that runs on Node 20 (later releases need Node 22).
  azurite) PACKAGE=azurite VERSION=${AZURITE_VERSION:-3.35.0} ENTRY=dist/src/blob/main.js ;;
  *) echo "usage: $0 install s3rver|azurite" >&2; exit 2 ;;
esac
PREFIX="$(pwd)/target/tools/$PACKAGE-$VERSION"
BIN="$PREFIX/node_modules/$PACKAGE/$ENTRY"

case "${1:-}" in
  install)
    command -v node >/dev/null && command -v npm >/dev/null || { echo "$PACKAGE: node and npm are needed (apt-get install nodejs npm)" >&2; exit 1; }
    if [ ! -f "$BIN" ]; then
      mkdir -p "$PREFIX"
      npm install --silent --no-audit --no-fund --prefix "$PREFIX" "$PACKAGE@$VERSION" >&2
    fi
    echo "$BIN"
    ;;
  *) echo "usage: $0 install s3rver|azurite" >&2; exit 2 ;;
esac
