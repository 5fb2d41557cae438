#!/usr/bin/env bash
# Gateway restarts: from /health answering again to Aspire's Healthy (docs/performance.md, "Start-up: ... start-up health
# polling"). Uses the fixed ports: run under the lock.
#
#   dotnet build TradingAspire.AppHost
#   flock /tmp/tradingaspire-fixed-ports.lock bench/gateway-restart-readiness.sh LABEL [RESTARTS=8]
#
# Runs the built AppHost (Development, http profile), waits for the gateway to be Healthy, then restarts it RESTARTS times
# 15 s apart (`aspire resource gateway restart`). Meanwhile `/health` is read through DCP's proxy (port 3000) every 50 ms
# with a 0.25 s timeout (the proxy holds a request while the gateway is down) and `aspire describe gateway --follow` is
# recorded, both timestamped. Prints per restart: /health 200 again and Healthy, in seconds from the restart command, and
# the gap between the two; then the median, minimum and maximum gap. Raw logs stay in /tmp/gateway-restart-readiness-LABEL.
set -euo pipefail
label=$1; n=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
aspire=${ASPIRE:-$HOME/.dotnet/tools/aspire}
apphost="$root/TradingAspire.AppHost/TradingAspire.AppHost.csproj"
out=/tmp/gateway-restart-readiness-$label; rm -rf "$out"; mkdir -p "$out"
cli() { "$aspire" "$@" --apphost "$apphost" --nologo --non-interactive; }
dotnet run --project "$root/TradingAspire.AppHost" --launch-profile http --no-build > "$out/apphost.log" 2>&1 &
apphost_pid=$!
pids=()
cleanup() {
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  kill -TERM "$apphost_pid" 2>/dev/null || true
  wait "$apphost_pid" 2>/dev/null || true
}
trap cleanup EXIT
deadline=$((SECONDS + 600))  # `aspire wait` fails at once until the AppHost answers the CLI
until cli wait gateway --status healthy --timeout 600 > /dev/null 2>&1; do
  ((SECONDS < deadline)) && kill -0 "$apphost_pid" 2>/dev/null || { echo "gateway-restart-readiness: the gateway was not Healthy within 600 s; see $out/apphost.log" >&2; exit 1; }
  sleep 2
done
(cli describe gateway --follow --format json 2>&1 | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$out/describe.log") &
pids+=($!)
/usr/bin/python3 -u -c '
import time, urllib.request
while True:
    t = time.time()
    try: code = urllib.request.urlopen("http://localhost:3000/health", timeout=0.25).status
    except urllib.error.HTTPError as e: code = e.code
    except Exception: code = 0
    print(f"{t:.3f} {code}")
    time.sleep(max(0, 0.05 - (time.time() - t)))' > "$out/health.log" &
pids+=($!)
sleep 5
for i in $(seq 1 "$n"); do
  echo "$(date +%s.%N) restart $i" >> "$out/restarts.log"
  cli resource gateway restart >> "$out/commands.log" 2>&1 || echo "restart $i: the command failed" >> "$out/commands.log"
  sleep 15
done
cleanup; trap - EXIT
/usr/bin/python3 - "$out" <<'EOF'
import json, statistics, sys
d = sys.argv[1]
restarts = [float(l.split()[0]) for l in open(f"{d}/restarts.log")]
updates = []
for line in open(f"{d}/describe.log"):
    t, _, j = line.partition(" ")
    try: o = json.loads(j)
    except ValueError: continue
    updates.append((float(t), o.get("state"), o.get("healthStatus")))
health = [(float(t), c) for t, c in (l.split() for l in open(f"{d}/health.log"))]
gaps = []
for i, t0 in enumerate(restarts):
    end = restarts[i + 1] if i + 1 < len(restarts) else float("inf")
    down = next((t for t, c in health if t0 <= t < end and c != "200"), None)
    up = next((t for t, c in health if down and down <= t < end and c == "200"), None)
    starting = next((t for t, s, h in updates if t0 <= t < end and s == "Starting"), None)
    healthy = next((t for t, s, h in updates if starting and starting <= t < end and s == "Running" and h == "Healthy"), None)
    if up is None or healthy is None:
        print(f"restart {i + 1}: /health 200 again {up}, Healthy {healthy}: not measured"); continue
    gaps.append(healthy - up)
    print(f"restart {i + 1}: /health 200 again +{up - t0:.2f} s, Healthy +{healthy - t0:.2f} s, gap {healthy - up:.2f} s")
if gaps:
    print(f"gap from /health 200 to Healthy over {len(gaps)} restarts: median {statistics.median(gaps):.2f} s, min {min(gaps):.2f} s, max {max(gaps):.2f} s")
EOF
