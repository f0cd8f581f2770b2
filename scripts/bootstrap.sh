#!/usr/bin/env bash
# Creates (or refreshes) the two Python environments this project needs, from pinned lock files.
#   .venv-core : Python 3.11, knowledge core + action server (CPU torch, sentence-transformers, FAISS, spaCy, rasa-sdk)
#   .venv-rasa : Python 3.10, the Rasa 3.6.21 server (TensorFlow)
# Each environment is rebuilt only when its lock file changed (a stamp holds the lock's hash),
# so running this again on a set-up machine takes a second. `all` also installs the chat page's npm packages,
# and PostgreSQL, Redis, nginx and Chromium from Debian (the cluster and the tests) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {  # $1 = minor version, e.g. 3.11
  local minor="$1" candidate
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E "^${minor//./\\.}(\.[0-9]+)?$" | sort -V -r); do
      candidate="$(PYENV_VERSION="$v" pyenv which "python${minor}" 2>/dev/null || true)"
      [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
  fi
  for candidate in "python${minor}" "/usr/bin/python${minor}" "/usr/local/bin/python${minor}"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "bootstrap: Python ${minor} not found (install it with pyenv: 'pyenv install ${minor}')" >&2
  return 1
}

make_env() {  # $1 = venv dir, $2 = python minor, $3 = lock file
  local venv="$1" minor="$2" lock="$3" stamp hash py
  stamp="$venv/.lock-hash"
  hash="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -x "$venv/bin/python" ]; then
    return 0
  fi
  py="$(find_python "$minor")"
  echo "bootstrap: creating $venv with $py from $lock" >&2
  rm -rf "$venv"
  "$py" -m venv "$venv"
  if ! { "$venv/bin/python" -m pip install --upgrade "pip<26" wheel "setuptools<70" &&
          "$venv/bin/python" -m pip install -r "$lock"; } > "$venv/install.log" 2>&1; then
    grep -v "is ignored: it is neither" "$venv/install.log" | tail -n 40 >&2
    echo "bootstrap: installing $lock into $venv failed (full log: $venv/install.log)" >&2
    return 1
  fi
  echo "$hash" > "$stamp"
}

ensure_postgres() {  # the learner store's tests run on a real PostgreSQL too (Debian package)
  if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing PostgreSQL from Debian" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } > /tmp/bootstrap-postgres.log 2>&1 ||
      { tail -n 20 /tmp/bootstrap-postgres.log >&2; echo "bootstrap: PostgreSQL install failed" >&2; return 1; }
  else
    echo "bootstrap: PostgreSQL missing; install the 'postgresql' package to run its tests" >&2
  fi
}

ensure_cluster_services() {  # `make run-cluster` and its tests: Redis and nginx from Debian (PostgreSQL above)
  command -v redis-server >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Redis and nginx from Debian" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server nginx; } > /tmp/bootstrap-cluster.log 2>&1 ||
      { tail -n 20 /tmp/bootstrap-cluster.log >&2; echo "bootstrap: Redis/nginx install failed" >&2; return 1; }
  else
    echo "bootstrap: Redis or nginx missing; install the 'redis-server' and 'nginx' packages for the cluster" >&2
  fi
}

ensure_chromium() {  # the chat page's browser test drives Debian's Chromium (no browser download at run time)
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Chromium from Debian" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } > /tmp/bootstrap-chromium.log 2>&1 ||
      { tail -n 20 /tmp/bootstrap-chromium.log >&2; echo "bootstrap: Chromium install failed" >&2; return 1; }
  else
    echo "bootstrap: Chromium missing; install the 'chromium' package to run the browser test" >&2
  fi
}

ensure_web() {  # the socket.io client the chat page loads, and playwright-core for its test (web/package-lock.json)
  local stamp=web/node_modules/.lock-hash hash
  hash="$(sha256sum web/package-lock.json | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return 0
  command -v npm >/dev/null 2>&1 || { echo "bootstrap: npm not found: install Node.js 18 or later for the chat page" >&2; return 1; }
  echo "bootstrap: installing the chat page's packages (npm ci)" >&2
  (cd web && npm ci --no-audit --no-fund --loglevel=error) >&2
  echo "$hash" > "$stamp"
}

case "${1:-all}" in
  core) make_env .venv-core 3.11 requirements/core.lock ;;
  rasa) make_env .venv-rasa 3.10 requirements/rasa.lock ;;
  web) ensure_web ;;
  all)
    make_env .venv-core 3.11 requirements/core.lock &
    core_pid=$!
    make_env .venv-rasa 3.10 requirements/rasa.lock
    wait "$core_pid"
    ensure_web
    ensure_postgres
    ensure_cluster_services
    ensure_chromium
    ;;
  *) echo "usage: $0 [core|rasa|all]" >&2; exit 2 ;;
esac
