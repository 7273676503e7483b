#!/usr/bin/env bash
# Installs the Debian packages the live tests need (DOMAIN.md §1): gearmand
# (gearman-job-server), the stock gearman CLI and gearadmin (gearman-tools), and Perl's
# Gearman::Client / Gearman::Worker (libgearman-client-perl), and Perlbal 1.80 (perlbal) for the
# HTTP conformance test. Idempotent: when every
# program is already there it does nothing; otherwise one quiet apt-get run, and a failure
# says which package and why. Run as root (CI and the development machines are).
set -euo pipefail

packages=(gearman-job-server gearman-tools libgearman-client-perl perlbal)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-peers: already installed: ${packages[*]}"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "install-peers: apt-get not found; install these Debian packages by hand: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-peers: must run as root to install: ${missing[*]}" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  echo "install-peers: apt-get failed installing ${missing[*]}; its output:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi

# The package's service is not wanted: tests start their own gearmand on a free port.
# Debian starts one on install where an init system runs; stop it so port 4730 stays free.
if command -v service >/dev/null && [ -x /etc/init.d/gearman-job-server ]; then
  service gearman-job-server stop >/dev/null 2>&1 || true
fi

# Debian's perlbal ships a service too; the conformance test starts its own on a free port.
if command -v service >/dev/null && [ -x /etc/init.d/perlbal ]; then
  service perlbal stop >/dev/null 2>&1 || true
fi

for program in gearmand gearman gearadmin perlbal; do
  if ! command -v "$program" >/dev/null; then
    echo "install-peers: $program is missing after installing ${missing[*]}" >&2
    exit 1
  fi
done
if ! perl -MGearman::Client -MGearman::Worker -e1 2>/dev/null; then
  echo "install-peers: Perl Gearman::Client is missing after installing ${missing[*]}" >&2
  exit 1
fi
echo "install-peers: installed ${missing[*]}"
