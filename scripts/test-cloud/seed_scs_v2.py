#!/usr/bin/python3
"""Seeds an SCS-0102 v2 image owner in the loopback cloud, with every way to fail SCS's image checks.

    python3 scripts/test-cloud/seed_scs_v2.py [--state-dir DIR]

For the conformance view (issue 23, tests/integration/conformance.test.ts): an
owner project `scs-v2-images` (random id) whose public images use every
`os_purpose` of SCS-0102 v2 (generic, oldgeneric, minimal, k8snode, gpu,
network, custom), and break SCS's rules the ways SCS's own suite tells apart:

  * two `generic` images of one architecture, os_distro and os_version
    (scs-0102-os_purpose-uniqueness);
  * overdue images (older than replace_frequency): one renamed `<name> prev`
    and one `<name> YYYYMMDD` whose successor `<name>` is current (they pass),
    one with no successor (`AlmaLinux 9`), one marked `old` whose short name
    does not exist, one unmarked whose `provided_until` is `notice` (it passes),
    one whose `provided_until` is not a date (scs-0102-image-recency);
  * an invalid `os_purpose` and a missing one; `hotfix_hours` not a number;
    `uuid_validity` `last-three` and an impossible date (30 February);
    `architecture` `amd64` (the catalog understands it, SCS does not); a build
    date after the image's registration; an `image_source` that is not a URL;
  * SCS-0104 gaps: no Debian 13, no CAPI image, and an `Ubuntu 22.04` whose
    `image_source` is not Ubuntu's (scs-0104-source-ubuntu-2204);
  * a hidden earlier build (os_hidden=true), which SCS's suite never lists.

Dates are relative to today, so the verdicts hold whenever it runs. Every run
deletes the project's images and seeds them afresh (~2 s). Writes
DIR/scs-v2/scs-v2.json (owner, image ids, the reader's openrc variables) and
DIR/scs-v2/clouds.yaml (cloud `scs-v2-reader`, for openstacksdk).
Standard library only (system python3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cloud import DEFAULT_STATE_DIR, CloudError, http, log, openrc, password_token, read_cloud, write_json  # noqa: E402
from seed import Glance, Keystone, run_parallel, yaml_quote  # noqa: E402
from seed_scs import delete_images_of  # noqa: E402

OWNER_PROJECT = "scs-v2-images"
PUBLISHER_USER = "scs-v2-publisher"
READER_USER = "scs-v2-reader"
HARDWARE = {"hw_disk_bus": "virtio", "hw_rng_model": "virtio", "hypervisor_type": "kvm"}


def day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).isoformat()


def images() -> list[dict]:
    """(name, os_hidden, properties) of every image; the properties start from a conforming Ubuntu 24.04."""
    good = {
        "os_distro": "ubuntu", "os_version": "24.04", "architecture": "x86_64", "os_purpose": "generic",
        "image_original_user": "ubuntu", "image_build_date": day(-5),
        "image_source": "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img",
        "image_description": "https://docs.example.org/images/ubuntu-24.04/",
        "replace_frequency": "monthly", "uuid_validity": "last-3", "provided_until": day(5 * 365), "hotfix_hours": "48",
        **HARDWARE,
    }
    jammy = {**good, "os_version": "22.04", "image_source": "https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img"}
    debian = {**good, "os_distro": "debian", "os_version": "12", "image_original_user": "debian",
              "image_source": "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2"}
    alma = {**good, "os_distro": "almalinux", "os_version": "9", "image_original_user": "almalinux",
            "image_source": "https://repo.almalinux.org/almalinux/9/cloud/x86_64/images/AlmaLinux-9-GenericCloud-latest.x86_64.qcow2"}
    return [
        # Conforming, one per os_purpose.
        ("Ubuntu 24.04", False, good),
        ("Ubuntu 24.04 prev", False, {**good, "os_purpose": "oldgeneric", "image_build_date": day(-70)}),
        ("Ubuntu 24.04 " + day(-100).replace("-", ""), False, {**good, "os_purpose": "oldgeneric", "image_build_date": day(-100)}),
        ("Ubuntu 24.04 Minimal", False, {**good, "os_purpose": "minimal"}),
        ("Ubuntu 24.04 Kubernetes", False, {**good, "os_purpose": "k8snode", "uuid_validity": "none"}),
        ("Ubuntu 24.04 GPU", False, {**good, "os_purpose": "gpu", "hotfix_hours": "twelve"}),
        ("Debian 12 Router", False, {**debian, "os_purpose": "network", "uuid_validity": "notice"}),
        ("Support Appliance", False, {**debian, "os_purpose": "custom", "replace_frequency": "never", "image_source": "private",
                                      "uuid_validity": "forever"}),
        # Two generic Debian 12 x86_64: both fail uniqueness.
        ("Debian 12", False, debian),
        ("Debian 12 Copy", False, {**debian, "uuid_validity": "last-three"}),
        # SCS-0104: Ubuntu 22.04 from somewhere else.
        ("Ubuntu 22.04", False, {**jammy, "image_source": "https://mirror.example.org/ubuntu/jammy.img", "uuid_validity": day(365)}),
        # Overdue: no successor; marked old but its short name does not exist; provided_until notice; not a date.
        ("AlmaLinux 9", False, {**alma, "image_build_date": day(-120)}),
        ("Rocky Linux 9 old", False, {**alma, "os_distro": "rocky", "image_original_user": "rocky", "image_build_date": day(-60),
                                       "image_source": "https://dl.rockylinux.org/pub/rocky/9/images/x86_64/Rocky-9-GenericCloud.qcow2"}),
        ("AlmaLinux 8", False, {**alma, "os_version": "8", "image_build_date": day(-90), "provided_until": "notice"}),
        ("Fedora 40", False, {**good, "os_distro": "fedora", "os_version": "40", "image_original_user": "fedora",
                              "replace_frequency": "weekly", "image_build_date": day(-30), "provided_until": "soon",
                              "image_source": "https://download.fedoraproject.org/pub/fedora/linux/releases/40/Cloud/"}),
        # An invalid os_purpose, a missing one, amd64, a build date after registration, an impossible uuid_validity date.
        ("Alpine 3.20", False, {**good, "os_distro": "alpine", "os_version": "3.20", "os_purpose": "general",
                                "image_original_user": "alpine", "image_source": "https://dl-cdn.alpinelinux.org/alpine/v3.20/"}),
        ("openSUSE Leap 15.6", False, {k: v for k, v in {**good, "os_distro": "opensuse", "os_version": "15.6", "image_original_user": "opensuse",
                                                           "image_source": "https://download.opensuse.org/repositories/Cloud:/Images:/Leap_15.6/"}.items()
                                        if k != "os_purpose"}),
        ("Ubuntu 24.04 ARM", False, {**good, "architecture": "amd64", "os_purpose": "minimal", "image_build_date": day(2),
                                     "uuid_validity": "2030-02-30"}),
        ("Debian 11", False, {**debian, "os_version": "11", "image_build_date": "10/11/2026", "image_source": "cloud.debian.org",
                              "image_original_user": ""}),
        # A hidden earlier build: SCS's suite never lists it, so it is not in the view either.
        ("Ubuntu 24.04 20250101", True, {**good, "image_build_date": "2025-01-01", "os_purpose": "nonsense"}),
    ]


def seed_identity(cloud: dict, previous: dict) -> dict:
    auth_url, admin = cloud["authUrl"], cloud["admin"]
    admin_token, _ = password_token(auth_url, admin["username"], admin["password"], {"name": admin["projectName"], "domain": {"name": "Default"}})
    ks = Keystone(auth_url, admin_token)
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    for needed in ("admin", "member", "reader"):
        if needed not in roles:
            roles[needed] = ks.post("/roles", {"role": {"name": needed}})["role"]["id"]
    existed = bool(ks.get(f"/projects?name={OWNER_PROJECT}")["projects"])
    project = ks.find_or_create("projects", "project", OWNER_PROJECT, {"domain_id": "default", "description": "test cloud (SCS-0102 v2)"})
    users = {}
    for key, name in (("publisher", PUBLISHER_USER), ("reader", READER_USER)):
        password = previous.get("users", {}).get(key, {}).get("password") or secrets.token_urlsafe(18)
        user = ks.user_with_password(name, password, project["id"])
        users[key] = {"username": name, "password": password, "userId": user["id"], "projectId": project["id"], "projectName": project["name"]}
    ks.grant(project["id"], users["publisher"]["userId"], roles["member"])
    ks.grant(project["id"], users["publisher"]["userId"], roles["admin"])
    ks.grant(project["id"], users["reader"]["userId"], roles["reader"])
    return {"project": {"id": project["id"], "name": project["name"]}, "users": users, "existed": existed}


def seed_images(cloud: dict, identity: dict) -> list[dict]:
    publisher = identity["users"]["publisher"]
    token, _ = password_token(cloud["authUrl"], publisher["username"], publisher["password"], {"id": identity["project"]["id"]})
    glance = Glance(cloud["imageEndpoint"], token)
    if identity["existed"]:
        gone = delete_images_of(glance, identity["project"]["id"])
        if gone:
            log(f"deleted {gone} images of {OWNER_PROJECT} left from an earlier seed")

    def make(name: str, hidden: bool, properties: dict):
        def job():
            body = {"name": name, "disk_format": "qcow2", "container_format": "bare", "visibility": "public",
                    "min_disk": 4, "min_ram": 512, "os_hidden": hidden, **properties}
            image = glance.create(body, f"scs v2 image {name} {secrets.token_hex(4)}\n".encode())
            return {"id": image["id"], "name": name, "hidden": hidden, "properties": properties}
        return job

    return run_parallel([make(*entry) for entry in images()], 4, "SCS-0102 v2 images")


def write_credentials(out: Path, cloud: dict, reader: dict) -> dict:
    env = {"OS_AUTH_URL": cloud["authUrl"], "OS_AUTH_TYPE": "password", "OS_USERNAME": reader["username"],
           "OS_PASSWORD": reader["password"], "OS_PROJECT_ID": reader["projectId"], "OS_PROJECT_NAME": reader["projectName"],
           "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": cloud["region"],
           "OS_INTERFACE": "public", "OS_IDENTITY_API_VERSION": "3"}
    (out / "openrc-reader.sh").write_text(openrc(env))
    os.chmod(out / "openrc-reader.sh", 0o600)
    lines = ["# Generated by scripts/test-cloud/seed_scs_v2.py", "clouds:", "  scs-v2-reader:", "    auth:",
             f"      auth_url: {yaml_quote(cloud['authUrl'])}",
             f"      username: {yaml_quote(reader['username'])}",
             f"      password: {yaml_quote(reader['password'])}",
             f"      project_id: {yaml_quote(reader['projectId'])}",
             "      user_domain_name: Default", "      project_domain_name: Default",
             f"    region_name: {yaml_quote(cloud['region'])}", "    interface: public", "    identity_api_version: 3"]
    clouds = out / "clouds.yaml"
    clouds.write_text("\n".join(lines) + "\n")
    os.chmod(clouds, 0o600)
    return {"cloudsYaml": str(clouds), "cloud": "scs-v2-reader", "env": {"reader": env}}


def seed_scs_v2(state: Path) -> dict:
    started = time.monotonic()
    cloud = read_cloud(state)
    out = state / "scs-v2"
    out.mkdir(mode=0o700, exist_ok=True)
    manifest_path = out / "scs-v2.json"
    previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    identity = seed_identity(cloud, previous)
    seeded = seed_images(cloud, identity)
    manifest = {"authUrl": cloud["authUrl"], "owner": identity["project"], "users": identity["users"], "images": seeded,
                "files": write_credentials(out, cloud, identity["users"]["reader"]), "seedSeconds": round(time.monotonic() - started, 1)}
    write_json(manifest_path, manifest)
    log(f"seeded the SCS-0102 v2 owner {identity['project']['id']}: {len(seeded)} images in {manifest['seedSeconds']}s")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    args = parser.parse_args()
    try:
        manifest = seed_scs_v2(args.state_dir.resolve())
    except CloudError as error:
        log(f"error: {error}")
        return 1
    print(json.dumps({"scsV2Json": str(args.state_dir.resolve() / "scs-v2" / "scs-v2.json"), "owner": manifest["owner"]["id"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
