#!/usr/bin/python3
"""Seeds a second image owner in the loopback cloud, one that follows SCS-0102 and nothing else.

    python3 scripts/test-cloud/seed_scs.py [--state-dir DIR]

The proof that the catalog is a generator (issue 15): a cloud whose official
images follow the SCS image-metadata standard (SCS-0102) and carry no Nectar
property at all, built from tests/fixtures/scs/cloud.config.yaml alone. In the
same loopback cloud as seed.py (it needs only cloud.py's cloud.json), it creates:

  * the owner project `scs-images` (random Keystone id: the config's
    images.owner), with `scs-publisher` (member + admin) and `scs-reader` (the
    `reader` role only: what the catalog fetch runs as; it can see the owner's
    private and community images, so the traps below are real traps);
  * current images named as SCS-0102 suggests ("Ubuntu 24.04", "Debian 12", ...)
    with its properties: os_distro, os_version, architecture,
    image_original_user, image_build_date, image_source, image_description,
    replace_frequency, uuid_validity (last-N, a date, forever), provided_until,
    maintained_until, min_disk, min_ram and hw_* ones. Among them a release whose
    maintained_until has passed (Debian 11), a Windows image whose
    image_original_user is `none`, an image of a distribution the cloud's
    distributions.yaml does not list (AlmaLinux 9: its login user is known only
    from the image), and two architectures of one release (Ubuntu 24.04 x86_64
    and aarch64, the same name);
  * earlier builds as SCS-0102 keeps them: public, active, os_hidden=true,
    renamed `<name> YYYYMMDD` (the standard's wording) or `<name> (YYYYMMDD)`
    (what the OpenStack Image Manager leaves), and one whose name says nothing
    but whose `image_name` names its line. Two of them are past their
    uuid_validity (the 4th earlier build of a `last-3` line; a date that has
    passed). They are created after the current images, so the order Glance
    created them in is not their build order (image_build_date is);
  * traps that must appear nowhere: the owner's private, community, hidden
    private and hidden deactivated images, and another project's public and
    public hidden images (`scs-someone-else`). Each trap's image_description is a
    marker URL that must not appear either.

Writes DIR/scs/scs.json (ids, what must and must not appear, credentials),
DIR/scs/clouds.yaml (cloud `scs-reader`) and DIR/scs/openrc-reader.sh. Run
again, it keeps what scs.json describes when its images still exist, and
otherwise deletes the projects' images and seeds them afresh. ~3 s.
Standard library only (system python3).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cloud import DEFAULT_STATE_DIR, CloudError, http, log, openrc, password_token, read_cloud, write_json  # noqa: E402
from seed import Glance, Keystone, run_parallel, yaml_quote  # noqa: E402

OWNER_PROJECT = "scs-images"
OTHER_PROJECT = "scs-someone-else"
PUBLISHER_USER = "scs-publisher"
READER_USER = "scs-reader"

# What SCS-0102 recommends for VM images (its "Technical requirements and features").
HARDWARE = {"hw_disk_bus": "scsi", "hw_scsi_model": "virtio-scsi", "hw_rng_model": "virtio",
            "hw_qemu_guest_agent": "yes", "hypervisor_type": "kvm"}

# The current images: key -> (name, properties, min_disk GiB, min_ram MiB).
# `expect` is what a reader of the built site must find (the test reads it from scs.json).
# Dates a test expects in the future (provided_until, a uuid_validity date) are years ahead, past ones long past.
CURRENT: dict[str, dict] = {
    "ubuntu-24.04-x86_64": {
        "name": "Ubuntu 24.04", "min_disk": 8, "min_ram": 1024,
        "properties": {
            "os_distro": "ubuntu", "os_version": "24.04", "architecture": "x86_64",
            "image_original_user": "ubuntu", "image_build_date": "2026-10-01",
            "image_source": "https://cloud-images.ubuntu.com/noble/20261001/noble-server-cloudimg-amd64.img",
            "image_description": "https://docs.example.org/images/ubuntu-24.04/",
            "replace_frequency": "monthly", "uuid_validity": "last-3", "provided_until": "2034-04-30",
            "maintained_until": "2029-05-31", "hotfix_hours": "48", **HARDWARE,
        },
        "expect": {"loginUser": "ubuntu"},
    },
    "ubuntu-24.04-aarch64": {
        "name": "Ubuntu 24.04", "min_disk": 8, "min_ram": 2048,
        "properties": {
            "os_distro": "ubuntu", "os_version": "24.04", "architecture": "aarch64",
            "image_original_user": "ubuntu", "image_build_date": "2026-10-02",
            "image_source": "https://cloud-images.ubuntu.com/noble/20261002/noble-server-cloudimg-arm64.img",
            "image_description": "https://docs.example.org/images/ubuntu-24.04-arm/",
            "replace_frequency": "monthly", "uuid_validity": "last-3", "provided_until": "2034-04-30",
            "maintained_until": "2029-05-31", "hw_firmware_type": "uefi", **HARDWARE,
        },
        "expect": {"loginUser": "ubuntu"},
    },
    "ubuntu-22.04-x86_64": {
        "name": "Ubuntu 22.04", "min_disk": 8, "min_ram": 512,
        "properties": {
            "os_distro": "ubuntu", "os_version": "22.04", "architecture": "x86_64",
            "image_original_user": "ubuntu", "image_build_date": "2026-11-01",
            "image_source": "https://cloud-images.ubuntu.com/jammy/20261101/jammy-server-cloudimg-amd64.img",
            "image_description": "https://docs.example.org/images/ubuntu-22.04/",
            "replace_frequency": "quarterly", "uuid_validity": "2036-06-30", "provided_until": "2032-04-30",
            "maintained_until": "2027-06-01", **HARDWARE,
        },
        "expect": {"loginUser": "ubuntu"},
    },
    "debian-12-x86_64": {
        "name": "Debian 12", "min_disk": 4, "min_ram": 512,
        "properties": {
            "os_distro": "debian", "os_version": "12", "architecture": "x86_64",
            "image_original_user": "debian", "image_build_date": "2026-11-10 04:30",
            "image_source": "https://cloud.debian.org/images/cloud/bookworm/20261110-0430/debian-12-genericcloud-amd64.qcow2",
            "image_description": "https://docs.example.org/images/debian-12/",
            # Later than the cloud's eol.yaml (2028-06-30): the earlier date, eol.yaml's, wins.
            "replace_frequency": "weekly", "uuid_validity": "forever", "provided_until": "notice",
            "maintained_until": "2029-06-30", **HARDWARE,
        },
        "expect": {"loginUser": "debian"},
    },
    "debian-11-x86_64": {
        "name": "Debian 11", "min_disk": 4, "min_ram": 512,
        "properties": {
            "os_distro": "debian", "os_version": "11", "architecture": "x86_64",
            "image_original_user": "debian", "image_build_date": "2024-08-01",
            "image_source": "https://cloud.debian.org/images/cloud/bullseye/20240801-1827/debian-11-genericcloud-amd64.qcow2",
            "image_description": "https://docs.example.org/images/debian-11/",
            # Passed, and earlier than the cloud's eol.yaml (2026-08-31): end of life from the image itself.
            "replace_frequency": "never", "uuid_validity": "forever", "provided_until": "none",
            "maintained_until": "2024-08-14", **HARDWARE,
        },
        "expect": {"loginUser": "debian"},
    },
    "almalinux-9-x86_64": {
        # Not in the cloud's distributions.yaml: the login user is known from the image alone.
        "name": "AlmaLinux 9", "min_disk": 10, "min_ram": 1024,
        "properties": {
            "os_distro": "almalinux", "os_version": "9", "architecture": "x86_64",
            "image_original_user": "almalinux", "image_build_date": "2026-11-05",
            "image_source": "https://repo.almalinux.org/almalinux/9/cloud/x86_64/images/AlmaLinux-9-GenericCloud-latest.x86_64.qcow2",
            "image_description": "https://docs.example.org/images/almalinux-9/",
            "replace_frequency": "monthly", "uuid_validity": "last-2", "provided_until": "2032-05-31",
            "maintained_until": "2032-05-31", **HARDWARE,
        },
        "expect": {"loginUser": "almalinux"},
    },
    "windows-2022-x86_64": {
        # image_original_user `none` beats the distributions.yaml entry (Administrator): no login user, no ssh.
        # image_source `private` and a prose image_description: text, not links.
        "name": "Windows Server 2022", "min_disk": 40, "min_ram": 4096,
        "properties": {
            "os_distro": "windows", "os_version": "2022", "os_type": "windows", "architecture": "x86_64",
            "image_original_user": "none", "image_build_date": "2026-11-12",
            "image_source": "private",
            "image_description": "Windows Server 2022 Datacenter with the licence included, billed by the hour.",
            "replace_frequency": "monthly", "uuid_validity": "last-1", "provided_until": "2031-10-14",
            "maintained_until": "2031-10-14", "license_included": "true",
            "hw_firmware_type": "uefi", "hw_machine_type": "q35", **HARDWARE,
        },
        "expect": {"loginUser": None},
    },
}

# Earlier builds: public, active, os_hidden=true. (name, line key of the successor, changes to the current's properties).
# `rename`: how the name was changed; `idMayNoLongerWork`: past its uuid_validity at build time.
HIDDEN = [
    ("Ubuntu 24.04 20260901", "ubuntu-24.04-x86_64", {"image_build_date": "2026-09-01"}, "suffix", False),
    ("Ubuntu 24.04 20260801", "ubuntu-24.04-x86_64", {"image_build_date": "2026-08-01"}, "suffix", False),
    ("Ubuntu 24.04 20260701", "ubuntu-24.04-x86_64", {"image_build_date": "2026-07-01"}, "suffix", False),
    # The 4th earlier build of a `last-3` line: its ID may no longer work.
    ("Ubuntu 24.04 20260601", "ubuntu-24.04-x86_64", {"image_build_date": "2026-06-01"}, "suffix", True),
    # The same name as the x86_64 one: only the architecture tells their lines apart.
    ("Ubuntu 24.04 20260902", "ubuntu-24.04-aarch64", {"image_build_date": "2026-09-02"}, "suffix", False),
    ("Ubuntu 22.04 (20260815)", "ubuntu-22.04-x86_64", {"image_build_date": "2026-08-15"}, "parenthesised", False),
    # Its own uuid_validity date has passed.
    ("Ubuntu 22.04 (20250301)", "ubuntu-22.04-x86_64", {"image_build_date": "2025-03-01", "uuid_validity": "2025-12-31"},
     "parenthesised", True),
    # A name that says nothing of its line; image_name does.
    ("Debian 12 (old build, 6 Oct 2026)", "debian-12-x86_64",
     {"image_build_date": "2026-10-06 04:30", "image_name": "Debian 12"}, "image_name", False),
]

# Traps: (kind, name, line whose properties it copies, changes, owner key, visibility, hidden, deactivated).
TRAPS = [
    ("owner-private", "Ubuntu 24.04", "ubuntu-24.04-x86_64", {"image_build_date": "2026-11-20"}, "owner", "private", False, False),
    ("owner-community", "Ubuntu 24.04 20260501", "ubuntu-24.04-x86_64", {"image_build_date": "2026-05-01"}, "owner", "community", False, False),
    ("owner-hidden-private", "Debian 12 20260501", "debian-12-x86_64", {"image_build_date": "2026-05-01"}, "owner", "private", True, False),
    ("owner-hidden-deactivated", "Ubuntu 22.04 (20260301)", "ubuntu-22.04-x86_64", {"image_build_date": "2026-03-01"}, "owner", "public", True, True),
    ("other-public-hidden", "Ubuntu 24.04 20260401", "ubuntu-24.04-x86_64", {"image_build_date": "2026-04-01"}, "other", "public", True, False),
    ("other-public", "Ubuntu 24.04", "ubuntu-24.04-x86_64", {"image_build_date": "2026-11-25"}, "other", "public", False, False),
]


def image_body(name: str, line: str, changes: dict, **fields) -> dict:
    current = CURRENT[line]
    return {"name": name, "disk_format": "qcow2", "container_format": "bare", "visibility": "public",
            "min_disk": current["min_disk"], "min_ram": current["min_ram"],
            **current["properties"], **changes, **fields}


def seed_identity(cloud: dict, previous: dict) -> dict:
    auth_url, admin = cloud["authUrl"], cloud["admin"]
    admin_token, _ = password_token(auth_url, admin["username"], admin["password"],
                                    {"name": admin["projectName"], "domain": {"name": "Default"}})
    ks = Keystone(auth_url, admin_token)
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    for needed in ("admin", "member", "reader"):
        if needed not in roles:
            roles[needed] = ks.post("/roles", {"role": {"name": needed}})["role"]["id"]
    projects = {}
    existed = False
    for key, name in (("owner", OWNER_PROJECT), ("other", OTHER_PROJECT)):
        existed = existed or bool(ks.get(f"/projects?name={name}")["projects"])
        project = ks.find_or_create("projects", "project", name, {"domain_id": "default", "description": f"test cloud (SCS): {key}"})
        projects[key] = {"id": project["id"], "name": project["name"]}

    users = {}
    for key, name in (("publisher", PUBLISHER_USER), ("reader", READER_USER)):
        password = previous.get("users", {}).get(key, {}).get("password") or secrets.token_urlsafe(18)
        user = ks.user_with_password(name, password, projects["owner"]["id"])
        users[key] = {"username": name, "password": password, "userId": user["id"],
                      "projectId": projects["owner"]["id"], "projectName": projects["owner"]["name"],
                      "userDomainName": "Default", "projectDomainName": "Default"}
    owner_id = projects["owner"]["id"]
    ks.grant(owner_id, users["publisher"]["userId"], roles["member"])
    ks.grant(owner_id, users["publisher"]["userId"], roles["admin"])
    ks.grant(owner_id, users["reader"]["userId"], roles["reader"])
    # The bootstrap admin publishes the other project's images (making an image public needs admin there).
    admin_id = ks.get(f"/users?name={admin['username']}")["users"][0]["id"]
    ks.grant(projects["other"]["id"], admin_id, roles["admin"])
    return {"projects": projects, "users": users, "existed": existed}


def still_there(cloud: dict, previous: dict) -> bool:
    """Whether every image scs.json names still exists (then a rerun keeps them)."""
    try:
        publisher = previous["users"]["publisher"]
        token, _ = password_token(cloud["authUrl"], publisher["username"], publisher["password"], {"id": previous["owner"]["id"]})
    except (KeyError, CloudError):
        return False
    images = previous.get("images", {})
    for image in [*images.get("current", []), *images.get("hidden", [])]:
        status, _, _ = http("GET", f"{cloud['imageEndpoint']}/v2/images/{image['id']}", token=token, ok=(200, 404))
        if status != 200:
            return False
    return True


def delete_images_of(glance: Glance, owner: str) -> int:
    """Deletes every image `owner` has, hidden or not; returns how many. (With no visibility filter Glance lists
    the caller's own images of every visibility; hidden ones only when asked for.)"""
    deleted = 0
    for hidden in ("false", "true"):
        listed = http("GET", f"{glance.url}/v2/images?owner={owner}&os_hidden={hidden}&limit=1000", token=glance.token)[2]["images"]
        for image in listed:
            http("DELETE", f"{glance.url}/v2/images/{image['id']}", token=glance.token, ok=(204, 404))
            deleted += 1
    return deleted


def seed_images(cloud: dict, projects: dict, users: dict, start_clean: bool) -> dict:
    auth_url, admin = cloud["authUrl"], cloud["admin"]
    publisher = users["publisher"]
    owner_token, _ = password_token(auth_url, publisher["username"], publisher["password"], {"id": projects["owner"]["id"]})
    other_token, _ = password_token(auth_url, admin["username"], admin["password"], {"id": projects["other"]["id"]})
    glances = {"owner": Glance(cloud["imageEndpoint"], owner_token), "other": Glance(cloud["imageEndpoint"], other_token)}
    for key, glance in glances.items():
        if not start_clean:
            continue  # new projects: nothing to delete
        gone = delete_images_of(glance, projects[key]["id"])
        if gone:
            log(f"deleted {gone} images of {projects[key]['name']} left from an earlier seed")

    def data(name: str) -> bytes:
        return f"scs image {name} {secrets.token_hex(4)}\n".encode()

    # The current images first, then the earlier builds: Glance's created_at order is not the build order.
    def make_current(key: str):
        def job():
            current = CURRENT[key]
            body = image_body(current["name"], key, {})
            image = glances["owner"].create(body, data(current["name"]))
            return {"id": image["id"], "name": body["name"], "line": key, "architecture": body["architecture"],
                    "minDisk": body["min_disk"], "minRam": body["min_ram"], "properties": current["properties"],
                    **current["expect"]}
        return job

    current = run_parallel([make_current(key) for key in CURRENT], 4, "SCS current images")
    successor_of = {image["line"]: image for image in current}

    def make_hidden(name: str, line: str, changes: dict, rename: str, past: bool):
        def job():
            body = image_body(name, line, changes, os_hidden=True)
            image = glances["owner"].create(body, data(name))
            properties = {k: v for k, v in body.items() if isinstance(v, str) and k not in (
                "name", "disk_format", "container_format", "visibility")}
            return {"id": image["id"], "name": name, "line": line, "successor": successor_of[line]["id"],
                    "architecture": body["architecture"], "rename": rename, "idMayNoLongerWork": past,
                    "properties": properties}
        return job

    hidden = run_parallel([make_hidden(*entry) for entry in HIDDEN], 4, "SCS earlier (hidden) builds")

    def make_trap(kind: str, name: str, line: str, changes: dict, owner: str, visibility: str, is_hidden: bool, deactivated: bool):
        def job():
            marker = f"https://trap.example.org/{kind}/{secrets.token_hex(6)}"
            body = image_body(name, line, {**changes, "image_description": marker}, visibility=visibility, os_hidden=is_hidden)
            glance = glances[owner]
            image = glance.create(body, data(name))
            if deactivated:
                http("POST", f"{glance.url}/v2/images/{image['id']}/actions/deactivate", token=glance.token)
            return {"id": image["id"], "name": name, "kind": kind, "owner": projects[owner]["id"], "visibility": visibility,
                    "hidden": is_hidden, "deactivated": deactivated, "marker": marker}
        return job

    traps = run_parallel([make_trap(*entry) for entry in TRAPS], 4, "SCS traps")
    return {"current": current, "hidden": hidden, "traps": traps}


def write_credentials(out: Path, cloud: dict, users: dict) -> dict:
    auth_url, region = cloud["authUrl"], cloud["region"]
    reader = users["reader"]
    env = {"OS_AUTH_URL": auth_url, "OS_AUTH_TYPE": "password", "OS_USERNAME": reader["username"],
           "OS_PASSWORD": reader["password"], "OS_PROJECT_ID": reader["projectId"], "OS_PROJECT_NAME": reader["projectName"],
           "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": region,
           "OS_INTERFACE": "public", "OS_IDENTITY_API_VERSION": "3"}
    openrc_path = out / "openrc-reader.sh"
    openrc_path.write_text(openrc(env))
    os.chmod(openrc_path, 0o600)
    lines = ["# Generated by scripts/test-cloud/seed_scs.py", "clouds:", "  scs-reader:", "    auth:",
             f"      auth_url: {yaml_quote(auth_url)}",
             f"      username: {yaml_quote(reader['username'])}",
             f"      password: {yaml_quote(reader['password'])}",
             f"      project_id: {yaml_quote(reader['projectId'])}",
             "      user_domain_name: Default",
             "      project_domain_name: Default",
             f"    region_name: {yaml_quote(region)}",
             "    interface: public",
             "    identity_api_version: 3"]
    clouds = out / "clouds.yaml"
    clouds.write_text("\n".join(lines) + "\n")
    os.chmod(clouds, 0o600)
    return {"cloudsYaml": str(clouds), "cloud": "scs-reader", "openrc": {"reader": str(openrc_path)}, "env": {"reader": env}}


def seed_scs(state: Path) -> dict:
    started = time.monotonic()
    cloud = read_cloud(state)
    out = state / "scs"
    out.mkdir(mode=0o700, exist_ok=True)
    manifest_path = out / "scs.json"
    previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if previous and still_there(cloud, previous):
        log(f"SCS owner {previous['owner']['id']}: kept the images of {manifest_path}")
        return previous
    identity = seed_identity(cloud, previous)
    projects, users = identity["projects"], identity["users"]
    images = seed_images(cloud, projects, users, start_clean=identity["existed"])
    manifest = {
        "authUrl": cloud["authUrl"],
        "imageEndpoint": cloud["imageEndpoint"],
        "region": cloud["region"],
        "owner": projects["owner"],
        "projects": projects,
        "users": users,
        "images": images,
        "files": write_credentials(out, cloud, users),
        "seedSeconds": round(time.monotonic() - started, 1),
    }
    write_json(manifest_path, manifest)
    log(f"seeded the SCS owner {projects['owner']['id']}: {len(images['current'])} current images, "
        f"{len(images['hidden'])} hidden earlier builds and {len(images['traps'])} traps in {manifest['seedSeconds']}s")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    args = parser.parse_args()
    try:
        manifest = seed_scs(args.state_dir.resolve())
    except CloudError as error:
        log(f"error: {error}")
        return 1
    print(json.dumps({"scsJson": str(args.state_dir.resolve() / "scs" / "scs.json"), "owner": manifest["owner"]["id"],
                      "seedSeconds": manifest["seedSeconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
