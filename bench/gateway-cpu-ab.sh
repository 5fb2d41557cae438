#!/usr/bin/env bash
# Gateway CPU per order, A/B in alternation (docs/performance.md, "Gateway CPU per order", issue 23 items 3-4).
#
#   bench/gateway-cpu-ab.sh ROUNDS NAME=DIR[:ENV=VALUE,ENV=VALUE] NAME=DIR[:...] ...
#
# Starts PostgreSQL and Redis once (random free ports, a temporary state directory, no fixed port: no lock needed),
# applies the migrations, then for each round runs every variant in turn: the gateway built in DIR (a copy of
# TradingAspire.Gateway/bin/Release/net10.0) with the given extra environment, in the Production environment with one
# trace in ten sampled, DIR as its content root (appsettings.json: ASP.NET Core and Npgsql logs at Warning) (as the production profile; no OTLP collector, so nothing is exported), wrk POST /api/orders with
# 8 connections and a service token: 20 s warm-up (WARMUP_SECONDS), then 10 s measured (with PERF_DIR set, `perf record -g`
# of the gateway during the measured 10 s into PERF_DIR/NAME-ROUND.data; the gateway runs with DOTNET_PerfMapEnabled=1). Prints per variant and round: orders/s, p50,
# gateway CPU ms per order (CPU seconds of the gateway process in the measured 10 s / orders answered), PostgreSQL CPU
# ms per order, and the machine's load average. The gateway is stopped after each run; everything is stopped at the end.
set -euo pipefail
rounds=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
migrator="$root/TradingAspire.MigrationService/bin/Release/net10.0/TradingAspire.MigrationService.dll"
[ -f "$migrator" ] || { echo "gateway-cpu-ab: $migrator is missing; run: dotnet build -c Release TradingAspire.sln" >&2; exit 2; }
for variant in "$@"; do
  rest=${variant#*=}; dir=${rest%%:*}
  [ -f "$dir/TradingAspire.Gateway.dll" ] || { echo "gateway-cpu-ab: $variant: no $dir/TradingAspire.Gateway.dll; DIR must be a copy of TradingAspire.Gateway/bin/Release/net10.0 (example: cp -r TradingAspire.Gateway/bin/Release/net10.0 /tmp/gw-main; A=/tmp/gw-main)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/gateway-cpu-ab.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  [ -n "${LOG_DIR:-}" ] && cp "$work"/*.log "$LOG_DIR"/ 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgport=$(free_port); redisport=$(free_port); gwport=$(free_port)
pgpass=$(openssl rand -hex 16); redispass=$(openssl rand -hex 16); key=$(openssl rand -hex 32)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort | tail -1)
mkdir -p "$work/pg" "$work/redis"; chown postgres:postgres "$work/pg"
echo "$pgpass" > "$work/pw"; chown postgres "$work/pw"
setpriv --reuid=postgres --regid=postgres --init-groups "$bin/initdb" -D "$work/pg" -U postgres --pwfile="$work/pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
echo "CREATE DATABASE trading;" | setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" --single -D "$work/pg" postgres >/dev/null 2>&1
setsid setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$work/pg" -p "$pgport" -k "" -c listen_addresses=127.0.0.1 >"$work/pg.log" 2>&1 &
pids+=($!)
setsid redis-server "$root/config/redis.conf" --port "$redisport" --bind 127.0.0.1 --requirepass "$redispass" --dir "$work/redis" --appendonly yes --appendfsync everysec >"$work/redis.log" 2>&1 &
pids+=($!)
trading="Host=127.0.0.1;Port=$pgport;Username=postgres;Password=$pgpass;Database=trading"
for _ in $(seq 100); do PGPASSWORD=$pgpass psql -h 127.0.0.1 -p "$pgport" -U postgres -d trading -c 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
ConnectionStrings__trading=$trading Migrations__Directory="$root/db/migrations" DOTNET_ENVIRONMENT=Production \
  dotnet "$migrator" >"$work/migrations.log" 2>&1 || { echo "gateway-cpu-ab: the migrations failed:" >&2; cat "$work/migrations.log" >&2; exit 1; }

# A service token as trading-api signs it (python3-jwt, HS256; apps/common/tradingaspire_common/tokens.py).
token=$(/usr/bin/python3 -c 'import jwt, secrets, sys, time; now = int(time.time()); print(jwt.encode({"iss": "trading-api", "sub": "trading-api",
  "aud": "gateway", "scope": "read trade", "iat": now, "exp": now + 3600, "auth_time": now, "jti": secrets.token_hex(8)}, sys.argv[1], algorithm="HS256"))' "$key")
{ echo "wrk.headers[\"Authorization\"] = \"Bearer $token\""; cat "$root/bench/wrk/orders.lua"; } >"$work/orders.lua"

cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }   # utime+stime in clock ticks
pgcpu() { local t=0; for p in ${pids[0]} $(pgrep -P "${pids[0]}"); do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }   # the postmaster and its backends
hz=$(getconf CLK_TCK)
for round in $(seq "$rounds"); do
  for variant in "$@"; do
    name=${variant%%=*}; rest=${variant#*=}; dir=${rest%%:*}; envs=""
    [[ $rest == *:* ]] && envs=${rest#*:}
    envargs=(); IFS=',' read -ra pairs <<< "$envs"; for p in "${pairs[@]}"; do [ -n "$p" ] && envargs+=("$p"); done
    (cd "$dir" && exec setsid env ConnectionStrings__trading="$trading" ConnectionStrings__redis="127.0.0.1:$redisport,password=$redispass" \
      ASPNETCORE_URLS="http://127.0.0.1:$gwport" Auth__SigningKey="$key" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
      OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1 ${PERF_DIR:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} "${envargs[@]}" \
      dotnet "$dir/TradingAspire.Gateway.dll" >"$work/gateway-$name.log" 2>&1) &
    gw=$!; pids+=($gw)
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:$gwport/health" >/dev/null 2>&1 && break; sleep 0.2; done
    gwpid=$(pgrep -f "$dir/TradingAspire.Gateway.dll" | head -1)
    wrk -t 2 -c 8 -d "${WARMUP_SECONDS:-20}s" -s "$work/orders.lua" "http://127.0.0.1:$gwport" >/dev/null
    c0=$(cpu "$gwpid"); p0=$(pgcpu); load=$(cut -d' ' -f1 /proc/loadavg)
    if [ -n "${PERF_DIR:-}" ]; then perf record -F 499 -g -p "$gwpid" -o "$PERF_DIR/$name-$round.data" -- sleep 10 >/dev/null 2>&1 & perfpid=$!; fi
    out=$(wrk -t 2 -c 8 -d 10s --latency -s "$work/orders.lua" "http://127.0.0.1:$gwport")
    [ -n "${PERF_DIR:-}" ] && wait "$perfpid"
    c1=$(cpu "$gwpid"); p1=$(pgcpu); load2=$(cut -d' ' -f1 /proc/loadavg)
    requests=$(echo "$out" | awk '/requests in/{print $1}'); rate=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    p50=$(echo "$out" | awk '$1=="50%"{print $2}'); non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
    awk -v r="$round" -v n="$name" -v c=$((c1 - c0)) -v p=$((p1 - p0)) -v q="$requests" -v rate="$rate" -v p50="$p50" -v hz="$hz" -v l="$load" -v l2="$load2" -v bad="${non2xx:-0}" \
      'BEGIN { printf "round %s %-12s %7.0f orders/s p50 %-8s gateway %.3f ms/order  postgres %.3f ms/order  non-2xx %s  load %s→%s\n", r, n, rate, p50, c/hz*1000/q, p/hz*1000/q, bad, l, l2 }'
    kill -TERM -- "-$gw" 2>/dev/null || true; wait "$gw" 2>/dev/null || true
  done
done
