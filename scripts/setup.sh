#!/usr/bin/env bash
# Installs whatever ShopStream needs on a fresh Debian machine with the .NET 10 SDK, and does nothing
# for what is already there (safe to run again). Both README commands call it; so does CI. From Debian (apt, through
# sudo when not root): librdkafka, libzstd, npm, Chromium, PostgreSQL's server binaries; from NuGet: the packages;
# from npm: libduckdb.so and s3rver.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

# A command as root: sudo for a user's run (it passes no environment, hence env for DEBIAN_FRONTEND below).
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# npm fetches DuckDB's library and the S3 server the tests start; Debian's package brings Node.js with it.
need_npm() { command -v npm >/dev/null 2>&1 || apt_install npm; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "[setup] the .NET SDK is missing: install the .NET 10 SDK (dotnet) and run again" >&2
  exit 1
fi
sdk=$(dotnet --version)
case "$sdk" in
  10.*) log "dotnet SDK $sdk" ;;
  *) echo "[setup] .NET SDK 10 is required, found $sdk" >&2; exit 1 ;;
esac

# --- Kafka (issue 10): Debian's librdkafka and the placeholder librdkafka.redist package --------------------
# Confluent.Kafka 1.9.3 depends on librdkafka.redist 1.9.2, which the NuGet registry here lacks; ShopStream uses
# Debian's librdkafka (2.0.2) instead, found by the client's default probing (librdkafka.so, from librdkafka-dev).
# The committed nuget.config adds the local feed .tools/nuget-local, where an empty placeholder package of that
# id and version satisfies the dependency. Both steps run before any restore and do nothing the second time.
# libzstd1 (issue 4): the lake's Parquet writer compresses pages with the system's libzstd.so.1.
# strace: a test reads a run's fsyncs and renames in order (RunDurabilityTests).
missing_debs=()
for deb in librdkafka1 librdkafka-dev libzstd1 strace; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q 'install ok installed' || missing_debs+=("$deb")
done
if [ ${#missing_debs[@]} -gt 0 ]; then
  apt_install "${missing_debs[@]}"
else
  log "librdkafka, libzstd and strace already installed"
fi
feed=.tools/nuget-local
placeholder=$feed/librdkafka.redist.1.9.2.nupkg
mkdir -p "$feed"
if [ -f "$placeholder" ]; then
  log "placeholder librdkafka.redist 1.9.2 already in $feed"
else
  log "packing the placeholder librdkafka.redist 1.9.2 into $feed"
  src=.tools/librdkafka-placeholder
  rm -rf "$src" && mkdir -p "$src"
  # Empty Directory.*.props stop the repository's build settings from applying to this throwaway project.
  echo '<Project />' > "$src/Directory.Build.props"
  echo '<Project />' > "$src/Directory.Packages.props"
  : > "$src/_._"
  cat > "$src/librdkafka.redist.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <PackageId>librdkafka.redist</PackageId>
    <Version>1.9.2</Version>
    <Authors>ShopStream</Authors>
    <Description>Empty placeholder for Confluent.Kafka 1.9.3: the native library is Debian's librdkafka1.</Description>
    <IncludeBuildOutput>false</IncludeBuildOutput>
  </PropertyGroup>
  <ItemGroup>
    <None Include="_._" Pack="true" PackagePath="lib/netstandard2.0/" />
  </ItemGroup>
</Project>
XML
  dotnet pack "$src/librdkafka.redist.csproj" -o "$feed" --nologo -v quiet >/dev/null
fi
# --- end Kafka ------------------------------------------------------------------------------------------------

# Restore is cheap when nothing changed; the marker skips even that when the package pins are unchanged.
stamp=obj/.restore-stamp
mkdir -p obj
pins=$(cat Directory.Packages.props Directory.Build.props nuget.config ./*/*/*.csproj | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pins" ] && [ -d src/ShopStream.Cli/obj ]; then
  log "NuGet packages already restored"
else
  log "restoring NuGet packages"
  dotnet restore ShopStream.slnx --nologo -v quiet
  echo "$pins" > "$stamp"
fi

# --- DuckDB (issue 4, data lake) -------------------------------------------------------------------------------
# libduckdb.so 1.5.6 from the npm package of DuckDB's Node bindings, into .tools/duckdb/ (git-ignored), where
# ShopStream.Lake finds it; SHOPSTREAM_DUCKDB_LIB points elsewhere instead (then nothing is fetched).
duckdb_lib="${SHOPSTREAM_DUCKDB_LIB:-$PWD/.tools/duckdb/libduckdb.so}"
duckdb_pkg="@duckdb/node-bindings-linux-x64@1.5.6-r.1"
if [ -f "$duckdb_lib" ]; then
  log "libduckdb.so present: $duckdb_lib"
else
  need_npm
  log "fetching $duckdb_pkg"
  duckdb_tmp="$(mktemp -d)"
  (cd "$duckdb_tmp" && npm pack "$duckdb_pkg" --silent >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$duckdb_lib")"
  cp "$duckdb_tmp/package/libduckdb.so" "$duckdb_lib.partial" && mv "$duckdb_lib.partial" "$duckdb_lib"
  rm -rf "$duckdb_tmp"
  log "libduckdb.so -> $duckdb_lib"
fi
# --- end DuckDB ------------------------------------------------------------------------------------------------

# --- s3rver (issue 4, data lake tests) ------------------------------------------------------------------------
# The S3 server the lake's tests start on 127.0.0.1: npm s3rver 3.7.1 in .tools/s3rver (git-ignored).
s3rver_js="$PWD/.tools/s3rver/node_modules/s3rver/bin/s3rver.js"
if [ -f "$s3rver_js" ]; then
  log "s3rver present: $s3rver_js"
else
  need_npm
  log "installing s3rver@3.7.1 into .tools/s3rver"
  mkdir -p .tools/s3rver
  (cd .tools/s3rver && npm install --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null)
fi
# --- end s3rver -----------------------------------------------------------------------------------------------

# --- Serving (issue 7): Debian's Chromium, which the dashboard's browser test drives through Playwright ---
# (Playwright's driver comes with its NuGet package; no browser is downloaded.)
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
else
  log "chromium already installed"
fi
# --- end Serving ---
# --- PostgreSQL server binaries (src/ShopStream.Postgres tests) -------------------------------------------------
# The tests start a private server themselves (initdb + pg_ctl in a temp folder, on a free 127.0.0.1 port): only
# the binaries are needed. The packaged "main" cluster is not created, so no server is left running on 5432.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "PostgreSQL server binaries present"
else
  # postgresql-common first: its createcluster.conf decides whether installing the server creates (and starts) a cluster.
  apt_install postgresql-common
  as_root sed -i 's/^#\?\s*create_main_cluster\b.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  apt_install postgresql
fi
# --- end PostgreSQL ------------------------------------------------------------------------------------------------
log "ready"
