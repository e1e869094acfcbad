#!/bin/sh
# Installs the Debian packages that run a real Keystone, Glance and Swift on loopback
# for the integration suite and the fetch benchmark. Idempotent and
# non-interactive; CI calls it. The packages' own services are kept from
# starting (policy-rc.d) and stopped if one started anyway: start.sh runs
# everything from its own config files in its own state directory.
set -eu

PACKAGES="glance-api python3-keystone uwsgi-core uwsgi-plugin-python3 python3-openstackclient python3-openstacksdk python3-yaml python3-glanceclient sqlite3 swift swift-proxy swift-account swift-container swift-object python3-keystonemiddleware python3-swiftclient"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "test-cloud: packages already installed"
  exit 0
fi

echo "test-cloud: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Keep postinst scripts from starting services (no systemd here anyway).
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi
cleanup() { if [ -n "$made_policy" ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

# Answer dbconfig-common / keystone debconf questions with "no".
cat <<'DEBCONF' | $SUDO debconf-set-selections
keystone keystone/configure_db boolean false
keystone keystone/create-admin-tenant boolean false
keystone keystone/register-endpoint boolean false
glance-common glance/configure_db boolean false
glance-api glance/register-endpoint boolean false
glance-common glance/configure_db boolean false
DEBCONF

if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ] || [ "${TEST_CLOUD_APT_UPDATE:-}" = 1 ]; then
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update
fi
if ! $SUDO apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing; then
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update
  $SUDO apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing
fi

# If a package started its own daemon regardless, stop it (by pid file/pid, never by name pattern).
for svc in keystone glance-api swift-proxy swift-account swift-container swift-object; do
  if [ -x "/etc/init.d/$svc" ]; then $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
done
echo "test-cloud: installed"
