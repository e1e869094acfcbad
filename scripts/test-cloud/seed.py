#!/usr/bin/python3
"""Seeds the loopback cloud started by cloud.py / start.sh through its real APIs.

    python3 scripts/test-cloud/seed.py [--state-dir DIR] [--images N] [--threads T]

Creates (once; a second run reuses them):
  * projects: an "official" project (random Keystone id; the catalog fetch's
    --owner), a foreign project, and alice's project;
  * users: official-publisher (member + admin of the official project),
    official-member (member only), alice (member of her project) with an
    application credential;
  * images in the official project that the catalog must NOT list: private,
    shared (alice's project an accepted member), community, hidden
    (os_hidden, public, active), queued (public, no data) and deactivated
    (public); and a public active image in the foreign project;
  * old-style official images with no properties, whose names carry the facts;
  * an archive project ("nectar-images-archive", publisher a member) holding
    earlier builds as Nectar keeps them: renamed `<name> [v<build>]`, community,
    same nectar_name; one line (CentOS 6.10) has no current build. Traps that
    must never appear: a community image of the foreign project posing as an
    archived build, and a private image of the archive project.
Then adds N (default 1030) public, active official images with Nectar
properties (os_distro, os_version, architecture, nectar_name, nectar_build,
sometimes default_user) across the distributions, a few bytes of data each.
Run it again with --images N to add N more (a benchmark can grow the cloud).

Writes DIR/seed.json (what exists and which credentials reach it), DIR/clouds.yaml
and DIR/openrc-*.sh. Standard library only (system python3).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cloud import DEFAULT_STATE_DIR, CloudError, http, log, openrc, password_token, read_cloud, write_json  # noqa: E402

OFFICIAL_PROJECT = "nectar-official-images"
ARCHIVE_PROJECT = "nectar-images-archive"
FOREIGN_PROJECT = "someone-elses-project"
ALICE_PROJECT = "alice-project"

# (os_distro, os_version, shown name, code name, architecture property, word in the image name)
SERIES = [
    ("ubuntu", "24.04", "Ubuntu 24.04 LTS", "Noble", "x86_64", "amd64"),
    ("ubuntu", "22.04", "Ubuntu 22.04 LTS", "Jammy", "x86_64", "amd64"),
    ("ubuntu", "20.04", "Ubuntu 20.04 LTS", "Focal", "amd64", "amd64"),
    ("ubuntu", "22.04", "Ubuntu 22.04 LTS", "Jammy", "aarch64", "arm64"),
    ("debian", "12", "Debian 12", "Bookworm", "x86_64", "x86_64"),
    ("debian", "11", "Debian 11", "Bullseye", "x86_64", "x86_64"),
    ("fedora", "40", "Fedora 40", None, "x86_64", "x86_64"),
    ("fedora", "39", "Fedora 39", None, "x86_64", "x86_64"),
    ("centos", "7", "CentOS 7", None, "x86_64", "x86_64"),
    ("centos-stream", "9", "CentOS Stream 9", None, "x86_64", "x86_64"),
    ("rocky", "9", "Rocky Linux 9", None, "x86_64", "x86_64"),
    ("rocky", "8", "Rocky Linux 8", None, "x86_64", "x86_64"),
    ("almalinux", "9", "AlmaLinux 9", None, "x86_64", "x86_64"),
    ("alma", "8", "AlmaLinux 8", None, "x86_64", "x86_64"),
    ("sl", "7", "Scientific Linux 7", None, "x86_64", "x86_64"),
    ("opensuse-leap", "15.5", "openSUSE Leap 15.5", None, "x86_64", "x86_64"),
    ("windows", "2022", "Windows Server 2022", None, "x86_64", "x86_64"),
    ("cirros", "0.6.2", "CirrOS 0.6.2", None, "x86_64", "x86_64"),
    # Not in content/data/distributions.yaml: the catalog must say the login user is not known.
    ("arch", "rolling", "Arch Linux", None, "x86_64", "x86_64"),
]

# Old images: no properties at all; the name is all there is. `facts` is what a reader of the name finds.
LEGACY = [
    ("NeCTAR CentOS 7 x86_64", {"distro": "centos", "version": "7", "codename": None, "architecture": "x86_64"}),
    ("NeCTAR CentOS 6.4 x86_64", {"distro": "centos", "version": "6.4", "codename": None, "architecture": "x86_64"}),
    ("NeCTAR Ubuntu 14.04 (Trusty) amd64", {"distro": "ubuntu", "version": "14.04", "codename": "Trusty", "architecture": "x86_64"}),
    ("NeCTAR Ubuntu 12.04 (Precise) amd64", {"distro": "ubuntu", "version": "12.04", "codename": "Precise", "architecture": "x86_64"}),
    ("NeCTAR Debian 8 (Jessie) x86_64", {"distro": "debian", "version": "8", "codename": "Jessie", "architecture": "x86_64"}),
    ("NeCTAR Fedora 25 x86_64", {"distro": "fedora", "version": "25", "codename": None, "architecture": "x86_64"}),
    ("NeCTAR Scientific Linux 6.5 x86_64", {"distro": "scientific", "version": "6.5", "codename": None, "architecture": "x86_64"}),
]

DEFAULT_USER_OVERRIDE = "researcher"


class Keystone:
    def __init__(self, auth_url: str, token: str):
        self.url = auth_url
        self.token = token

    def get(self, path: str) -> dict:
        return http("GET", f"{self.url}{path}", token=self.token)[2]

    def post(self, path: str, body: dict) -> dict:
        return http("POST", f"{self.url}{path}", body, token=self.token)[2]

    def find_or_create(self, collection: str, kind: str, name: str, body: dict) -> dict:
        found = self.get(f"/{collection}?name={name}")[collection]
        if found:
            return found[0]
        return self.post(f"/{collection}", {kind: {"name": name, **body}})[kind]

    def user_with_password(self, name: str, password: str, project_id: str) -> dict:
        """The user called `name` with this password: created in the default domain (home project `project_id`), or
        found and given the password again, so a re-seed keeps the credentials it wrote."""
        found = self.get(f"/users?name={name}")["users"]
        if found:
            http("PATCH", f"{self.url}/users/{found[0]['id']}", {"user": {"password": password}}, token=self.token)
            return found[0]
        return self.post("/users", {"user": {"name": name, "password": password, "domain_id": "default",
                                             "default_project_id": project_id}})["user"]

    def grant(self, project_id: str, user_id: str, role_id: str) -> None:
        http("PUT", f"{self.url}/projects/{project_id}/users/{user_id}/roles/{role_id}", token=self.token)


class Glance:
    def __init__(self, endpoint: str, token: str):
        self.url = endpoint.rstrip("/")
        self.token = token

    def create(self, body: dict, data: bytes | None) -> dict:
        """Creates the image and uploads `data` (None: leave it queued). Glance on sqlite answers 500
        ("database is locked") now and then under parallel writes: retry, throwing away a half-made image."""
        for attempt in range(1, 8):
            try:
                image = http("POST", f"{self.url}/v2/images", body, token=self.token)[2]
            except CloudError as error:
                if attempt == 7 or "-> 500" not in str(error):
                    raise
                time.sleep(0.2 * attempt)
                continue
            if data is None:
                return image
            for upload_attempt in range(1, 5):
                try:
                    http("PUT", f"{self.url}/v2/images/{image['id']}/file", data, token=self.token)
                    return image
                except CloudError as error:
                    if "-> 500" not in str(error):
                        raise
                    time.sleep(0.2 * upload_attempt)
                    status = http("GET", f"{self.url}/v2/images/{image['id']}", token=self.token)[2]["status"]
                    if status == "active":
                        return image
                    if status != "queued":
                        break
            http("DELETE", f"{self.url}/v2/images/{image['id']}", token=self.token, ok=(204, 404))
            time.sleep(0.2 * attempt)
        raise CloudError(f"could not create image {body.get('name')!r}")


def seed_identity(cloud: dict, previous: dict | None) -> dict:
    auth_url = cloud["authUrl"]
    admin = cloud["admin"]
    admin_token, _ = password_token(auth_url, admin["username"], admin["password"],
                                    {"name": admin["projectName"], "domain": {"name": "Default"}})
    ks = Keystone(auth_url, admin_token)
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    for needed in ("admin", "member", "reader"):
        if needed not in roles:
            roles[needed] = ks.post("/roles", {"role": {"name": needed}})["role"]["id"]

    projects = {}
    for key, name in (("official", OFFICIAL_PROJECT), ("foreign", FOREIGN_PROJECT), ("alice", ALICE_PROJECT)):
        project = ks.find_or_create("projects", "project", name, {"domain_id": "default", "description": f"test cloud: {key}"})
        projects[key] = {"id": project["id"], "name": project["name"]}

    old_users = (previous or {}).get("users", {})
    users = {}
    for key, name, project_key in (("publisher", "official-publisher", "official"),
                                   ("member", "official-member", "official"),
                                   ("alice", "alice", "alice")):
        password = old_users.get(key, {}).get("password") or secrets.token_urlsafe(18)
        user = ks.user_with_password(name, password, projects[project_key]["id"])
        users[key] = {"username": name, "password": password, "userId": user["id"],
                      "projectId": projects[project_key]["id"], "projectName": projects[project_key]["name"],
                      "userDomainName": "Default", "projectDomainName": "Default"}

    ks.grant(projects["official"]["id"], users["publisher"]["userId"], roles["member"])
    ks.grant(projects["official"]["id"], users["publisher"]["userId"], roles["admin"])
    ks.grant(projects["official"]["id"], users["member"]["userId"], roles["member"])
    ks.grant(projects["alice"]["id"], users["alice"]["userId"], roles["member"])
    # The bootstrap admin publishes the foreign project's image, so it needs a role there.
    admin_id = ks.get(f"/users?name={admin['username']}")["users"][0]["id"]
    ks.grant(projects["foreign"]["id"], admin_id, roles["admin"])

    # alice's application credential: made by alice herself, from a token scoped to her project.
    app_cred = old_users.get("alice", {}).get("applicationCredential")
    if not app_cred or app_cred.get("userId") != users["alice"]["userId"]:
        alice_token, _ = password_token(auth_url, "alice", users["alice"]["password"], {"id": projects["alice"]["id"]})
        name = f"catalog-fetch-{secrets.token_hex(4)}"
        created = http("POST", f"{auth_url}/users/{users['alice']['userId']}/application_credentials",
                       {"application_credential": {"name": name, "description": "test cloud: catalog fetch"}},
                       token=alice_token)[2]["application_credential"]
        app_cred = {"id": created["id"], "secret": created["secret"], "name": name, "userId": users["alice"]["userId"]}
    users["alice"]["applicationCredential"] = app_cred
    return {"projects": projects, "users": users, "roles": roles}


def nectar_image(index: int) -> tuple[dict, bytes]:
    os_distro, version, shown, codename, arch, arch_word = SERIES[index % len(SERIES)]
    build = index // len(SERIES) + 1
    name = f"NeCTAR {shown}{f' ({codename})' if codename else ''} {arch_word}"
    body = {
        "name": name,
        "disk_format": "qcow2",
        "container_format": "bare",
        "visibility": "public",
        "min_disk": 10,
        "min_ram": 0,
        "os_distro": os_distro,
        "os_version": version,
        "architecture": arch,
        "nectar_name": f"{os_distro}-{version}-{arch}",
        "nectar_build": str(build),
        "hw_qemu_guest_agent": "yes",
        "os_type": "windows" if os_distro == "windows" else "linux",
    }
    if index % 9 == 0:
        body["default_user"] = DEFAULT_USER_OVERRIDE
    if index % 5 == 0:
        body["tags"] = ["nectar", f"build-{build}"]
    return body, f"nectar image {index} {name} build {build}\n".encode()


def run_parallel(jobs, threads: int, label: str) -> list:
    results: list = [None] * len(jobs)
    done = 0
    lock = threading.Lock()
    started = time.monotonic()

    def work(i: int):
        nonlocal done
        results[i] = jobs[i]()
        with lock:
            done += 1
            if done % 250 == 0 or done == len(jobs):
                log(f"{label}: {done}/{len(jobs)} in {time.monotonic() - started:.1f}s")

    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(work, i) for i in range(len(jobs))]:
            future.result()
    return results


def seed(state: Path, count: int, threads: int) -> dict:
    started = time.monotonic()
    cloud = read_cloud(state)
    manifest_path = state / "seed.json"
    previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    identity = seed_identity(cloud, previous)
    projects, users = identity["projects"], identity["users"]
    auth_url = cloud["authUrl"]

    publisher_token, token_body = password_token(auth_url, users["publisher"]["username"], users["publisher"]["password"],
                                                 {"id": projects["official"]["id"]})
    glance = Glance(cloud["imageEndpoint"], publisher_token)
    # One request first, so Glance validates (and caches) the token once rather than once per thread.
    http("GET", f"{glance.url}/v2/images?limit=1", token=publisher_token)

    official = list((previous or {}).get("images", {}).get("official", []))
    excluded = list((previous or {}).get("images", {}).get("excluded", []))
    first_index = sum(1 for image in official if image.get("kind") == "nectar")

    if previous is None:
        # The images the catalog must leave out, and the old name-only ones.
        admin = cloud["admin"]
        admin_foreign_token, _ = password_token(auth_url, admin["username"], admin["password"], {"id": projects["foreign"]["id"]})
        alice_token, _ = password_token(auth_url, "alice", users["alice"]["password"], {"id": projects["alice"]["id"]})
        base, data = nectar_image(1)

        def variant(kind: str, **changes) -> dict:
            body = {**base, **changes, "name": f"{base['name']} [{kind}]"}
            return body

        for kind, body, upload in (
            ("private", variant("private", visibility="private"), True),
            ("shared", variant("shared", visibility="shared"), True),
            ("community", variant("community", visibility="community"), True),
            ("hidden", variant("hidden", os_hidden=True), True),
            ("queued", variant("queued"), False),
            ("deactivated", variant("deactivated"), True),
        ):
            image = glance.create(body, data if upload else None)
            if kind == "shared":
                member = projects["alice"]["id"]
                http("POST", f"{glance.url}/v2/images/{image['id']}/members", {"member": member}, token=publisher_token)
                http("PUT", f"{glance.url}/v2/images/{image['id']}/members/{member}", {"status": "accepted"}, token=alice_token)
            if kind == "deactivated":
                http("POST", f"{glance.url}/v2/images/{image['id']}/actions/deactivate", token=publisher_token)
            excluded.append({"id": image["id"], "name": body["name"], "kind": kind, "owner": projects["official"]["id"]})
        foreign = Glance(cloud["imageEndpoint"], admin_foreign_token).create(variant("foreign"), data)
        excluded.append({"id": foreign["id"], "name": foreign["name"], "kind": "foreign", "owner": projects["foreign"]["id"]})

        for name, facts in LEGACY:
            image = glance.create({"name": name, "disk_format": "qcow2", "container_format": "bare",
                                   "visibility": "public"}, f"{name}\n".encode())
            official.append({"id": image["id"], "name": name, "kind": "legacy", "properties": {}, "nameFacts": facts})

    def make(index: int):
        def job():
            body, data = nectar_image(index)
            image = glance.create(body, data)
            properties = {k: v for k, v in body.items() if isinstance(v, str) and k not in (
                "name", "disk_format", "container_format", "visibility")}
            return {"id": image["id"], "name": body["name"], "kind": "nectar", "index": index, "properties": properties}
        return job

    official.extend(run_parallel([make(first_index + i) for i in range(count)], threads, "official images"))
    archive = (previous or {}).get("archive") or seed_archive(cloud, projects, users)

    files = write_credentials(state, cloud, projects, users)
    manifest = {
        "cloudJson": str(state / "cloud.json"),
        "authUrl": auth_url,
        "imageEndpoint": cloud["imageEndpoint"],
        "region": cloud["region"],
        "official": projects["official"],
        "projects": projects,
        "users": users,
        "images": {"official": official, "excluded": excluded},
        "files": files,
        "archive": archive,
        "seedSeconds": round(time.monotonic() - started, 1),
    }
    write_json(manifest_path, manifest)
    log(f"seeded {len(official)} official images ({count} new) and {len(excluded)} excluded ones "
        f"in {manifest['seedSeconds']}s; owner {projects['official']['id']}")
    return manifest


def archived_build(index: int, build: int, **changes) -> tuple[dict, bytes]:
    """An earlier build of SERIES[index] as the archive keeps it: renamed `<name> [v<build>]`, community."""
    body, data = nectar_image(index)
    body = {**body, "name": f"{body['name']} [v{build}]", "nectar_build": str(build), "visibility": "community", **changes}
    body.pop("tags", None)
    return body, data + f"archived build {build}\n".encode()


def seed_archive(cloud: dict, projects: dict, users: dict) -> dict:
    """The archive project, its earlier builds, and the two traps. Returns the manifest's "archive" part."""
    auth_url, admin = cloud["authUrl"], cloud["admin"]
    admin_token, _ = password_token(auth_url, admin["username"], admin["password"],
                                    {"name": admin["projectName"], "domain": {"name": "Default"}})
    ks = Keystone(auth_url, admin_token)
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    project = ks.find_or_create("projects", "project", ARCHIVE_PROJECT, {"domain_id": "default", "description": "test cloud: archive"})
    archive = {"id": project["id"], "name": project["name"]}
    publisher = users["publisher"]
    ks.grant(archive["id"], publisher["userId"], roles["member"])
    ks.grant(archive["id"], publisher["userId"], roles["admin"])
    token, _ = password_token(auth_url, publisher["username"], publisher["password"], {"id": archive["id"]})
    glance = Glance(cloud["imageEndpoint"], token)

    archived = []
    # Earlier builds of lines that have a current build (Ubuntu 24.04 x86_64, Debian 12), and a line that has none.
    for index, build, changes in ((0, 3, {}), (0, 2, {}), (4, 5, {}),
                                  (8, 7, {"name": "NeCTAR CentOS 6.10 x86_64 [v7]", "os_version": "6.10",
                                          "nectar_name": "centos-6.10-x86_64"})):
        body, data = archived_build(index, build, **changes)
        image = glance.create(body, data)
        archived.append({"id": image["id"], "name": body["name"], "nectarName": body["nectar_name"], "build": build,
                         "hasCurrent": index != 8})
    traps = []
    body, data = archived_build(0, 98)
    foreign_token, _ = password_token(auth_url, admin["username"], admin["password"], {"id": projects["foreign"]["id"]})
    image = Glance(cloud["imageEndpoint"], foreign_token).create(body, data)
    traps.append({"id": image["id"], "name": body["name"], "kind": "foreign-community", "owner": projects["foreign"]["id"]})
    body, data = archived_build(0, 97, visibility="private")
    image = glance.create(body, data)
    traps.append({"id": image["id"], "name": body["name"], "kind": "archive-private", "owner": archive["id"]})
    log(f"seeded the archive project {archive['id']}: {len(archived)} archived builds and {len(traps)} traps")
    return {"project": archive, "archived": archived, "traps": traps}


def yaml_quote(value: str) -> str:
    return json.dumps(value)  # JSON strings are YAML strings


def write_credentials(state: Path, cloud: dict, projects: dict, users: dict) -> dict:
    auth_url, region = cloud["authUrl"], cloud["region"]

    def password_env(user: dict) -> dict:
        return {"OS_AUTH_URL": auth_url, "OS_AUTH_TYPE": "password", "OS_USERNAME": user["username"],
                "OS_PASSWORD": user["password"], "OS_PROJECT_ID": user["projectId"], "OS_PROJECT_NAME": user["projectName"],
                "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": region,
                "OS_INTERFACE": "public", "OS_IDENTITY_API_VERSION": "3"}

    app_cred = users["alice"]["applicationCredential"]
    envs = {
        "publisher": password_env(users["publisher"]),
        "member": password_env(users["member"]),
        "alice-appcred": {"OS_AUTH_URL": auth_url, "OS_AUTH_TYPE": "v3applicationcredential",
                          "OS_APPLICATION_CREDENTIAL_ID": app_cred["id"],
                          "OS_APPLICATION_CREDENTIAL_SECRET": app_cred["secret"], "OS_REGION_NAME": region,
                          "OS_INTERFACE": "public", "OS_IDENTITY_API_VERSION": "3"},
    }
    openrc_files = {}
    for key, env in envs.items():
        path = state / f"openrc-{key}.sh"
        path.write_text(openrc(env))
        os.chmod(path, 0o600)
        openrc_files[key] = str(path)

    def password_cloud(user: dict) -> list[str]:
        return [
            "    auth:",
            f"      auth_url: {yaml_quote(auth_url)}",
            f"      username: {yaml_quote(user['username'])}",
            f"      password: {yaml_quote(user['password'])}",
            f"      project_name: {yaml_quote(user['projectName'])}",
            "      user_domain_name: Default",
            "      project_domain_name: Default",
            f"    region_name: {yaml_quote(region)}",
            "    interface: public",
            "    identity_api_version: 3",
        ]

    lines = ["# Generated by scripts/test-cloud/seed.py", "clouds:",
             "  official-publisher:", *password_cloud(users["publisher"]),
             "  official-member:", *password_cloud(users["member"]),
             "  alice-appcred:",
             "    auth_type: v3applicationcredential",
             "    auth:",
             f"      auth_url: {yaml_quote(auth_url)}",
             f"      application_credential_id: {yaml_quote(app_cred['id'])}",
             f"      application_credential_secret: {yaml_quote(app_cred['secret'])}",
             f"    region_name: {yaml_quote(region)}",
             "    interface: public",
             "    identity_api_version: 3",
             ]
    clouds = state / "clouds.yaml"
    clouds.write_text("\n".join(lines) + "\n")
    os.chmod(clouds, 0o600)
    return {"cloudsYaml": str(clouds), "openrc": openrc_files, "env": envs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--images", type=int, default=1030, help="official Nectar images to add (default 1030)")
    parser.add_argument("--threads", type=int, default=8, help="parallel requests to Glance (default 8)")
    args = parser.parse_args()
    try:
        manifest = seed(args.state_dir.resolve(), args.images, args.threads)
    except CloudError as error:
        log(f"error: {error}")
        return 1
    print(json.dumps({"seedJson": str(args.state_dir.resolve() / "seed.json"), "owner": manifest["official"]["id"],
                      "officialImages": len(manifest["images"]["official"]), "seedSeconds": manifest["seedSeconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
