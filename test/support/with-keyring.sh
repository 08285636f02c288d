#!/usr/bin/env bash
# Runs a command inside its own D-Bus session with a fresh, unlocked gnome-keyring (the Secret
# Service), so keychain code is tested against the real OS keychain and never touches the user's.
# Usage: test/support/with-keyring.sh <command> [args...]
# Without dbus-run-session or gnome-keyring-daemon the command runs as it is and the keychain tests
# say in their names and output why they skip.
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  exec "$@"
fi
home=$(mktemp -d "${TMPDIR:-/tmp}/mitate-keyring-XXXXXX")
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export MITATE_TEST_KEYRING=1
dbus-run-session -- bash -c 'echo -n mitate-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' keyring "$@"
