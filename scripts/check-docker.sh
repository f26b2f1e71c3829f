#!/usr/bin/env bash
# Validates docker-compose.yml with Debian's docker-compose (`config -q`; no Docker engine needed)
# and lints the Dockerfile with dockerfile-utils (npm, a devDependency of @mailsink/server).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "check-docker: docker-compose is not installed, and installing it needs root:" >&2
    echo "  apt-get install -y --no-install-recommends docker-compose" >&2
    exit 1
  fi
  echo "check-docker: installing Debian's docker-compose" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends docker-compose >/dev/null 2>&1; then
    apt-get update >/dev/null
    apt-get install -y --no-install-recommends docker-compose >/dev/null
  fi
fi

LINTER=packages/server/node_modules/.bin/dockerfile-utils
if [ ! -x "$LINTER" ]; then
  echo "check-docker: $LINTER is missing: run pnpm install first" >&2
  exit 1
fi

docker-compose -f docker-compose.yml config -q
echo "check-docker: docker-compose.yml is valid"
"$LINTER" lint Dockerfile
echo "check-docker: Dockerfile lints clean"
