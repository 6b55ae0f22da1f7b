#!/usr/bin/env bash
# Builds FerretDB v1.24.1 (the local MongoDB-wire-protocol server, SQLite backend) once into .tools/.
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.1`: the module proxy reachable
# here refuses the version's .info file (403) and sum.golang.org is unreachable, and a build outside
# FerretDB's own module panics on a missing build/version/version.txt. The proxy does serve the
# module zip, so we fetch it, write version.txt, and build inside the module (its go.sum pins deps).
set -euo pipefail
VERSION="v1.24.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${FERRETDB_BIN:-$ROOT/.tools/ferretdb-$VERSION}"
if [ -x "$OUT" ]; then echo "ferretdb $VERSION already built: $OUT"; exit 0; fi
command -v go >/dev/null || { echo "go is not installed: cannot build FerretDB (set MONGODB_URI instead)" >&2; exit 1; }
PROXY="$(go env GOPROXY | tr ',|' '\n\n' | grep -E '^https?://' | head -1)"
PROXY="${PROXY:-https://proxy.golang.org}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
curl -fsSL -o "$WORK/src.zip" "$PROXY/github.com/!ferret!d!b/!ferret!d!b/@v/$VERSION.zip"
(cd "$WORK" && unzip -q src.zip)
SRC="$WORK/github.com/FerretDB/FerretDB@$VERSION"
echo "$VERSION" > "$SRC/build/version/version.txt"
mkdir -p "$(dirname "$OUT")"
(cd "$SRC" && GOFLAGS=-mod=mod GOSUMDB=off go build -trimpath -o "$OUT.tmp" ./cmd/ferretdb)
mv "$OUT.tmp" "$OUT"
echo "built $("$OUT" --version | head -1) -> $OUT"
