#!/usr/bin/env bash
# Starts a throwaway redis-server on loopback in the foreground (Ctrl-C stops it and removes its directory),
# for trying several instances on one machine:
#   bash scripts/start-redis.sh            # prints REDIS_URL=redis://127.0.0.1:6390
#   REDIS_URL=redis://127.0.0.1:6390 PORT=3001 JWT_SECRET=... npm start   (and again with PORT=3002)
# Production runs Debian's redis-server as a system service instead (README, "Production layout").
set -euo pipefail
port="${1:-6390}"
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is not installed: apt-get install -y redis-server" >&2
  exit 1
fi
dir="$(mktemp -d -t wushe-redis-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
echo "REDIS_URL=redis://127.0.0.1:${port}"
redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no --protected-mode yes
