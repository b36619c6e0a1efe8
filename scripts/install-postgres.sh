#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres) for the PostgreSQL tests, which start a
# throwaway cluster of their own (broker-server's testing/PostgresServer). Idempotent: does nothing when the binaries
# are already there. Needs root (apt-get); otherwise it says what to do and exits non-zero.
set -euo pipefail

find_initdb() {
  ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1
}

existing=$(find_initdb || true)
if [ -n "$existing" ]; then
  echo "install-postgres: PostgreSQL is already installed ($existing)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-postgres: PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb) and this script" >&2
  echo "  is not running as root, so it cannot install them. Either run 'sudo apt-get install -y postgresql'," >&2
  echo "  or point the tests at a server you have: MQTT_TEST_POSTGRES_URL=jdbc:postgresql://host:5432/db" >&2
  echo "  (with MQTT_TEST_POSTGRES_USER / MQTT_TEST_POSTGRES_PASSWORD)." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-postgres: apt-get not found; install the PostgreSQL server with your package manager," >&2
  echo "  or set MQTT_TEST_POSTGRES_URL to a server you have." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-postgres: installing Debian's postgresql package"
apt-get update -q
apt-get install -y -q --no-install-recommends postgresql

installed=$(find_initdb || true)
if [ -z "$installed" ]; then
  echo "install-postgres: apt-get finished but no /usr/lib/postgresql/*/bin/initdb was found" >&2
  exit 1
fi
echo "install-postgres: installed $installed"
