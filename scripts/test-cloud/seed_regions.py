#!/usr/bin/python3
"""Seeds a two-region cloud and a federation's second cloud in the loopback test cloud (issue 21's proof).

    python3 scripts/test-cloud/seed_regions.py [--state-dir DIR] [--region RegionTwo] [--member member-b]

Needs a cloud started by `cloud.py start`, its second region (`cloud.py add-region`, a second Glance in the same
Keystone) and a second cloud (`cloud.py add-member`, its own Keystone and Glance). It creates:

  * member A, in the first cloud's Keystone, images in both regions: the official project `regions-official`
    (random id: the config's owner), the archive project `regions-archive`, another project `regions-other`;
    `regions-publisher` (member + admin of both: creates the images) and `regions-reader` (the `reader` role on
    the official project: what the fetch runs as; it sees the project's private and community images, so the
    traps are real traps). Nectar-style images (names `NeCTAR <distro> <arch word>`, properties os_distro,
    os_version, architecture, nectar_name, nectar_build) in each region, each region with its own IDs: lines
    both regions have (Ubuntu 24.04 one build newer in RegionTwo; Debian 12 the same build), a line only
    RegionOne has (Rocky Linux 9) and one only RegionTwo has (Fedora 40); archived builds per region (community
    images of the archive project, renamed `<name> [v<build>]`): RegionTwo's archived build 41 has the same
    build number as RegionOne's current one, and its successor is RegionTwo's build 42, never RegionOne's;
  * traps in each region that must appear nowhere: the official project's private, community and hidden
    (public, os_hidden) images, the archive project's private one, another project's public one, all of the
    same line with higher builds;
  * member B, in the second Keystone: `beta-images` (owner) with `beta-publisher` and `beta-reader`, and
    `beta-other`; SCS-0102-style images named `Beta <distro> <version>` (image_name, image_build_date,
    image_original_user, ...), an earlier build kept public, active and os_hidden (its config says
    hidden_builds), and traps (private, community, hidden private, another project's public).

Writes DIR/regions/regions.json (IDs, what must and must not appear, per member and region, credentials),
DIR/regions/clouds.yaml (clouds `regions-reader`, whose `regions:` is the dict form
`[{name: RegionOne}, {name: RegionTwo}]` as public SCS clouds write it; `member-a` (the first cloud, no region:
the config names them) and `member-b` (the second Keystone)) and DIR/regions/secure.yaml (openstacksdk's file:
the passwords, which clouds.yaml never holds). Run again, it keeps what regions.json describes when its images
still exist, and otherwise deletes the projects' images and seeds them afresh. A few seconds.
Standard library only (system python3).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cloud import (DEFAULT_STATE_DIR, CloudError, http, log, member_dir, password_token, read_cloud,  # noqa: E402
                   region_dir, write_json)
from seed import Glance, Keystone, run_parallel, yaml_quote  # noqa: E402

# Member A's projects and users (the first cloud's Keystone).
A_PROJECTS = {"owner": "regions-official", "archive": "regions-archive", "other": "regions-other"}
A_PUBLISHER, A_READER = "regions-publisher", "regions-reader"
# Member B's (the second Keystone).
B_PROJECTS = {"owner": "beta-images", "other": "beta-other"}
B_PUBLISHER, B_READER = "beta-publisher", "beta-reader"

# Member A's lines: nectar_name -> (os_distro, os_version, shown name, code name, architecture, word in the name).
A_LINES = {
    "ubuntu-24.04-x86_64": ("ubuntu", "24.04", "Ubuntu 24.04 LTS", "Noble", "x86_64", "amd64"),
    "debian-12-x86_64": ("debian", "12", "Debian 12", "Bookworm", "x86_64", "x86_64"),
    "rocky-9-x86_64": ("rocky", "9", "Rocky Linux 9", None, "x86_64", "x86_64"),
    "fedora-40-x86_64": ("fedora", "40", "Fedora 40", None, "x86_64", "x86_64"),
}
# Member A's current builds: (region slot, line, build). Slot "one" is the cloud's first region, "two" the added one.
A_CURRENT = [
    ("one", "ubuntu-24.04-x86_64", 41), ("two", "ubuntu-24.04-x86_64", 42),  # both; newer in RegionTwo
    ("one", "debian-12-x86_64", 7), ("two", "debian-12-x86_64", 7),  # both; the same build
    ("one", "rocky-9-x86_64", 3),  # only RegionOne
    ("two", "fedora-40-x86_64", 5),  # only RegionTwo
]
# Member A's archived builds (the archive project, community, renamed `<name> [v<build>]`).
A_ARCHIVED = [
    ("one", "ubuntu-24.04-x86_64", 40),
    ("two", "ubuntu-24.04-x86_64", 41),  # RegionOne's current build number; its successor is RegionTwo's 42
    ("two", "debian-12-x86_64", 6),
]
# Member A's traps in each region: (kind, project key, visibility, os_hidden, build).
A_TRAPS = [
    ("owner-private", "owner", "private", False, 99),
    ("owner-community", "owner", "community", False, 98),
    ("owner-hidden", "owner", "public", True, 97),
    ("archive-private", "archive", "private", False, 96),
    ("other-public", "other", "public", False, 95),
]

# Member B's current images: (name, properties).
B_CURRENT = [
    ("Beta Ubuntu 24.04", {"os_distro": "ubuntu", "os_version": "24.04", "architecture": "x86_64", "image_name": "Ubuntu 24.04",
                           "image_original_user": "ubuntu", "image_build_date": "2026-11-20"}),
    ("Beta Debian 12", {"os_distro": "debian", "os_version": "12", "architecture": "x86_64", "image_name": "Debian 12",
                        "image_original_user": "debian", "image_build_date": "2026-11-15"}),
    ("Beta AlmaLinux 9", {"os_distro": "almalinux", "os_version": "9", "architecture": "x86_64", "image_name": "AlmaLinux 9",
                          "image_original_user": "almalinux", "image_build_date": "2026-11-01"}),
]
# Member B's earlier build: public, active, os_hidden (SCS-0102), renamed with its date; successor: the current one of its line.
B_HIDDEN = [("Beta Ubuntu 24.04 20261020", 0, {"image_build_date": "2026-10-20"})]
# Member B's traps: (kind, project key, visibility, os_hidden, index of the current image it copies, build date).
B_TRAPS = [
    ("owner-private", "owner", "private", False, 0, "2026-11-30"),
    ("owner-community", "owner", "community", False, 0, "2026-11-29"),
    ("owner-hidden-private", "owner", "private", True, 1, "2026-11-28"),
    ("other-public", "other", "public", False, 0, "2026-11-27"),
]


def nectar_body(line: str, build: int, **changes) -> dict:
    os_distro, version, shown, codename, arch, arch_word = A_LINES[line]
    return {"name": f"NeCTAR {shown}{f' ({codename})' if codename else ''} {arch_word}", "disk_format": "qcow2",
            "container_format": "bare", "visibility": "public", "min_disk": 10, "min_ram": 0, "os_distro": os_distro,
            "os_version": version, "architecture": arch, "nectar_name": line, "nectar_build": str(build),
            "os_type": "linux", **changes}


def data(name: str) -> bytes:
    return f"regions test image {name} {secrets.token_hex(4)}\n".encode()


def ensure_identity(auth_url: str, admin: dict, project_names: dict[str, str], user_specs: list[tuple[str, str, str, list[tuple[str, str]]]],
                    previous_users: dict) -> dict:
    """Projects by key, users (key, name, default project key, [(project key, role)]) with their passwords,
    and the bootstrap admin an admin of every project (it publishes the other project's trap)."""
    token, _ = password_token(auth_url, admin["username"], admin["password"], {"name": admin["projectName"], "domain": {"name": "Default"}})
    ks = Keystone(auth_url, token)
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    for needed in ("admin", "member", "reader"):
        if needed not in roles:
            roles[needed] = ks.post("/roles", {"role": {"name": needed}})["role"]["id"]
    projects, existed = {}, False
    for key, name in project_names.items():
        existed = existed or bool(ks.get(f"/projects?name={name}")["projects"])
        project = ks.find_or_create("projects", "project", name, {"domain_id": "default", "description": f"test cloud (regions): {key}"})
        projects[key] = {"id": project["id"], "name": project["name"]}
    users = {}
    for key, name, home, grants in user_specs:
        password = previous_users.get(key, {}).get("password") or secrets.token_urlsafe(18)
        user = ks.user_with_password(name, password, projects[home]["id"])
        for project_key, role in grants:
            ks.grant(projects[project_key]["id"], user["id"], roles[role])
        users[key] = {"username": name, "password": password, "userId": user["id"], "projectId": projects[home]["id"],
                      "projectName": projects[home]["name"], "userDomainName": "Default", "projectDomainName": "Default"}
    admin_id = ks.get(f"/users?name={admin['username']}")["users"][0]["id"]
    for project in projects.values():
        ks.grant(project["id"], admin_id, roles["admin"])
    return {"projects": projects, "users": users, "existed": existed}


def delete_images_of(glance: Glance, owner: str) -> int:
    deleted = 0
    for hidden in ("false", "true"):
        listed = http("GET", f"{glance.url}/v2/images?owner={owner}&os_hidden={hidden}&limit=1000", token=glance.token)[2]["images"]
        for image in listed:
            http("DELETE", f"{glance.url}/v2/images/{image['id']}", token=glance.token, ok=(204, 404))
            deleted += 1
    return deleted


def seed_member_a(cloud: dict, endpoints: dict[str, str], previous: dict) -> dict:
    """Member A: identity in the first Keystone, images in both regions (`endpoints`: slot -> Glance URL)."""
    auth_url = cloud["authUrl"]
    identity = ensure_identity(auth_url, cloud["admin"], A_PROJECTS, [
        ("publisher", A_PUBLISHER, "owner", [("owner", "member"), ("owner", "admin"), ("archive", "member"), ("archive", "admin")]),
        ("reader", A_READER, "owner", [("owner", "reader")]),
    ], previous.get("users", {}))
    projects, users = identity["projects"], identity["users"]
    publisher, admin = users["publisher"], cloud["admin"]
    tokens = {
        "owner": password_token(auth_url, publisher["username"], publisher["password"], {"id": projects["owner"]["id"]})[0],
        "archive": password_token(auth_url, publisher["username"], publisher["password"], {"id": projects["archive"]["id"]})[0],
        "other": password_token(auth_url, admin["username"], admin["password"], {"id": projects["other"]["id"]})[0],
    }
    glances = {(slot, key): Glance(url, token) for slot, url in endpoints.items() for key, token in tokens.items()}
    if identity["existed"]:
        for (slot, key), glance in glances.items():
            gone = delete_images_of(glance, projects[key]["id"])
            if gone:
                log(f"member A {slot}: deleted {gone} images of {projects[key]['name']} left from an earlier seed")

    region_of = {"one": cloud["region"], "two": cloud["addedRegion"]}

    def make_current(slot: str, line: str, build: int):
        def job():
            body = nectar_body(line, build)
            image = glances[(slot, "owner")].create(body, data(body["name"]))
            return {"id": image["id"], "name": body["name"], "region": region_of[slot], "line": line, "build": build,
                    "kind": "current", "owner": projects["owner"]["id"]}
        return job

    current = run_parallel([make_current(*entry) for entry in A_CURRENT], 4, "member A current images")

    def make_archived(slot: str, line: str, build: int):
        def job():
            body = nectar_body(line, build, visibility="community")
            body["name"] = f"{body['name']} [v{build}]"
            image = glances[(slot, "archive")].create(body, data(body["name"]))
            successor = next(c for c in current if c["region"] == region_of[slot] and c["line"] == line)
            return {"id": image["id"], "name": body["name"], "region": region_of[slot], "line": line, "build": build,
                    "kind": "archived", "owner": projects["archive"]["id"], "successor": successor["id"]}
        return job

    archived = run_parallel([make_archived(*entry) for entry in A_ARCHIVED], 4, "member A archived builds")

    def make_trap(slot: str, kind: str, key: str, visibility: str, hidden: bool, build: int):
        def job():
            body = nectar_body("ubuntu-24.04-x86_64", build, visibility=visibility, os_hidden=hidden)
            if key == "archive":
                body["name"] = f"{body['name']} [v{build}]"
            image = glances[(slot, key)].create(body, data(body["name"]))
            return {"id": image["id"], "name": body["name"], "region": region_of[slot], "kind": kind,
                    "owner": projects[key]["id"], "visibility": visibility, "hidden": hidden}
        return job

    traps = run_parallel([make_trap(slot, *entry) for slot in endpoints for entry in A_TRAPS], 4, "member A traps")
    return {"authUrl": auth_url, "regions": {region_of[slot]: {"imageEndpoint": url} for slot, url in endpoints.items()},
            "owner": projects["owner"], "archiveOwner": projects["archive"], "projects": projects, "users": users,
            "images": [*current, *archived], "traps": traps}


def seed_member_b(cloud: dict, previous: dict) -> dict:
    auth_url = cloud["authUrl"]
    identity = ensure_identity(auth_url, cloud["admin"], B_PROJECTS, [
        ("publisher", B_PUBLISHER, "owner", [("owner", "member"), ("owner", "admin")]),
        ("reader", B_READER, "owner", [("owner", "reader")]),
    ], previous.get("users", {}))
    projects, users = identity["projects"], identity["users"]
    publisher, admin = users["publisher"], cloud["admin"]
    glances = {
        "owner": Glance(cloud["imageEndpoint"], password_token(auth_url, publisher["username"], publisher["password"], {"id": projects["owner"]["id"]})[0]),
        "other": Glance(cloud["imageEndpoint"], password_token(auth_url, admin["username"], admin["password"], {"id": projects["other"]["id"]})[0]),
    }
    if identity["existed"]:
        for key, glance in glances.items():
            gone = delete_images_of(glance, projects[key]["id"])
            if gone:
                log(f"member B: deleted {gone} images of {projects[key]['name']} left from an earlier seed")

    def body_of(name: str, properties: dict, **fields) -> dict:
        return {"name": name, "disk_format": "qcow2", "container_format": "bare", "visibility": "public", "min_disk": 8,
                "min_ram": 512, **properties, **fields}

    def make_current(name: str, properties: dict):
        def job():
            image = glances["owner"].create(body_of(name, properties), data(name))
            return {"id": image["id"], "name": name, "region": cloud["region"], "line": properties["image_name"],
                    "buildDate": properties["image_build_date"], "kind": "current", "owner": projects["owner"]["id"],
                    "loginUser": properties["image_original_user"]}
        return job

    current = run_parallel([make_current(*entry) for entry in B_CURRENT], 4, "member B current images")

    def make_hidden(name: str, index: int, changes: dict):
        def job():
            properties = {**B_CURRENT[index][1], **changes}
            image = glances["owner"].create(body_of(name, properties, os_hidden=True), data(name))
            return {"id": image["id"], "name": name, "region": cloud["region"], "line": properties["image_name"],
                    "buildDate": properties["image_build_date"], "kind": "hidden", "owner": projects["owner"]["id"],
                    "successor": current[index]["id"]}
        return job

    hidden = run_parallel([make_hidden(*entry) for entry in B_HIDDEN], 4, "member B hidden builds")

    def make_trap(kind: str, key: str, visibility: str, is_hidden: bool, index: int, build_date: str):
        def job():
            name, properties = B_CURRENT[index]
            body = body_of(name, {**properties, "image_build_date": build_date}, visibility=visibility, os_hidden=is_hidden)
            image = glances[key].create(body, data(name))
            return {"id": image["id"], "name": name, "region": cloud["region"], "kind": kind, "owner": projects[key]["id"],
                    "visibility": visibility, "hidden": is_hidden}
        return job

    traps = run_parallel([make_trap(*entry) for entry in B_TRAPS], 4, "member B traps")
    return {"authUrl": auth_url, "imageEndpoint": cloud["imageEndpoint"], "region": cloud["region"],
            "regions": {cloud["region"]: {"imageEndpoint": cloud["imageEndpoint"]}}, "owner": projects["owner"],
            "projects": projects, "users": users, "images": [*current, *hidden], "traps": traps}


def still_there(member: dict) -> bool:
    """Whether every image and trap the manifest names for a member still exists in its region."""
    try:
        publisher = member["users"]["publisher"]
        token, _ = password_token(member["authUrl"], publisher["username"], publisher["password"], {"id": member["owner"]["id"]})
    except (KeyError, CloudError):
        return False
    for image in [*member["images"], *member["traps"]]:
        url = member["regions"][image["region"]]["imageEndpoint"]
        try:
            status, _, _ = http("GET", f"{url}/v2/images/{image['id']}", token=token, ok=(200, 404))
        except CloudError:
            return False
        if status != 200:  # the publisher is an admin: Glance shows it every image, private ones too
            return False
    return True


def write_credentials(out: Path, a: dict, b: dict, regions: list[str]) -> dict:
    """clouds.yaml (no password in it) and secure.yaml (the passwords), as openstacksdk reads them."""
    def auth(member: dict) -> list[str]:
        reader = member["users"]["reader"]
        return ["    auth:", f"      auth_url: {yaml_quote(member['authUrl'])}", f"      username: {yaml_quote(reader['username'])}",
                f"      project_id: {yaml_quote(reader['projectId'])}", "      user_domain_name: Default",
                "      project_domain_name: Default"]
    common = ["    interface: public", "    identity_api_version: 3"]
    lines = ["# Generated by scripts/test-cloud/seed_regions.py; the passwords are in secure.yaml beside it.", "clouds:",
             "  regions-reader:", *auth(a), "    regions:", *[f"      - name: {yaml_quote(region)}" for region in regions], *common,
             "  member-a:", *auth(a), *common,
             "  member-b:", *auth(b), f"    region_name: {yaml_quote(b['region'])}", *common]
    secure = ["# Generated by scripts/test-cloud/seed_regions.py: the passwords of clouds.yaml's clouds.", "clouds:"]
    for name, member in (("regions-reader", a), ("member-a", a), ("member-b", b)):
        secure += [f"  {name}:", "    auth:", f"      password: {yaml_quote(member['users']['reader']['password'])}"]
    files = {}
    for key, text in (("cloudsYaml", lines), ("secureYaml", secure)):
        path = out / ("clouds.yaml" if key == "cloudsYaml" else "secure.yaml")
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text("\n".join(text) + "\n")
        os.chmod(temporary, 0o600)
        temporary.replace(path)
        files[key] = str(path)
    return {**files, "clouds": {"regions": "regions-reader", "memberA": "member-a", "memberB": "member-b"}}


def seed_regions(state: Path, region: str, member: str) -> dict:
    started = time.monotonic()
    cloud = read_cloud(state)
    region_json = region_dir(state, region) / "region.json"
    member_json = member_dir(state, member) / "cloud.json"
    for path, fix in ((region_json, f"cloud.py add-region --region {region}"), (member_json, f"cloud.py add-member --member {member}")):
        if not path.exists():
            raise CloudError(f"{path} does not exist: run {fix} first")
    region_info = json.loads(region_json.read_text())
    if not region_info.get("pid"):
        raise CloudError(f"{region}'s glance is stopped: run cloud.py start-glance --region {region} first")
    member_cloud = read_cloud(member_dir(state, member))
    out = state / "regions"
    out.mkdir(mode=0o700, exist_ok=True)
    manifest_path = out / "regions.json"
    previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if previous and previous.get("memberA", {}).get("regions", {}).get(region) and \
            all(still_there(previous[key]) for key in ("memberA", "memberB")):
        log(f"regions: kept the images of {manifest_path}")
        return previous
    endpoints = {"one": cloud["imageEndpoint"], "two": region_info["imageEndpoint"]}
    # Two Keystones, three Glances: the members are seeded side by side.
    with ThreadPoolExecutor(2) as pool:
        a_job = pool.submit(seed_member_a, {**cloud, "addedRegion": region}, endpoints, previous.get("memberA", {}))
        b_job = pool.submit(seed_member_b, member_cloud, previous.get("memberB", {}))
        a, b = a_job.result(), b_job.result()
    b["name"] = member
    regions = [cloud["region"], region]
    manifest = {
        "regions": regions,
        "memberA": a,
        "memberB": b,
        "files": write_credentials(out, a, b, regions),
        "seedSeconds": round(time.monotonic() - started, 1),
    }
    write_json(manifest_path, manifest)
    log(f"seeded member A ({len(a['images'])} images, {len(a['traps'])} traps over {', '.join(regions)}) and member B "
        f"({len(b['images'])} images, {len(b['traps'])} traps) in {manifest['seedSeconds']}s")
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--region", default="RegionTwo", help="the added region (cloud.py add-region; default RegionTwo)")
    parser.add_argument("--member", default="member-b", help="the second cloud (cloud.py add-member; default member-b)")
    args = parser.parse_args()
    try:
        manifest = seed_regions(args.state_dir.resolve(), args.region, args.member)
    except CloudError as error:
        log(f"error: {error}")
        return 1
    print(json.dumps({"regionsJson": str(args.state_dir.resolve() / "regions" / "regions.json"),
                      "ownerA": manifest["memberA"]["owner"]["id"], "ownerB": manifest["memberB"]["owner"]["id"],
                      "seedSeconds": manifest["seedSeconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
