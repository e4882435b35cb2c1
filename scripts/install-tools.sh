#!/usr/bin/env bash
# Installs the real Prometheus tools the tests use (promtool, amtool and the servers) from Debian's packages.
set -euo pipefail
missing=()
for tool in promtool prometheus amtool alertmanager; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/bin/prometheus-$tool" ] || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages prometheus and prometheus-alertmanager (missing: ${missing[*]})"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: promtool/amtool are missing and this user is not root; run as root: apt-get update && apt-get install -y prometheus prometheus-alertmanager" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
promtool --version | head -1
