#!/usr/bin/env bash
# ShopStream benchmarks: builds what a part needs (Release) and runs it. See benchmarks/README.md.
#   benchmarks/run.sh micro [BenchmarkDotNet args]     microbenchmarks (default: --filter '*')
#   benchmarks/run.sh e2e [--sizes 1M,5M] [--20m] [--runs 5] [--no-write]
#   benchmarks/run.sh compare --base="ARGS" --variant="ARGS" [--size 1M] [--runs 5]   what a run option costs
#   benchmarks/run.sh gen --events 5M [--seed 46] [--no-churn] [--out FILE]
#   benchmarks/run.sh duckdb --input FILE [--out summary.json] | --golden
#   benchmarks/run.sh fetch-duckdb                      put libduckdb.so under .tools/duckdb/
#   benchmarks/run.sh collector [--levels 1,4,16,64] [--batch 100] [--seconds 8]   HTTP collector load on loopback
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bench_dll=benchmarks/ShopStream.Benchmarks/bin/Release/net10.0/ShopStream.Benchmarks.dll
duckdb_lib="${SHOPSTREAM_DUCKDB_LIB:-$root/.tools/duckdb/libduckdb.so}"
duckdb_pkg="@duckdb/node-bindings-linux-x64@1.5.6-r.1"

log() { printf '[bench] %s\n' "$*" >&2; }

fetch_duckdb() {
  if [ -f "$duckdb_lib" ]; then
    log "libduckdb.so present: $duckdb_lib"
    return
  fi
  command -v npm >/dev/null 2>&1 || { log "npm is needed to fetch $duckdb_pkg (or set SHOPSTREAM_DUCKDB_LIB)"; exit 1; }
  local tmp
  tmp="$(mktemp -d)"
  log "fetching $duckdb_pkg"
  (cd "$tmp" && npm pack "$duckdb_pkg" --silent >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$duckdb_lib")"
  cp "$tmp/package/libduckdb.so" "$duckdb_lib"
  rm -rf "$tmp"
  log "libduckdb.so -> $duckdb_lib"
}

build_bench() { dotnet build -c Release benchmarks/ShopStream.Benchmarks --nologo -v quiet; }
build_cli() { dotnet build -c Release src/ShopStream.Cli --nologo -v quiet; }

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  fetch-duckdb)
    fetch_duckdb ;;
  micro)
    build_bench
    if [ $# -eq 0 ]; then set -- --filter '*'; fi
    exec dotnet "$bench_dll" "$@" ;;
  e2e)
    fetch_duckdb
    build_cli
    build_bench
    export SHOPSTREAM_BENCH_COMMAND="benchmarks/run.sh e2e${*:+ $*}"
    exec dotnet "$bench_dll" e2e "$@" ;;
  collector)
    build_bench
    exec dotnet "$bench_dll" collector "$@" ;;
  compare)
    build_cli
    build_bench
    exec dotnet "$bench_dll" compare "$@" ;;
  gen)
    build_bench
    exec dotnet "$bench_dll" gen "$@" ;;
  duckdb)
    fetch_duckdb
    build_bench
    exec dotnet "$bench_dll" duckdb "$@" ;;
  *)
    sed -n '2,8p' "$self" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2 ;;
esac
