#!/usr/bin/env bash
# Installs what TradingAspire needs on Debian 12 with the .NET SDK: PostgreSQL, Redis, Prometheus,
# the Python packages the services import (Debian builds; PyPI is not used), Chromium for browser
# tests, wrk and pgbench for load tests, the Aspire CLI (dotnet tool Aspire.Cli), the npm packages
# of the trading UI and the NuGet packages of the solution (Aspire's DCP and dashboard included). Idempotent and fast when
# everything is present: it checks before it installs. Works as root or through sudo.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
with_test_tools=0
[ "${1:-}" = "--with-test-tools" ] && with_test_tools=1

apt_packages=(
  postgresql postgresql-contrib redis-server prometheus
  python3-fastapi python3-uvicorn python3-asyncpg python3-redis python3-prometheus-client
  python3-httpx python3-aiohttp python3-pytest python3-websockets python3-venv protobuf-compiler python3-protobuf python3-jwt
  procps iproute2 util-linux
)
test_packages=(chromium wrk)
[ "$with_test_tools" = 1 ] && apt_packages+=("${test_packages[@]}")

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-prerequisites: run as root or install sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

step=0
total=4
progress() { step=$((step + 1)); echo "[prerequisites $step/$total] $*"; }

if [ ${#missing[@]} -gt 0 ]; then
  progress "installing Debian packages: ${missing[*]}"
  # Keep package scripts from starting the distribution's own servers: the AppHost runs its own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
  fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  progress "Debian packages already installed"
fi

"$repo_root/eng/generate-otlp-python.sh"  # OTLP protobuf modules for the Python services (eng/proto)

ui_dir="$repo_root/apps/trading-ui"
if [ -f "$ui_dir/package-lock.json" ] && { [ ! -d "$ui_dir/node_modules" ] || [ "$ui_dir/package-lock.json" -nt "$ui_dir/node_modules" ]; }; then
  progress "npm ci in apps/trading-ui"
  (cd "$ui_dir" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
else
  progress "trading-ui npm packages up to date"
fi

aspire_version=13.6.5
tools_dir="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
if [ "$("$tools_dir/aspire" --version 2>/dev/null | cut -d+ -f1)" = "$aspire_version" ]; then
  progress "Aspire CLI $aspire_version already installed"
else
  progress "installing the Aspire CLI $aspire_version (dotnet tool Aspire.Cli)"
  dotnet tool update --global Aspire.Cli --version "$aspire_version" >/dev/null
fi
case ":$PATH:" in
  *":$tools_dir:"*) ;;
  *) echo "  note: add the Aspire CLI to PATH: export PATH=\"\$PATH:$tools_dir\"" ;;
esac

progress "dotnet restore"
(cd "$repo_root" && [ -f TradingAspire.sln ] && dotnet restore TradingAspire.sln --verbosity quiet) || [ ! -f "$repo_root/TradingAspire.sln" ]
