#!/usr/bin/env bash
# Installs the real tools the tests use from Debian's packages: promtool, amtool and the servers,
# rsvg-convert (librsvg2-bin), which draws the dashboards' grids to PNG, vmalert (victoria-metrics),
# which checks the VictoriaMetrics target's rule files, chromium, which renders the HTML report, and
# the real exporters adoption is tested with (pushgateway, blackbox_exporter, node_exporter).
set -euo pipefail
missing=()
for tool in promtool prometheus amtool alertmanager; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/bin/prometheus-$tool" ] || missing+=("$tool")
done
command -v rsvg-convert >/dev/null 2>&1 || missing+=("rsvg-convert")
command -v vmalert >/dev/null 2>&1 || missing+=("vmalert")
command -v chromium >/dev/null 2>&1 || missing+=("chromium")
for exporter in pushgateway blackbox-exporter node-exporter; do
  command -v "prometheus-$exporter" >/dev/null 2>&1 || missing+=("prometheus-$exporter")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages prometheus, prometheus-alertmanager, librsvg2-bin, victoria-metrics, chromium and the exporters (missing: ${missing[*]})"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: promtool/amtool are missing and this user is not root; run as root: apt-get update && apt-get install -y prometheus prometheus-alertmanager librsvg2-bin victoria-metrics chromium prometheus-pushgateway prometheus-blackbox-exporter prometheus-node-exporter" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager librsvg2-bin victoria-metrics chromium prometheus-pushgateway prometheus-blackbox-exporter prometheus-node-exporter >/dev/null
promtool --version | head -1
