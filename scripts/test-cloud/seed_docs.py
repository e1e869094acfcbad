#!/usr/bin/python3
"""Seeds the loopback cloud (cloud.py / start.sh) with what the guide's commands expect.

    python3 scripts/test-cloud/seed_docs.py [--state-dir DIR]

The tested-docs run (tests/docs/, `npm run test:docs`) runs every `sh` block of
content/docs/*.mdx as a reader would; the cloud is made to fit the guide:

  * official images owned by the guide's Nectar images project id
    (28eadf5ad64b42a4929b2fb7df99275c: Glance lets an admin set `owner`, and the
    project need not exist in Keystone), public, with the ids and names of the
    guide's example output (Glance accepts `id` on create);
  * the reader's project `myproject` and its user, owning the guide's example
    snapshots (8c43f74e-caf3-405c-aaae-efb14603947a, ...; `image_type=snapshot`,
    private);
  * a collaborator's project and user, for the sharing page, with the second
    example snapshot offered to it and not yet answered (pending);
  * DIR/docs/myproject-openrc.sh: the reader's openrc the way the dashboard
    writes it (it asks for the password on stdin), DIR/docs/clouds.yaml with
    the reader's cloud `openstack`, and DIR/docs/docs.json (ids, credentials,
    and each party's OS_* environment).

Run again, it resets the scenario instead of duplicating it: images the
reader or collaborator made are deleted, the example snapshots lose their
members and go back to private. (Glance never reuses a deleted image's id, so
the fixed-id images are reset, not recreated.) Standard library only.
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
from seed import Glance, Keystone, yaml_quote  # noqa: E402

OFFICIAL_OWNER = "28eadf5ad64b42a4929b2fb7df99275c"
READER_PROJECT, READER_USER = "myproject", "myproject-user"
COLLABORATOR_PROJECT, COLLABORATOR_USER = "collaborator-project", "collaborator-user"

# (id, name, properties): the guide's example output (command-line.mdx) plus a current image.
OFFICIAL_IMAGES = [
    ("7bcd0264-5169-4a95-920b-5e5bd76790a0", "NeCTAR CentOS 7 x86_64", {"os_distro": "centos", "os_version": "7"}),
    ("e9ffe176-acac-492c-b309-55431a1b197f", "NeCTAR Debian 8 (Jessie) amd64", {"os_distro": "debian", "os_version": "8"}),
    ("279c0d8c-d8a3-4b37-b3d8-0b87161139e2", "NeCTAR Fedora 23 x86_64", {"os_distro": "fedora", "os_version": "23"}),
    ("e9f0323e-9383-4dc9-a2ee-846ef8d35ee7", "NeCTAR Ubuntu 14.04 (Trusty) amd64", {"os_distro": "ubuntu", "os_version": "14.04"}),
    ("5a0d8ac6-3f0e-4c55-9a4e-2b8f0d7c1e11", "NeCTAR Ubuntu 24.04 LTS (Noble) amd64",
     {"os_distro": "ubuntu", "os_version": "24.04", "architecture": "x86_64"}),
]

# The reader's snapshots in sharing-images.mdx's example output.
SNAPSHOTS = [
    ("8c43f74e-caf3-405c-aaae-efb14603947a", "CoolService v4 r2"),
    ("936ccc3f-6bdf-fd28-98e9-78d00618c13f", "CoolService worker test"),
]


def get_image(glance: Glance, image_id: str) -> dict | None:
    status, _, body = http("GET", f"{glance.url}/v2/images/{image_id}", token=glance.token, ok=(200, 404))
    return body if status == 200 else None


def seed_docs(state: Path) -> dict:
    started = time.monotonic()
    cloud = read_cloud(state)
    auth_url, region = cloud["authUrl"], cloud["region"]
    out = state / "docs"
    out.mkdir(mode=0o700, exist_ok=True)
    previous_path = out / "docs.json"
    previous = json.loads(previous_path.read_text()) if previous_path.exists() else {}

    admin = cloud["admin"]
    admin_token, _ = password_token(auth_url, admin["username"], admin["password"],
                                    {"name": admin["projectName"], "domain": {"name": "Default"}})
    ks = Keystone(auth_url, admin_token)
    roles = {r["name"]: r["id"] for r in ks.get("/roles")["roles"]}
    if "member" not in roles:
        roles["member"] = ks.post("/roles", {"role": {"name": "member"}})["role"]["id"]

    parties = {}
    for key, project_name, username in (("reader", READER_PROJECT, READER_USER),
                                        ("collaborator", COLLABORATOR_PROJECT, COLLABORATOR_USER)):
        project = ks.find_or_create("projects", "project", project_name,
                                    {"domain_id": "default", "description": f"tested docs: the {key}"})
        password = previous.get("parties", {}).get(key, {}).get("password") or secrets.token_urlsafe(18)
        user = ks.user_with_password(username, password, project["id"])
        ks.grant(project["id"], user["id"], roles["member"])
        parties[key] = {"projectId": project["id"], "projectName": project_name, "username": username,
                        "userId": user["id"], "password": password}

    glance_admin = Glance(cloud["imageEndpoint"], admin_token)
    for image_id, name, properties in OFFICIAL_IMAGES:
        if get_image(glance_admin, image_id) is None:
            glance_admin.create({"id": image_id, "name": name, "owner": OFFICIAL_OWNER, "visibility": "public",
                                 "disk_format": "qcow2", "container_format": "bare", **properties},
                                f"{name}\n".encode())

    tokens = {key: password_token(auth_url, p["username"], p["password"], {"id": p["projectId"]})[0]
              for key, p in parties.items()}
    reader = Glance(cloud["imageEndpoint"], tokens["reader"])
    fixed = {image_id for image_id, _ in SNAPSHOTS}
    # What an earlier run of the guide left behind.
    for key, party in parties.items():
        glance = Glance(cloud["imageEndpoint"], tokens[key])
        listing = http("GET", f"{glance.url}/v2/images?owner={party['projectId']}&limit=200", token=glance.token)[2]
        for image in listing["images"]:
            if image["id"] in fixed:
                continue
            if image.get("protected"):
                http("PATCH", f"{glance.url}/v2/images/{image['id']}", [{"op": "replace", "path": "/protected", "value": False}],
                     headers={"Content-Type": "application/openstack-images-v2.1-json-patch"}, token=glance.token)
            http("DELETE", f"{glance.url}/v2/images/{image['id']}", token=glance.token, ok=(204, 404))
    for image_id, name in SNAPSHOTS:
        image = get_image(reader, image_id)
        if image is None:
            reader.create({"id": image_id, "name": name, "visibility": "private", "disk_format": "qcow2",
                           "container_format": "bare", "image_type": "snapshot"}, f"{name}\n".encode())
            continue
        members = http("GET", f"{reader.url}/v2/images/{image_id}/members", token=reader.token, ok=(200, 403))[2] or {}
        for member in members.get("members", []):
            http("DELETE", f"{reader.url}/v2/images/{image_id}/members/{member['member_id']}", token=reader.token,
                 ok=(204, 404))
        if image["visibility"] != "private":
            http("PATCH", f"{reader.url}/v2/images/{image_id}", [{"op": "replace", "path": "/visibility", "value": "private"}],
                 headers={"Content-Type": "application/openstack-images-v2.1-json-patch"}, token=reader.token)

    # An offer the collaborator has not answered yet, for the sharing page's list of pending images.
    pending = SNAPSHOTS[1][0]
    http("PATCH", f"{reader.url}/v2/images/{pending}", [{"op": "replace", "path": "/visibility", "value": "shared"}],
         headers={"Content-Type": "application/openstack-images-v2.1-json-patch"}, token=reader.token)
    http("POST", f"{reader.url}/v2/images/{pending}/members", {"member": parties["collaborator"]["projectId"]},
         token=reader.token)

    envs = {key: {"OS_AUTH_URL": auth_url, "OS_PROJECT_ID": p["projectId"], "OS_PROJECT_NAME": p["projectName"],
                  "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_ID": "default", "OS_USERNAME": p["username"],
                  "OS_PASSWORD": p["password"], "OS_REGION_NAME": region, "OS_INTERFACE": "public",
                  "OS_IDENTITY_API_VERSION": "3"} for key, p in parties.items()}
    files = write_files(out, auth_url, region, parties)
    manifest = {
        "authUrl": auth_url,
        "imageEndpoint": cloud["imageEndpoint"],
        "officialOwner": OFFICIAL_OWNER,
        "officialImages": [{"id": i, "name": n, "properties": p} for i, n, p in OFFICIAL_IMAGES],
        "snapshots": [{"id": i, "name": n} for i, n in SNAPSHOTS],
        "pendingForCollaborator": pending,
        "parties": parties,
        "env": envs,
        "files": files,
        "seedSeconds": round(time.monotonic() - started, 1),
    }
    write_json(previous_path, manifest)
    log(f"docs scenario ready in {manifest['seedSeconds']}s ({out})")
    return manifest


def write_files(out: Path, auth_url: str, region: str, parties: dict) -> dict:
    reader = parties["reader"]
    # The dashboard's "OpenStack RC file": asks for the password rather than holding it.
    rc = "\n".join([
        "#!/usr/bin/env bash",
        "# Written by scripts/test-cloud/seed_docs.py the way the dashboard's API Access page writes it.",
        f"export OS_AUTH_URL={auth_url}",
        f"export OS_PROJECT_ID={reader['projectId']}",
        f'export OS_PROJECT_NAME="{reader["projectName"]}"',
        'export OS_USER_DOMAIN_NAME="Default"',
        'if [ -z "$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi',
        'export OS_PROJECT_DOMAIN_ID="default"',
        'if [ -z "$OS_PROJECT_DOMAIN_ID" ]; then unset OS_PROJECT_DOMAIN_ID; fi',
        "unset OS_TENANT_ID",
        "unset OS_TENANT_NAME",
        f'export OS_USERNAME="{reader["username"]}"',
        'echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "',
        "read -sr OS_PASSWORD_INPUT",
        "export OS_PASSWORD=$OS_PASSWORD_INPUT",
        f'export OS_REGION_NAME="{region}"',
        'if [ -z "$OS_REGION_NAME" ]; then unset OS_REGION_NAME; fi',
        "export OS_INTERFACE=public",
        "export OS_IDENTITY_API_VERSION=3",
        "",
    ])
    openrc_path = out / "myproject-openrc.sh"
    openrc_path.write_text(rc)
    clouds_path = out / "clouds.yaml"
    clouds_path.write_text("\n".join([
        "# Written by scripts/test-cloud/seed_docs.py: the reader's clouds.yaml, with the password filled in.",
        "clouds:",
        "  openstack:",
        "    auth:",
        f"      auth_url: {yaml_quote(auth_url)}",
        f"      username: {yaml_quote(reader['username'])}",
        f"      password: {yaml_quote(reader['password'])}",
        f"      project_id: {yaml_quote(reader['projectId'])}",
        f"      project_name: {yaml_quote(reader['projectName'])}",
        "      user_domain_name: Default",
        "      project_domain_id: default",
        f"    region_name: {yaml_quote(region)}",
        "    interface: public",
        "    identity_api_version: 3",
        "",
    ]))
    for path in (openrc_path, clouds_path):
        os.chmod(path, 0o600)
    return {"openrc": str(openrc_path), "cloudsYaml": str(clouds_path)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    args = parser.parse_args()
    try:
        manifest = seed_docs(args.state_dir.resolve())
    except CloudError as error:
        log(f"error: {error}")
        return 1
    print(json.dumps({"docsJson": str(args.state_dir.resolve() / "docs" / "docs.json"),
                      "seedSeconds": manifest["seedSeconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
