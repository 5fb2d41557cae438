#!/usr/bin/env bash
# Runs the trading system: installs missing prerequisites, builds, then starts the AppHost, which
# starts every resource in dependency order and serves the dashboard. Ctrl+C stops everything.
# Arguments go to the AppHost, e.g. ./run.sh status, ./run.sh logs gateway --follow, ./run.sh doctor.
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-prerequisites.sh
echo "[build] dotnet build TradingAspire.AppHost"
dotnet build TradingAspire.AppHost -nologo -v q -clp:ErrorsOnly
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
# exec: the AppHost is this process, so Ctrl+C and SIGTERM reach it directly.
exec dotnet TradingAspire.AppHost/bin/Debug/net10.0/TradingAspire.AppHost.dll "$@"
