#!/usr/bin/env bash
# README command 1: set up what is missing, then run the main job on the bundled sample with embedded
# defaults (no servers) and print the report. Extra arguments go to `shopstream demo` (e.g. --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build src/ShopStream.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet src/ShopStream.Cli/bin/Release/net10.0/shopstream.dll demo "$@"
