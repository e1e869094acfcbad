#!/usr/bin/env bash
# Installs the system packages the test suites need, from Debian's archive:
# Chromium for the browser suite, and a real Keystone, Glance and Swift (with the
# openstack CLI) for the integration suite. Needs root. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [[ $(id -u) -ne 0 ]]; then
  echo "install-test-deps: run as root (apt-get install needs it): sudo bash $0" >&2
  exit 1
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "install-test-deps: chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
# The guide's tools for the tested-docs suite (tests/docs): jq, qemu-img, file, wget.
apt-get install -y -qq --no-install-recommends jq qemu-utils file wget >/dev/null
echo "install-test-deps: $(qemu-img --version | head -1), $(jq --version)"
here=$(dirname "$0")
if [[ -f "$here/test-cloud/install.sh" ]]; then
  bash "$here/test-cloud/install.sh"
fi
