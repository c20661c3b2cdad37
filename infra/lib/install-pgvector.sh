#!/usr/bin/env bash
# Builds and installs pgvector for the local PostgreSQL 15 from Debian's source package.
# Why from source: bookworm has no pgvector package for PG 15, and the PGDG repository is not
# reachable from this kind of machine; trixie's source package builds cleanly against PG 15.
# Idempotent: does nothing when the extension is already installed.
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
CONTROL="/usr/share/postgresql/${PG_MAJOR}/extension/vector.control"
SRC_LIST=/etc/apt/sources.list.d/skein-trixie-src.sources

if [[ -f "$CONTROL" ]]; then
  echo "pgvector: already installed ($CONTROL)"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

echo "pgvector: installing from Debian trixie source package"
if [[ ! -f "$SRC_LIST" ]]; then
  # Same mirror as debian.sources, sources only: no binary package is ever pulled from trixie.
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "postgresql-server-dev-${PG_MAJOR}" build-essential >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get source runs as the current user; when root, avoid the _apt sandbox warning noise.
apt-get source -qq pgvector 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
srcdir="$(find . -maxdepth 1 -mindepth 1 -type d -name 'pgvector-*' | head -n 1)"
if [[ -z "$srcdir" ]]; then
  echo "pgvector: apt-get source pgvector produced no source directory" >&2
  exit 1
fi
cd "$srcdir"
# OPTFLAGS="" avoids -march=native so the build is portable across machines of this kind.
make -s PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config" OPTFLAGS=""
$SUDO make -s install PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"

if [[ ! -f "$CONTROL" ]]; then
  echo "pgvector: install finished but $CONTROL is missing" >&2
  exit 1
fi
echo "pgvector: installed ($CONTROL)"
