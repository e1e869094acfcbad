#!/usr/bin/python3
"""A real Keystone and Glance on loopback, for tests and benchmarks.

    python3 scripts/test-cloud/cloud.py start  [--state-dir DIR] [--workers N]
    python3 scripts/test-cloud/cloud.py stop   [--state-dir DIR] [--purge]
    python3 scripts/test-cloud/cloud.py status [--state-dir DIR]
    python3 scripts/test-cloud/cloud.py add-region   [--state-dir DIR] [--region RegionTwo]
    python3 scripts/test-cloud/cloud.py stop-glance  [--state-dir DIR] [--region RegionTwo]
    python3 scripts/test-cloud/cloud.py start-glance [--state-dir DIR] [--region RegionTwo]
    python3 scripts/test-cloud/cloud.py add-member   [--state-dir DIR] [--member member-b] [--member-region RegionOne]

`start` creates DIR (default: <repo>/.cloud, or $TEST_CLOUD_DIR), writes
keystone.conf and glance-api.conf there, syncs both sqlite databases,
bootstraps Keystone's admin, runs Keystone under uwsgi and glance-api on free
127.0.0.1 ports, registers Glance in the catalog, waits until both answer, and
writes DIR/cloud.json (endpoints, admin credentials, pids, state dir) and
DIR/admin-openrc.sh. Nothing outside DIR is written; nothing listens anywhere
but 127.0.0.1. The Debian packages (install.sh) provide the programs only.

On a running cloud, `add-region` starts a second glance-api (own sqlite db, file
store and port, in DIR/glance-<region>/, with its region.json) and writes its
region row and public/internal/admin image endpoints straight into Keystone's
sqlite: one Keystone, two regions. `stop-glance` / `start-glance` stop and start
that Glance again on its port (a region that is down; its endpoints stay in the
catalog). `add-member` starts a separate Keystone + Glance (no Swift) in
DIR/members/<member>/, a cloud of its own: a federation's second member.
`status` reports them; `stop` stops them all. Each is a no-op when already done.

Only the Python standard library is used, so this runs with the system python3
that the Debian packages bring.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from swift_cloud import start_swift, swift_programs_missing

REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_STATE_DIR = Path(os.environ.get("TEST_CLOUD_DIR") or REPO / ".cloud")
REGION = "RegionOne"
REQUIRED_PROGRAMS = ["keystone-manage", "keystone-wsgi-public", "uwsgi", "glance-api", "glance-manage", "openstack"]
PASTE_INI = Path("/etc/glance/glance-api-paste.ini")
UWSGI_PYTHON_PLUGIN = Path("/usr/lib/uwsgi/plugins/python3_plugin.so")


class CloudError(Exception):
    pass


def log(message: str) -> None:
    print(f"test-cloud: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# HTTP (stdlib; a fresh connection per request, which Keystone under uwsgi wants)


def http(method: str, url: str, body: object | bytes | None = None, headers: dict[str, str] | None = None,
         token: str | None = None, timeout: float = 60, ok: tuple[int, ...] = (200, 201, 202, 204)):
    """Returns (status, headers, parsed JSON or None). Raises CloudError on a status not in `ok`."""
    all_headers = {"Connection": "close", "Accept": "application/json"}
    data: bytes | None = None
    if isinstance(body, bytes):
        data = body
        all_headers["Content-Type"] = "application/octet-stream"
    elif body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    if token:
        all_headers["X-Auth-Token"] = token
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    attempts = 0
    while True:
        attempts += 1
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, response_headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, raw = error.code, error.headers, error.read()
        except (ConnectionError, urllib.error.URLError, TimeoutError) as error:
            # A transient reset under load: retry a few times, then give up.
            if attempts < 4:
                time.sleep(0.2 * attempts)
                continue
            raise CloudError(f"{method} {url}: {error}") from error
        if status in (500, 503) and attempts < 4 and b"database is locked" in raw:
            time.sleep(0.3 * attempts)
            continue
        break
    if status not in ok:
        raise CloudError(f"{method} {url} -> {status}: {raw[:500].decode(errors='replace')}")
    parsed = None
    if raw and "json" in (response_headers.get("Content-Type") or ""):
        parsed = json.loads(raw)
    return status, response_headers, parsed


def password_token(auth_url: str, username: str, password: str, project: dict | None,
                   user_domain: str = "Default") -> tuple[str, dict]:
    """A token for username/password, scoped to `project` ({"id": ...} or {"name": ..., "domain": ...})."""
    auth: dict = {
        "identity": {
            "methods": ["password"],
            "password": {"user": {"name": username, "domain": {"name": user_domain}, "password": password}},
        }
    }
    if project:
        auth["scope"] = {"project": project}
    _, headers, body = http("POST", f"{auth_url}/auth/tokens", {"auth": auth})
    return headers["X-Subject-Token"], body["token"]


def endpoint_of(token_body: dict, service_type: str, interface: str = "public") -> str:
    for service in token_body.get("catalog", []):
        if service["type"] == service_type:
            for endpoint in service["endpoints"]:
                if endpoint["interface"] == interface:
                    return endpoint["url"].rstrip("/")
    raise CloudError(f"no {interface} {service_type} endpoint in the catalog")


# ---------------------------------------------------------------------------
# Ports and processes


def port_is_free(port: int) -> bool:
    """True when nothing listens on the port. Binds without SO_REUSEADDR/SO_REUSEPORT,
    so a listener that used SO_REUSEPORT (glance-api does) still makes it fail."""
    for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET, "0.0.0.0")):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.bind((address, port))
        except OSError:
            return False
        finally:
            sock.close()
    try:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        return True
    try:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(("::", port))
    except OSError:
        return False
    finally:
        sock.close()
    return True


def pick_free_port(avoid: set[int]) -> int:
    rng = random.SystemRandom()
    for _ in range(200):
        # Below Linux's ephemeral range (32768-60999), so outgoing connections do not take it.
        port = rng.randint(20000, 32000)
        if port not in avoid and port_is_free(port):
            return port
    raise CloudError("no free port found in 20000-32000")


def listening_inodes(port: int) -> set[str]:
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def session_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[3])


def socket_inodes_of_session(sid: int) -> set[str]:
    inodes: set[str] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or session_of(int(entry.name)) != sid:
            continue
        try:
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return inodes


def port_owned_only_by(port: int, sid: int) -> bool:
    """True when every listener on `port` belongs to the process session `sid`
    (so no other glance-api shares the port through SO_REUSEPORT)."""
    listeners = listening_inodes(port)
    return bool(listeners) and listeners <= socket_inodes_of_session(sid)


def spawn(args: list[str], log_path: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    out = open(log_path, "ab")
    try:
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True, close_fds=True)
    finally:
        out.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def is_ours(pid: int, state_dir: Path) -> bool:
    """The pid is still the process we started (its command line names our state dir)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return str(state_dir) in cmdline or str(state_dir) in environ


def stop_process_group(pid: int, state_dir: Path, name: str) -> None:
    if not alive(pid) or not is_ours(pid, state_dir):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not alive(pid):
            break
        time.sleep(0.1)
    else:
        log(f"{name} (pid {pid}) did not stop on SIGTERM; killing it")
    try:
        os.killpg(pid, signal.SIGKILL)  # stragglers in its group (workers), if any
    except ProcessLookupError:
        pass


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_http(url: str, process: subprocess.Popen, log_path: Path, name: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CloudError(f"{name} exited with status {process.returncode}; its log ends:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Connection": "close"}), timeout=5) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
            last = f"HTTP {error.code}"
        except (OSError, urllib.error.URLError) as error:
            last = str(error)
        time.sleep(0.25)
    raise CloudError(f"{name} did not answer {url} within {timeout:.0f}s ({last}); its log ends:\n{tail(log_path)}")


# ---------------------------------------------------------------------------
# Config


def keystone_conf(state: Path) -> str:
    return f"""[DEFAULT]
log_dir = {state}/logs
log_file = keystone.log
use_stderr = false
debug = false

[database]
connection = sqlite:///{state}/keystone.sqlite

[token]
provider = fernet
expiration = 86400

[fernet_tokens]
key_repository = {state}/fernet-keys

[fernet_receipts]
key_repository = {state}/fernet-keys

[credential]
key_repository = {state}/credential-keys

[identity]
# Fast hashing: this cloud exists for tests.
password_hash_rounds = 4

[cache]
enabled = false

[oslo_concurrency]
lock_path = {state}/lock
"""


def glance_conf(state: Path, port: int, keystone_url: str, glance_password: str, workers: int,
                keystone_region: str = REGION) -> str:
    """glance-api.conf for a Glance whose files all live under `state`; `keystone_region` is the region
    Keystone itself is registered in (the token validation's identity endpoint)."""
    return f"""[DEFAULT]
bind_host = 127.0.0.1
bind_port = {port}
workers = {workers}
log_dir = {state}/logs
log_file = glance-api.log
use_stderr = false
debug = false
image_cache_dir = {state}/image-cache
node_staging_uri = file://{state}/staging
public_endpoint = http://127.0.0.1:{port}
# Listing pages hold at most this many images (Glance's default, kept explicit).
api_limit_max = 1000
limit_param_default = 25

[database]
connection = sqlite:///{state}/glance.sqlite

[glance_store]
stores = file
default_store = file
filesystem_store_datadir = {state}/images/

[keystone_authtoken]
www_authenticate_uri = {keystone_url}
auth_url = {keystone_url}
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = glance
password = {glance_password}
region_name = {keystone_region}
service_token_roles_required = true

[paste_deploy]
flavor = keystone
config_file = {state}/glance-api-paste.ini

[oslo_concurrency]
lock_path = {state}/lock

[oslo_policy]
policy_dirs = {state}/policy.d
"""


def set_wal(db: Path) -> None:
    connection = sqlite3.connect(db)
    try:
        mode = connection.execute("pragma journal_mode=wal").fetchone()[0]
        if mode != "wal":
            raise CloudError(f"{db}: journal_mode is {mode}, not wal")
    finally:
        connection.close()


def run(args: list[str], name: str, log_path: Path, env: dict[str, str] | None = None) -> None:
    with open(log_path, "ab") as out:
        result = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env)
    if result.returncode != 0:
        raise CloudError(f"{name} failed with status {result.returncode}; its log ends:\n{tail(log_path)}")


def missing_programs() -> list[str]:
    missing = [p for p in REQUIRED_PROGRAMS if shutil.which(p) is None]
    if not UWSGI_PYTHON_PLUGIN.exists():
        missing.append("uwsgi-plugin-python3")
    return missing + swift_programs_missing()


# ---------------------------------------------------------------------------
# Commands


def read_cloud(state: Path) -> dict:
    path = state / "cloud.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise CloudError(f"{path} does not exist: start the cloud first") from None


def write_json(path: Path, data: object) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n")
    os.chmod(temporary, 0o600)
    temporary.replace(path)


def cloud_is_healthy(cloud: dict) -> bool:
    for url in (f"{cloud['authUrl']}", f"{cloud['imageEndpoint']}/healthcheck"):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Connection": "close"}), timeout=5):
                pass
        except (OSError, urllib.error.URLError):
            return False
    return all(alive(pid) and is_ours(pid, Path(cloud["stateDir"])) for pid in cloud["pids"].values())


def start(state: Path, workers: int, keystone_processes: int, region: str = REGION, swift: bool = True) -> dict:
    """Starts a cloud in `state`: Keystone + Glance in `region`, and Swift unless `swift` is False (a federation's
    second cloud, add-member, has none)."""
    missing = missing_programs()
    if missing:
        raise CloudError(f"missing: {', '.join(missing)}; run scripts/test-cloud/install.sh")
    state = state.resolve()
    if (state / "cloud.json").exists():
        cloud = read_cloud(state)
        if cloud_is_healthy(cloud):
            log(f"already running in {state}")
            return cloud
        log(f"{state} holds a stopped or broken cloud; stopping what is left and starting afresh")
        stop(state, purge=True)
    elif state.exists() and any(state.iterdir()):
        raise CloudError(f"{state} exists and is not empty (and holds no cloud.json); pick another --state-dir")

    started = time.monotonic()
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    for sub in ("logs", "fernet-keys", "credential-keys", "images", "staging", "image-cache", "lock", "policy.d"):
        (state / sub).mkdir(mode=0o700, exist_ok=True)
    logs = state / "logs"

    admin_password = secrets.token_urlsafe(18)
    glance_password = secrets.token_urlsafe(18)
    taken: set[int] = set()
    keystone_port = pick_free_port(taken)
    taken.add(keystone_port)
    glance_port = pick_free_port(taken)
    keystone_url = f"http://127.0.0.1:{keystone_port}"
    auth_url = f"{keystone_url}/v3"

    (state / "keystone.conf").write_text(keystone_conf(state))
    (state / "glance-api.conf").write_text(glance_conf(state, glance_port, keystone_url, glance_password, workers, region))
    shutil.copyfile(PASTE_INI, state / "glance-api-paste.ini")

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["OS_KEYSTONE_CONFIG_DIR"] = str(state)  # read by keystone-wsgi-public
    kconf = ["--config-file", str(state / "keystone.conf")]

    # The two schema migrations are independent: run them side by side.
    def keystone_db() -> None:
        run(["keystone-manage", *kconf, "db_sync"], "keystone-manage db_sync", logs / "keystone-manage.log", env)
        set_wal(state / "keystone.sqlite")
        run(["keystone-manage", *kconf, "fernet_setup", "--keystone-user", str(os.getuid()), "--keystone-group",
             str(os.getgid())], "keystone-manage fernet_setup", logs / "keystone-manage.log", env)
        run(["keystone-manage", *kconf, "credential_setup", "--keystone-user", str(os.getuid()), "--keystone-group",
             str(os.getgid())], "keystone-manage credential_setup", logs / "keystone-manage.log", env)
        run(["keystone-manage", *kconf, "bootstrap",
             # One argument with "=": token_urlsafe can start with "-", which argparse would read as an option.
             f"--bootstrap-password={admin_password}",
             "--bootstrap-username", "admin", "--bootstrap-project-name", "admin", "--bootstrap-role-name", "admin",
             "--bootstrap-service-name", "keystone", "--bootstrap-region-id", region,
             "--bootstrap-admin-url", auth_url, "--bootstrap-public-url", auth_url,
             "--bootstrap-internal-url", auth_url], "keystone-manage bootstrap", logs / "keystone-manage.log", env)

    def glance_db() -> None:
        run(["glance-manage", "--config-file", str(state / "glance-api.conf"), "db_sync"], "glance-manage db_sync",
            logs / "glance-manage.log", env)
        set_wal(state / "glance.sqlite")

    with ThreadPoolExecutor(2) as pool:
        jobs = [pool.submit(keystone_db), pool.submit(glance_db)]
        for job in jobs:
            job.result()
    log(f"databases ready in {time.monotonic() - started:.1f}s")

    pids: dict[str, int] = {}
    cloud = {
        "stateDir": str(state),
        "region": region,
        "authUrl": auth_url,
        "keystoneUrl": keystone_url,
        "imageEndpoint": f"http://127.0.0.1:{glance_port}",
        "keystonePort": keystone_port,
        "glancePort": glance_port,
        "admin": {
            "username": "admin",
            "password": admin_password,
            "projectName": "admin",
            "userDomainName": "Default",
            "projectDomainName": "Default",
        },
        "pids": pids,
        "logs": str(logs),
    }
    # Written before any process starts, so stop() can always find what to end.
    write_json(state / "cloud.json", cloud)

    try:
        keystone = spawn([
            "uwsgi", "--plugin", "python3", "--http-socket", f"127.0.0.1:{keystone_port}",
            "--wsgi-file", "/usr/bin/keystone-wsgi-public", "--master", "--processes", str(keystone_processes),
            "--threads", "1", "--enable-threads", "--lazy-apps", "--die-on-term", "--need-app",
            "--add-header", "Connection: close", "--buffer-size", "65535", "--no-orphans",
            "--env", f"OS_KEYSTONE_CONFIG_DIR={state}",
        ], logs / "keystone-uwsgi.log", env)
        pids["keystone"] = keystone.pid
        write_json(state / "cloud.json", cloud)
        wait_http(f"{auth_url}", keystone, logs / "keystone-uwsgi.log", "keystone")
        if not port_owned_only_by(keystone_port, keystone.pid):
            raise CloudError(f"port {keystone_port} is shared with another process; start again")

        token, token_body = password_token(auth_url, "admin", admin_password, {"name": "admin", "domain": {"name": "Default"}})
        register_glance(auth_url, token, cloud["imageEndpoint"], glance_password, region)

        glance = spawn(["glance-api", "--config-file", str(state / "glance-api.conf")], logs / "glance-api.out", env)
        pids["glance"] = glance.pid
        write_json(state / "cloud.json", cloud)
        wait_http(f"{cloud['imageEndpoint']}/healthcheck", glance, logs / "glance-api.log", "glance-api")
        if not port_owned_only_by(glance_port, glance.pid):
            raise CloudError(f"port {glance_port} is shared with another glance-api (SO_REUSEPORT); start again")
        # One authenticated call end to end: Glance validates the token with Keystone.
        http("GET", f"{cloud['imageEndpoint']}/v2/images?limit=1", token=token)
        if swift:
            start_swift(state, cloud, token, sys.modules[__name__])
    except BaseException:
        stop(state, purge=False)
        raise

    (state / "admin-openrc.sh").write_text(openrc({
        "OS_AUTH_URL": auth_url, "OS_USERNAME": "admin", "OS_PASSWORD": admin_password, "OS_PROJECT_NAME": "admin",
        "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": region,
        "OS_INTERFACE": "public", "OS_IDENTITY_API_VERSION": "3",
    }))
    os.chmod(state / "admin-openrc.sh", 0o600)
    cloud["startSeconds"] = round(time.monotonic() - started, 1)
    write_json(state / "cloud.json", cloud)
    log(f"keystone {auth_url}, glance {cloud['imageEndpoint']}, state {state} ({cloud['startSeconds']}s)")
    return cloud


def openrc(variables: dict[str, str]) -> str:
    lines = ["# Generated by scripts/test-cloud; source it in a shell.", *[
        f"export {key}='{value}'" for key, value in variables.items()]]
    return "\n".join(lines) + "\n"


def register_glance(auth_url: str, token: str, image_url: str, glance_password: str, region: str = REGION) -> None:
    _, _, body = http("POST", f"{auth_url}/services", {"service": {"type": "image", "name": "glance", "enabled": True}},
                      token=token)
    service_id = body["service"]["id"]
    for interface in ("public", "internal", "admin"):
        http("POST", f"{auth_url}/endpoints", {"endpoint": {
            "service_id": service_id, "interface": interface, "url": image_url, "region_id": region}}, token=token)
    _, _, body = http("POST", f"{auth_url}/projects", {"project": {"name": "service", "domain_id": "default"}},
                      token=token)
    project_id = body["project"]["id"]
    _, _, body = http("POST", f"{auth_url}/users", {"user": {
        "name": "glance", "password": glance_password, "domain_id": "default", "default_project_id": project_id}},
        token=token)
    user_id = body["user"]["id"]
    _, _, roles = http("GET", f"{auth_url}/roles?name=admin", token=token)
    http("PUT", f"{auth_url}/projects/{project_id}/users/{user_id}/roles/{roles['roles'][0]['id']}", token=token)


# ---------------------------------------------------------------------------
# More regions and clouds: a second Glance in the same Keystone (add-region), a federation's second cloud
# (add-member), and one added region's Glance stopped and started again (a region that is down).

REGION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MEMBER_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def region_dir(state: Path, region: str) -> Path:
    if not REGION_NAME.match(region):
        raise CloudError(f"{region!r} is not a region name (letters, digits, _, . or -)")
    return state / f"glance-{region}"


def member_dir(state: Path, member: str) -> Path:
    if not MEMBER_NAME.match(member):
        raise CloudError(f"{member!r} is not a member name (lower-case letters, digits and -)")
    return state / "members" / member


def added_regions(state: Path) -> dict[str, dict]:
    """The regions add-region made, by name (their region.json)."""
    found = {}
    for path in sorted(state.glob("glance-*/region.json")):
        info = json.loads(path.read_text())
        found[info["region"]] = info
    return found


def added_members(state: Path) -> dict[str, Path]:
    """The member clouds add-member made, by name (their state directories)."""
    return {path.parent.name: path.parent for path in sorted((state / "members").glob("*/cloud.json"))}


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Connection": "close"}), timeout=5):
            return True
    except (OSError, urllib.error.URLError):
        return False


def region_is_healthy(state: Path, info: dict) -> bool:
    pid = info.get("pid")
    return bool(pid) and alive(pid) and is_ours(pid, state) and answers(f"{info['imageEndpoint']}/healthcheck")


def register_region(state: Path, region: str, image_url: str) -> None:
    """The region's row and the image service's public, internal and admin endpoints in it, written straight
    into Keystone's sqlite (WAL; the API on sqlite can fail with "database is locked"). Keystone runs with no
    cache, so its next catalog has them. Run again, it replaces the region's image endpoints."""
    db = sqlite3.connect(state / "keystone.sqlite", timeout=30)
    try:
        with db:
            if not db.execute("select 1 from region where id = ?", (region,)).fetchone():
                db.execute("insert into region (id, description, parent_region_id, extra) values (?, '', NULL, '{}')",
                           (region,))
            service = db.execute("select id from service where type = 'image'").fetchone()
            if not service:
                raise CloudError("Keystone's catalog has no image service (was the cloud started by cloud.py?)")
            db.execute("delete from endpoint where service_id = ? and region_id = ?", (service[0], region))
            for interface in ("public", "internal", "admin"):
                db.execute("insert into endpoint (id, legacy_endpoint_id, interface, service_id, url, extra, enabled, region_id) "
                           "values (?, NULL, ?, ?, ?, '{}', 1, ?)", (uuid.uuid4().hex, interface, service[0], image_url, region))
    finally:
        db.close()


def admin_token(cloud: dict) -> str:
    admin = cloud["admin"]
    token, _ = password_token(cloud["authUrl"], admin["username"], admin["password"],
                              {"name": admin["projectName"], "domain": {"name": "Default"}})
    return token


def add_region(state: Path, region: str) -> dict:
    """A second glance-api (own sqlite db, file store, logs and port; the same Keystone and glance service user)
    registered in the cloud's Keystone as `region`. Run again, it starts it when stopped, else changes nothing."""
    state = state.resolve()
    cloud = read_cloud(state)
    if region == cloud["region"]:
        raise CloudError(f"{region} is the cloud's own region; give add-region another name (e.g. RegionTwo)")
    if not cloud_is_healthy(cloud):
        raise CloudError(f"the cloud in {state} is not running; start it first (cloud.py start)")
    rdir = region_dir(state, region)
    if (rdir / "region.json").exists():
        return start_glance(state, region)
    if rdir.exists():
        shutil.rmtree(rdir)  # a half-made earlier attempt
    started = time.monotonic()
    rdir.mkdir(mode=0o700)
    for sub in ("logs", "images", "staging", "image-cache", "lock", "policy.d"):
        (rdir / sub).mkdir(mode=0o700)
    parser = configparser.RawConfigParser()
    parser.read(state / "glance-api.conf")
    glance_password = parser.get("keystone_authtoken", "password")
    taken = {cloud["keystonePort"], cloud["glancePort"], *(info["glancePort"] for info in added_regions(state).values())}
    port = pick_free_port(taken)
    (rdir / "glance-api.conf").write_text(glance_conf(rdir, port, cloud["keystoneUrl"], glance_password, 1, cloud["region"]))
    shutil.copyfile(PASTE_INI, rdir / "glance-api-paste.ini")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    run(["glance-manage", "--config-file", str(rdir / "glance-api.conf"), "db_sync"], "glance-manage db_sync",
        rdir / "logs" / "glance-manage.log", env)
    set_wal(rdir / "glance.sqlite")
    info = {"region": region, "stateDir": str(rdir), "imageEndpoint": f"http://127.0.0.1:{port}", "glancePort": port,
            "pid": None, "logs": str(rdir / "logs")}
    write_json(rdir / "region.json", info)
    register_region(state, region, info["imageEndpoint"])
    info = start_glance(state, region)
    info["startSeconds"] = round(time.monotonic() - started, 1)
    write_json(rdir / "region.json", info)
    log(f"region {region}: glance {info['imageEndpoint']} in the same Keystone ({info['startSeconds']}s)")
    return info


def start_glance(state: Path, region: str) -> dict:
    """Starts an added region's glance-api again on its own port (after stop-glance); a running one is left alone."""
    state = state.resolve()
    rdir = region_dir(state, region)
    try:
        info = json.loads((rdir / "region.json").read_text())
    except FileNotFoundError:
        raise CloudError(f"{state} has no region {region}; add it first (cloud.py add-region --region {region})") from None
    if region_is_healthy(state, info):
        log(f"region {region}: glance already running ({info['imageEndpoint']})")
        return info
    if info.get("pid"):
        stop_process_group(int(info["pid"]), state, f"glance-api ({region})")
    port = info["glancePort"]
    # Not port_is_free(): the connections of the Glance just stopped linger in TIME_WAIT on the port, which fails a
    # bind without SO_REUSEADDR but not glance-api's. What must not be there is another listener.
    if listening_inodes(port):
        raise CloudError(f"port {port} of {region}'s glance-api is taken by another process; stop it, or add the region "
                         f"afresh (delete {rdir})")
    cloud = read_cloud(state)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    glance = spawn(["glance-api", "--config-file", str(rdir / "glance-api.conf")], rdir / "logs" / "glance-api.out", env)
    info["pid"] = glance.pid
    write_json(rdir / "region.json", info)
    try:
        wait_http(f"{info['imageEndpoint']}/healthcheck", glance, rdir / "logs" / "glance-api.log", f"glance-api ({region})")
        if not port_owned_only_by(port, glance.pid):
            raise CloudError(f"port {port} is shared with another glance-api (SO_REUSEPORT); add the region again")
        http("GET", f"{info['imageEndpoint']}/v2/images?limit=1", token=admin_token(cloud))
    except BaseException:
        stop_process_group(glance.pid, state, f"glance-api ({region})")
        raise
    log(f"region {region}: glance running ({info['imageEndpoint']})")
    return info


def stop_glance(state: Path, region: str) -> dict:
    """Stops an added region's glance-api (a region that is down); its endpoints stay in Keystone's catalog."""
    state = state.resolve()
    cloud = read_cloud(state)
    if region == cloud["region"]:
        raise CloudError(f"{region} is the cloud's own region; stop-glance takes an added one "
                         f"({', '.join(added_regions(state)) or 'none yet: cloud.py add-region'})")
    rdir = region_dir(state, region)
    try:
        info = json.loads((rdir / "region.json").read_text())
    except FileNotFoundError:
        raise CloudError(f"{state} has no region {region}; add it first (cloud.py add-region --region {region})") from None
    if info.get("pid"):
        stop_process_group(int(info["pid"]), state, f"glance-api ({region})")
    deadline = time.monotonic() + 10
    while answers(f"{info['imageEndpoint']}/healthcheck"):
        if time.monotonic() > deadline:
            raise CloudError(f"{region}'s glance-api still answers on {info['imageEndpoint']} after stopping it")
        time.sleep(0.1)
    info["pid"] = None
    write_json(rdir / "region.json", info)
    log(f"region {region}: glance stopped ({info['imageEndpoint']} no longer answers)")
    return info


def add_member(state: Path, member: str, region: str, keystone_processes: int) -> dict:
    """A federation's second cloud: its own Keystone and Glance (no Swift) on other free ports, in
    DIR/members/<member>/ (a state directory of its own, with its own cloud.json). Run again, it keeps a running one."""
    state = state.resolve()
    read_cloud(state)
    mdir = member_dir(state, member)
    (state / "members").mkdir(mode=0o700, exist_ok=True)
    cloud = start(mdir, workers=1, keystone_processes=keystone_processes, region=region, swift=False)
    cloud["member"] = member
    write_json(mdir / "cloud.json", cloud)
    return cloud


def stop(state: Path, purge: bool) -> None:
    state = state.resolve()
    path = state / "cloud.json"
    if path.exists():
        for member_state in added_members(state).values():
            stop(member_state, purge=False)
        for region, info in added_regions(state).items():
            if info.get("pid"):
                stop_process_group(int(info["pid"]), state, f"glance-api ({region})")
        cloud = json.loads(path.read_text())
        for name, pid in reversed(list(cloud.get("pids", {}).items())):
            stop_process_group(int(pid), state, name)
        log(f"stopped the cloud in {state}")
    else:
        log(f"no cloud in {state}")
    if purge and state.exists():
        shutil.rmtree(state)
        log(f"removed {state}")


def status(state: Path) -> int:
    cloud = read_cloud(state.resolve())
    healthy = cloud_is_healthy(cloud)
    state = Path(cloud["stateDir"])
    regions = {region: {"healthy": region_is_healthy(state, info), "imageEndpoint": info["imageEndpoint"]}
               for region, info in added_regions(state).items()}
    members = {}
    for member, member_state in added_members(state).items():
        member_cloud = read_cloud(member_state)
        members[member] = {"healthy": cloud_is_healthy(member_cloud), "authUrl": member_cloud["authUrl"],
                           "imageEndpoint": member_cloud["imageEndpoint"], "region": member_cloud["region"]}
    print(json.dumps({"healthy": healthy, "authUrl": cloud["authUrl"], "imageEndpoint": cloud["imageEndpoint"],
                      "region": cloud["region"], "stateDir": cloud["stateDir"], "regions": regions, "members": members},
                     indent=2))
    # The exit status is the first cloud's: an added region stopped on purpose (stop-glance) is reported, not a failure.
    return 0 if healthy else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["start", "stop", "status", "check", "add-region", "add-member", "stop-glance",
                                            "start-glance"])
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--workers", type=int, default=1, help="glance-api worker processes (default 1: sqlite takes one writer)")
    parser.add_argument("--keystone-processes", type=int, default=2, help="uwsgi processes for Keystone (default 2)")
    parser.add_argument("--purge", action="store_true", help="stop: also delete the state directory")
    parser.add_argument("--region", default="RegionTwo",
                        help="add-region, stop-glance, start-glance: the added region (default RegionTwo)")
    parser.add_argument("--member", default="member-b", help="add-member: the member cloud's name (default member-b)")
    parser.add_argument("--member-region", default=REGION, help=f"add-member: its Keystone's region (default {REGION})")
    args = parser.parse_args()
    try:
        if args.command == "check":
            missing = missing_programs()
            if missing:
                print(f"missing: {', '.join(missing)}")
                return 1
            return 0
        if args.command == "start":
            cloud = start(args.state_dir, args.workers, args.keystone_processes)
            print(json.dumps({"cloudJson": str(Path(cloud["stateDir"]) / "cloud.json"), "authUrl": cloud["authUrl"],
                              "imageEndpoint": cloud["imageEndpoint"], "stateDir": cloud["stateDir"]}))
            return 0
        if args.command == "stop":
            stop(args.state_dir, args.purge)
            return 0
        if args.command in ("add-region", "start-glance", "stop-glance"):
            action = {"add-region": add_region, "start-glance": start_glance, "stop-glance": stop_glance}[args.command]
            info = action(args.state_dir, args.region)
            print(json.dumps({"region": info["region"], "imageEndpoint": info["imageEndpoint"], "running": bool(info["pid"]),
                              "regionJson": str(Path(info["stateDir"]) / "region.json")}))
            return 0
        if args.command == "add-member":
            cloud = add_member(args.state_dir, args.member, args.member_region, args.keystone_processes)
            print(json.dumps({"member": args.member, "cloudJson": str(Path(cloud["stateDir"]) / "cloud.json"),
                              "authUrl": cloud["authUrl"], "imageEndpoint": cloud["imageEndpoint"], "region": cloud["region"]}))
            return 0
        return status(args.state_dir)
    except CloudError as error:
        log(f"error: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
