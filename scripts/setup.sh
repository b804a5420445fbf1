#!/usr/bin/env bash
# Installs whatever ShopStream needs on a fresh Debian machine with the .NET 10 SDK, and does nothing
# for what is already there (safe to run again). Both README commands call it; so does CI.
# Today that is only the NuGet packages; later parts (DuckDB, librdkafka, PostgreSQL, Chromium) add steps here.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

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
missing_debs=()
for deb in librdkafka1 librdkafka-dev; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q 'install ok installed' || missing_debs+=("$deb")
done
if [ ${#missing_debs[@]} -gt 0 ]; then
  log "installing ${missing_debs[*]} (apt)"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing_debs[@]}" >/dev/null
else
  log "librdkafka already installed"
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
# --- Serving (issue 7): Debian's Chromium, which the dashboard's browser test drives through Playwright ---
# (Playwright's driver comes with its NuGet package; no browser is downloaded.)
if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (apt)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
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
  log "installing PostgreSQL (Debian postgresql)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] PostgreSQL is missing and installing it needs root: apt-get install -y postgresql" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # postgresql-common first: its createcluster.conf decides whether installing the server creates (and starts) a cluster.
  apt-get install -y -qq postgresql-common >/dev/null
  sed -i 's/^#\?\s*create_main_cluster\b.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  apt-get install -y -qq postgresql >/dev/null
fi
# --- end PostgreSQL ------------------------------------------------------------------------------------------------
log "ready"
