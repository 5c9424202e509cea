#!/bin/sh
# Sets up a Debian/Ubuntu machine for ChipID Kiosk and builds it: the PC/SC packages, then `npm run setup`
# (npm ci + build). Uses sudo only when not already root (root shells and containers often have no sudo).
#   scripts/setup.sh            pcscd + libpcsclite-dev, npm ci, build
#   scripts/setup.sh --dev      also what the tests need (vpcd, iproute2, chromium)
#   scripts/setup.sh --dry-run  print the commands instead of running them
set -eu

dev=0
dry=0
for a in "$@"; do
  case "$a" in
    --dev) dev=1 ;;
    --dry-run) dry=1 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option $a (try --help)" >&2; exit 2 ;;
  esac
done

run() {
  if [ "$dry" = 1 ]; then echo "$*"; else "$@"; fi
}

if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "setup.sh: installing packages needs root: run this as root, or install sudo." >&2
  echo "          Cài gói cần quyền root: chạy bằng root hoặc cài sudo." >&2
  exit 1
fi

packages="pcscd libpcsclite-dev"
if [ "$dev" = 1 ]; then packages="$packages vsmartcard-vpcd iproute2 chromium"; fi

if command -v apt-get >/dev/null 2>&1 || [ "$dry" = 1 ]; then
  # shellcheck disable=SC2086
  run $as_root apt-get update
  # shellcheck disable=SC2086
  run $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $packages
else
  echo "setup.sh: no apt-get here; install $packages with this system's package manager, then run npm run setup." >&2
  exit 1
fi

cd "$(dirname "$0")/.."
run npm run setup
