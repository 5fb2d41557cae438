#!/usr/bin/env bash
# Installs what TradingAspire needs on Debian 12 with the .NET SDK: PostgreSQL, Redis, Prometheus,
# the Python packages the services import (Debian builds; PyPI is not used), Chromium for browser
# tests, wrk and pgbench for load tests, the Aspire CLI (dotnet tool Aspire.Cli), the npm packages
# of the trading UI, the NuGet packages of the solution (Aspire's DCP and dashboard included) and a trusted
# ASP.NET Core HTTPS development certificate (without one the dashboard shows "No trusted development certificate").
# Idempotent and fast when everything is present: it checks before it installs. Works as root or through sudo.
# Notes on what to add to your shell (PATH for the Aspire CLI, SSL_CERT_DIR for curl) are printed when it is missing
# there; with --notes-on-install (run.sh) only by the run that installs the CLI or creates the certificate.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
with_test_tools=0
notes_on_install=0
for option in "$@"; do
  case "$option" in
    --with-test-tools) with_test_tools=1 ;;
    --notes-on-install) notes_on_install=1 ;;
    *) echo "install-prerequisites: unknown option '$option'; expected --with-test-tools and/or --notes-on-install" >&2; exit 2 ;;
  esac
done

apt_packages=(
  postgresql postgresql-contrib redis-server prometheus prometheus-postgres-exporter prometheus-redis-exporter
  python3-fastapi python3-uvicorn python3-asyncpg python3-redis python3-prometheus-client
  python3-httpx python3-aiohttp python3-pytest python3-websockets python3-venv protobuf-compiler python3-protobuf python3-jwt
  python3-uvloop python3-httptools  # uvicorn picks them up itself (its "standard" extras): libuv event loop, C HTTP parser
  procps iproute2 util-linux
  openssl libnss3-tools  # dotnet dev-certs on Linux: OpenSSL's hashed trust directory, certutil for Chromium/Firefox
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
total=5
progress() { step=$((step + 1)); echo "[prerequisites $step/$total] $*"; }
# A line to add to the shell; with --notes-on-install only after the step above it installed something ($installed_now).
note() { if [ "$notes_on_install" = 0 ] || [ "$installed_now" = 1 ]; then echo "  note: $*"; fi; }

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

"$repo_root/eng/generate-otlp-python.sh"  # OTLP protobuf modules for the Python services (third_party/opentelemetry-proto)

ui_dir="$repo_root/apps/trading-ui"
if [ -f "$ui_dir/package-lock.json" ] && { [ ! -d "$ui_dir/node_modules" ] || [ "$ui_dir/package-lock.json" -nt "$ui_dir/node_modules" ]; }; then
  progress "npm ci in apps/trading-ui"
  (cd "$ui_dir" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
else
  progress "trading-ui npm packages up to date"
fi

aspire_version=13.6.5
tools_dir="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
installed_now=0
if [ "$("$tools_dir/aspire" --version 2>/dev/null | cut -d+ -f1)" = "$aspire_version" ]; then
  progress "Aspire CLI $aspire_version already installed"
else
  progress "installing the Aspire CLI $aspire_version (dotnet tool Aspire.Cli)"
  dotnet tool update --global Aspire.Cli --version "$aspire_version" >/dev/null
  installed_now=1
fi
case ":$PATH:" in  # the directory itself: another aspire on PATH (another version) is not this one
  *":$tools_dir:"*) ;;
  *) note "add the Aspire CLI to PATH: export PATH=\"\$PATH:$tools_dir\"" ;;
esac

# The HTTPS development certificate, created and trusted for the user who runs the AppHost, as .NET documents it for
# Linux (`dotnet dev-certs https --trust`): in .NET's CurrentUser/Root store (what Aspire checks before it raises the
# dashboard's "No trusted development certificate" notification), in OpenSSL's directory ~/.aspnet/dev-certs/trust
# (used by OpenSSL clients when SSL_CERT_DIR names it) and in the NSS databases of Chromium and Firefox (certutil).
dev_cert_dir="$HOME/.aspnet/dev-certs/trust"
ssl_cert_dir="$dev_cert_dir:$(openssl version -d | sed -E 's/^OPENSSLDIR: "(.*)"$/\1/')/certs"
installed_now=0
if SSL_CERT_DIR="$ssl_cert_dir" dotnet dev-certs https --check --trust >/dev/null 2>&1; then
  progress "HTTPS development certificate trusted"
else
  installed_now=1
  progress "creating and trusting the HTTPS development certificate (dotnet dev-certs https --trust)"
  SSL_CERT_DIR="$ssl_cert_dir" dotnet dev-certs https --trust >/dev/null || true  # the check below says what is missing
  if ! SSL_CERT_DIR="$ssl_cert_dir" dotnet dev-certs https --check --trust >/dev/null 2>&1; then
    echo "install-prerequisites: the HTTPS development certificate is not fully trusted; see: dotnet dev-certs https --check --trust --verbose" >&2
    exit 1
  fi
fi
case ":${SSL_CERT_DIR:-}:" in
  *":$dev_cert_dir:"*) ;;
  *) note "for curl and other OpenSSL tools to trust it too: export SSL_CERT_DIR=\"$ssl_cert_dir\"" ;;
esac

progress "dotnet restore"
(cd "$repo_root" && [ -f TradingAspire.sln ] && dotnet restore TradingAspire.sln --verbosity quiet) || [ ! -f "$repo_root/TradingAspire.sln" ]
