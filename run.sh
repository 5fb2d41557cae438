#!/usr/bin/env bash
# Runs the trading system: installs missing prerequisites, then starts the Aspire AppHost
# (`dotnet run --project TradingAspire.AppHost`, launch profile "http"), which starts every resource in
# dependency order and serves the Aspire dashboard on http://localhost:18888 (login URL printed).
# Ctrl+C stops everything. Extra arguments go to the AppHost as configuration, e.g.
#   ./run.sh --Prometheus:Enabled=true
# The production profile (Release build, the UI built before it starts) is `dotnet run -c Release --project
# TradingAspire.AppHost --launch-profile production` (README, "Production profile").
set -euo pipefail
cd "$(dirname "$0")"

./eng/install-prerequisites.sh --notes-on-install  # its PATH notes once, not on every run
export PATH="$PATH:${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
# exec: `dotnet run` is this process, so Ctrl+C and SIGTERM reach the AppHost, which stops every resource.
exec dotnet run --project TradingAspire.AppHost --launch-profile http -- "$@"
