#!/usr/bin/env bash
# README command 1: set up what is missing, then run the main job on the bundled sample with embedded
# defaults (no servers) and print the report. Extra arguments go to `shopstream demo` (e.g. --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec scripts/shopstream demo "$@"
