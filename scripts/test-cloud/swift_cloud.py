"""Swift (object storage) for the loopback test cloud: proxy, account,
container and object servers from Debian's packages, one replica, one device
under the state directory, authenticating through the cloud's Keystone
(keystonemiddleware authtoken + keystoneauth) with staticweb in the pipeline.

cloud.py calls `start_swift()` once Keystone answers and `swift_programs_missing()`
in `check`. Every Swift process is started through this file's own `serve`
command, which points Swift at the state directory's swift.conf (Swift reads
/etc/swift/swift.conf unless told otherwise) before running the server.

Lessons baked in:
- keystoneauth needs the user to hold one of `operator_roles` (admin, member).
- staticweb serves a container's root index.html to anonymous readers only
  when the read ACL is `.r:*,.rlistings`.
- No memcached: the `cache` middleware is left out of the pipeline (it would
  only log failed connections to 127.0.0.1:11211); keystonemiddleware then
  caches tokens in process and the proxy works without a cache.
- Swift drops privileges to `user` (default "swift"): it is set to whoever
  runs the cloud, so the servers can read the state directory.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

SWIFT_PROGRAMS = ["swift-ring-builder", "swift-proxy-server", "swift-account-server", "swift-container-server",
                  "swift-object-server", "swift"]
SERVERS = ("account", "container", "object")
SYSTEM_PYTHON = "/usr/bin/python3"
# Swift drops privileges to this user (its default, "swift", could not read the state directory).
USER = pwd.getpwuid(os.getuid()).pw_name


def swift_programs_missing() -> list[str]:
    missing = [p for p in SWIFT_PROGRAMS if shutil.which(p) is None]
    # The servers run on Debian's python3 (the one the packages installed into), whatever python3 runs cloud.py.
    for module, package in (("swift.proxy.server", "swift-proxy"), ("keystonemiddleware.auth_token", "python3-keystonemiddleware")):
        if subprocess.run([SYSTEM_PYTHON, "-c", f"import {module}"], capture_output=True).returncode != 0:
            missing.append(package)
    return missing


def swift_conf(swift_dir: Path) -> str:
    # A fresh hash prefix/suffix per cloud; one storage policy.
    import secrets
    return f"""[swift-hash]
swift_hash_path_suffix = {secrets.token_hex(8)}
swift_hash_path_prefix = {secrets.token_hex(8)}

[storage-policy:0]
name = Policy-0
default = yes

[swift-constraints]
"""


def server_conf(kind: str, swift_dir: Path, devices: Path, port: int) -> str:
    return f"""[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
workers = 0
swift_dir = {swift_dir}
user = {USER}
devices = {devices}
mount_check = false
log_level = WARNING

[pipeline:main]
pipeline = {kind}-server

[app:{kind}-server]
use = egg:swift#{kind}

[{kind}-replicator]
[{kind}-auditor]
[{kind}-updater]
"""


def proxy_conf(swift_dir: Path, port: int, keystone_url: str, admin: dict) -> str:
    return f"""[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
workers = 1
swift_dir = {swift_dir}
user = {USER}
log_level = WARNING

[pipeline:main]
pipeline = catch_errors proxy-logging authtoken keystoneauth staticweb proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:staticweb]
use = egg:swift#staticweb

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = {keystone_url}
auth_url = {keystone_url}
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = {admin["projectName"]}
username = {admin["username"]}
password = {admin["password"]}
delay_auth_decision = True
service_token_roles_required = true

[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
"""


def build_rings(swift_dir: Path, ports: dict[str, int], run, log_path: Path) -> None:
    for kind in SERVERS:
        builder = str(swift_dir / f"{kind}.builder")
        run(["swift-ring-builder", builder, "create", "0", "1", "1"], "swift-ring-builder create", log_path)
        run(["swift-ring-builder", builder, "add", f"r1z1-127.0.0.1:{ports[kind]}/d1", "1"],
            "swift-ring-builder add", log_path)
        run(["swift-ring-builder", builder, "rebalance"], "swift-ring-builder rebalance", log_path)


def start_swift(state: Path, cloud: dict, token: str, helpers) -> None:
    """Writes the configs and rings, starts the four servers, registers the object-store
    endpoint in Keystone and waits until the proxy answers. `helpers` is cloud.py's module
    (pick_free_port, spawn, wait_http, run, http, REGION); pids go into cloud["pids"]."""
    swift_dir = state / "swift"
    devices = swift_dir / "node"
    (devices / "d1").mkdir(parents=True, exist_ok=True)
    logs = Path(cloud["logs"])
    taken = {cloud["keystonePort"], cloud["glancePort"]}
    ports: dict[str, int] = {}
    for kind in ("proxy", *SERVERS):
        ports[kind] = helpers.pick_free_port(taken)
        taken.add(ports[kind])

    (swift_dir / "swift.conf").write_text(swift_conf(swift_dir))
    for kind in SERVERS:
        (swift_dir / f"{kind}-server.conf").write_text(server_conf(kind, swift_dir, devices, ports[kind]))
    (swift_dir / "proxy-server.conf").write_text(proxy_conf(swift_dir, ports["proxy"], cloud["keystoneUrl"], cloud["admin"]))
    (swift_dir / "proxy-server.conf").chmod(0o600)
    build_rings(swift_dir, ports, helpers.run, logs / "swift-ring-builder.log")

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    pids = cloud["pids"]
    processes = {}
    for kind in (*SERVERS, "proxy"):
        process = helpers.spawn([SYSTEM_PYTHON, str(Path(__file__).resolve()), "serve", f"{kind}-server",
                                 str(swift_dir / f"{kind}-server.conf")], logs / f"swift-{kind}.log", env)
        pids[f"swift-{kind}"] = process.pid
        processes[kind] = process
    helpers.write_json(state / "cloud.json", cloud)

    proxy_url = f"http://127.0.0.1:{ports['proxy']}"
    for kind in SERVERS:
        helpers.wait_http(f"http://127.0.0.1:{ports[kind]}/healthcheck", processes[kind], logs / f"swift-{kind}.log",
                          f"swift-{kind}-server")
    helpers.wait_http(f"{proxy_url}/healthcheck", processes["proxy"], logs / "swift-proxy.log", "swift-proxy-server")

    register_object_store(cloud["authUrl"], token, proxy_url, helpers)
    cloud["swiftEndpoint"] = proxy_url
    cloud["swiftPorts"] = ports


def register_object_store(auth_url: str, token: str, proxy_url: str, helpers) -> None:
    _, _, body = helpers.http("POST", f"{auth_url}/services",
                              {"service": {"type": "object-store", "name": "swift", "enabled": True}}, token=token)
    service_id = body["service"]["id"]
    for interface in ("public", "internal", "admin"):
        helpers.http("POST", f"{auth_url}/endpoints", {"endpoint": {
            "service_id": service_id, "interface": interface,
            "url": f"{proxy_url}/v1/AUTH_$(project_id)s", "region_id": helpers.REGION}}, token=token)


def serve(server: str, conf: str) -> int:
    """Runs one Swift server with swift.conf read from the config's own swift_dir."""
    from swift.common import utils
    from swift.common.wsgi import run_wsgi
    utils.set_swift_dir(str(Path(conf).parent))
    return run_wsgi(conf, server, verbose=True) or 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        sys.exit(serve(sys.argv[2], sys.argv[3]))
    print("usage: swift_cloud.py serve SERVER CONF", file=sys.stderr)
    sys.exit(2)
