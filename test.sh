#!/usr/bin/env bash
# Runs every test suite of the repository: .NET (unit, integration, browser), pytest for the Python
# services, vitest and the browser scripts for the trading UI. Installs missing prerequisites first. Ends with one line
# "N passed, N failed" totalling all runners; exits non-zero when anything failed.
#   ./test.sh                  everything
#   ./test.sh --quick          unit tests only (no process-launching tests)
#   DOTNET_TEST_ARGS='--filter FullyQualifiedName~Gateway' ./test.sh
set -uo pipefail
cd "$(dirname "$0")"
repo=$(pwd)

quick=0
[ "${1:-}" = "--quick" ] && quick=1

./eng/install-prerequisites.sh --with-test-tools --notes-on-install || { echo "Installing prerequisites failed; see the messages above."; exit 1; }

results_dir="$repo/artifacts/test-results"
rm -rf "$results_dir" && mkdir -p "$results_dir"
total_passed=0
total_failed=0
runner_errors=()

add_counts() { # passed failed runner (the runner's seconds: since the last mark_start)
  total_passed=$((total_passed + $1))
  total_failed=$((total_failed + $2))
  echo "== $3: $1 passed, $2 failed ($((SECONDS - runner_start)) s)"
}
mark_start() { runner_start=$SECONDS; }
mark_start

echo "== dotnet build"
if ! dotnet build TradingAspire.sln -nologo -v q -clp:ErrorsOnly; then
  echo "The .NET build failed; no .NET test ran."
  runner_errors+=("dotnet build")
else
  filter=()
  [ "$quick" = 1 ] && filter=(--filter "Category!=Integration&Category!=Browser")
  echo "== dotnet build: $((SECONDS - runner_start)) s"
  echo "== dotnet test"
  mark_start
  # -m:1: one test assembly at a time (each starts whole systems; two cores).
  dotnet test TradingAspire.sln --no-build -nologo -m:1 "${filter[@]}" ${DOTNET_TEST_ARGS:-} \
    --logger "trx" --results-directory "$results_dir/dotnet" 2>&1 | tee "$results_dir/dotnet.log"
  dotnet_status=${PIPESTATUS[0]}
  passed=$(grep -E '^(Passed|Failed)!' "$results_dir/dotnet.log" | sed -E 's/.*Passed: *([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -E '^(Passed|Failed)!' "$results_dir/dotnet.log" | sed -E 's/.*Failed: *([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
  add_counts "${passed:-0}" "${failed:-0}" "dotnet test"
  if [ "$dotnet_status" != 0 ] && [ "${failed:-0}" = 0 ]; then runner_errors+=("dotnet test exited $dotnet_status"); fi
  # Where the time went (the budget: the whole suite under 15 minutes); printed again at the end.
  /usr/bin/python3 eng/test-durations.py "$results_dir/dotnet" --tests 10 --classes 5 > "$results_dir/dotnet-durations.txt" 2>&1
fi

# The UI's browser scripts against a mock backend in Debian's Chromium (apps/trading-ui/tests/*.spec.mjs): layout at
# 1366x768 and 1920x1080 on `npm run build`'s dist/ (tsc, then vite build: nothing else here builds the UI); order
# telemetry and reconnects on a build of its own (its OTLP endpoint compiled in), run meanwhile (free ports, mostly
# waiting). They run in the background while pytest and vitest run (after the .NET tests, whose timings they would
# disturb), at a lower priority (some pytest tests bound a call's time); each writes its log and its exit status (a
# script that stops early is a runner error, reported below). They run in a process group of their own, stopped when
# they are not done 5 minutes after they began, or when test.sh ends first (the EXIT trap).
browser_scripts() {
  renice -n 10 -p "$BASHPID" > /dev/null
  cd apps/trading-ui || return
  node tests/behaviour.spec.mjs > "$results_dir/trading-ui-behaviour.log" 2>&1 &
  local behaviour=$!
  if npm run build --silent > "$results_dir/trading-ui-build.log" 2>&1; then
    node tests/layout.spec.mjs > "$results_dir/trading-ui-layout.log" 2>&1
    echo $? > "$results_dir/trading-ui-layout.status"
  else
    echo build > "$results_dir/trading-ui-layout.status"
  fi
  wait "$behaviour"
  echo $? > "$results_dir/trading-ui-behaviour.status"
}
browser_pid=
trap '[ -n "$browser_pid" ] && kill -TERM -- -"$browser_pid" 2> /dev/null; true' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
if [ -f apps/trading-ui/tests/layout.spec.mjs ] && [ "$quick" = 0 ]; then
  browser_start=$SECONDS
  set -m; browser_scripts & browser_pid=$!; set +m
fi

python_suites=()
for suite in apps/common apps/trading-api apps/strategy; do
  [ -d "$suite" ] && python_suites+=("$suite")
done
if [ ${#python_suites[@]} -gt 0 ]; then
  for suite in "${python_suites[@]}"; do
    echo "== pytest $suite"
    mark_start
    (cd "$suite" && /usr/bin/python3 -m pytest -q -p no:cacheprovider) 2>&1 | tee "$results_dir/pytest-$(basename "$suite").log"
    status=${PIPESTATUS[0]}
    summary=$(tail -n 1 "$results_dir/pytest-$(basename "$suite").log")
    passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
    failed=$(( $(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0) + $(grep -oE '[0-9]+ error' <<<"$summary" | grep -oE '[0-9]+' || echo 0) ))
    add_counts "$passed" "$failed" "pytest $suite"
    if [ "$status" != 0 ] && [ "$failed" = 0 ]; then runner_errors+=("pytest $suite exited $status"); fi
  done
fi

if [ -f apps/trading-ui/package.json ]; then
  echo "== npm test (apps/trading-ui)"
  mark_start
  (cd apps/trading-ui && NO_COLOR=1 FORCE_COLOR=0 npm test --silent -- --reporter=default) 2>&1 | sed -E 's/\x1b\[[0-9;]*m//g' | tee "$results_dir/vitest.log"
  status=${PIPESTATUS[0]}
  line=$(grep -E '^\s*Tests\s' "$results_dir/vitest.log" | tail -n 1)
  passed=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
  failed=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
  add_counts "$passed" "$failed" "vitest"
  if [ "$status" != 0 ] && [ "$failed" = 0 ]; then runner_errors+=("npm test exited $status"); fi
fi

if [ -n "$browser_pid" ]; then
  echo "== browser scripts (apps/trading-ui/tests/*.spec.mjs; begun with the pytest suites)"
  while kill -0 "$browser_pid" 2> /dev/null && [ $((SECONDS - browser_start)) -lt 300 ]; do sleep 1; done
  if kill -0 "$browser_pid" 2> /dev/null; then
    kill -TERM -- -"$browser_pid" 2> /dev/null
    runner_errors+=("browser scripts: not done 5 minutes after they began; stopped")
  fi
  wait "$browser_pid"
  runner_start=$browser_start
  if [ "$(cat "$results_dir/trading-ui-layout.status" 2>/dev/null)" = build ]; then
    cat "$results_dir/trading-ui-build.log"
    runner_errors+=("trading-ui: npm run build failed; tests/layout.spec.mjs did not run")
  fi
  for script in layout behaviour; do
    log="$results_dir/trading-ui-$script.log"
    status=$(cat "$results_dir/trading-ui-$script.status" 2>/dev/null || echo "no status")
    [ -f "$log" ] && cat "$log"
    # Ended by its own report (report() in tests/harness.mjs), not cut short: no check left unrun.
    [ "$status" = build ] || grep -qE '^(.* checks passed.*|[0-9]+ check\(s\) failed)$' "$log" 2>/dev/null \
      || runner_errors+=("tests/$script.spec.mjs stopped early (exit $status); see its log above")
  done
  logs=("$results_dir"/trading-ui-{layout,behaviour}.log)
  add_counts "$(cat "${logs[@]}" 2>/dev/null | grep -c '^ok ')" "$(cat "${logs[@]}" 2>/dev/null | grep -c '^FAIL')" "browser scripts (apps/trading-ui)"
fi

if [ "$(wc -l 2>/dev/null < "$results_dir/dotnet-durations.txt" || echo 0)" -gt 1 ]; then # more than its header: some .NET test ran
  echo "== where the .NET tests' time went (eng/test-durations.py; $results_dir/dotnet-durations.txt)"
  cat "$results_dir/dotnet-durations.txt"
fi
echo "== everything: $SECONDS s"
for error in "${runner_errors[@]}"; do echo "RUNNER ERROR: $error"; done
[ ${#runner_errors[@]} -gt 0 ] && total_failed=$((total_failed + ${#runner_errors[@]}))
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
