#!/usr/bin/python3
"""Runs SCS's own image checks (the unchanged upstream files beside this one) against a live cloud.

    OS_CLIENT_CONFIG_FILE=clouds.yaml python3 run_upstream.py --os-cloud NAME --owner PROJECT_ID
    python3 run_upstream.py --images-json FILE --now UNIX_SECONDS

The second form (the unit suite's, tests/unit/scs/upstream-corpus.test.ts) runs the same checks over
images given as JSON (openstacksdk's attribute names: name, created_at, properties, is_hidden, ...),
with upstream's clock (`time.time()`, read when image_metadata is imported) set to --now.

Written for this project (not upstream). It lists the images the way SCS's
Tests/iaas/openstack_test.py (commit 077174d94b576e480e8168d198004296bee94748)
does, `conn.list_images(show_all=True)` kept when public or community, then
keeps the official project's (`--owner`: the view is of its images), and prints
one JSON object:

  tests:   each test case id -> PASS / FAIL / ABORT, as upstream's harness prints it
           (the upstream function over all those images);
  images:  [{id, name, failed: [test case ids]}], each image's own verdicts from
           the same functions: a per-image property check called with [image];
           recency from upstream's own is_outdated and _find_replacement_image, composed as
           compute_scs_0102_image_recency composes them (checked against its verdict and its log);
           uniqueness failing when [image, other] fails for some other image;
           an SCS-0104 source check failing when the image wins the by-name
           lookup and the check over that image alone fails;
  missing: the scs-0104-image-... test cases that fail.
"""

import argparse
import json
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import time  # noqa: E402
from types import SimpleNamespace  # noqa: E402

image_metadata = standard_images = None
SCS_0104_IMAGE_SPECS = compute_scs_0104_image = compute_scs_0104_source = None


def load_upstream(now=None):
    """Imports upstream's modules; with `now`, their clock reads it (their defaults take time.time() at import)."""
    global image_metadata, standard_images, SCS_0104_IMAGE_SPECS, compute_scs_0104_image, compute_scs_0104_source
    if now is not None:
        time.time = lambda: now
    import image_metadata as metadata_module
    import standard_images as images_module
    image_metadata, standard_images = metadata_module, images_module
    SCS_0104_IMAGE_SPECS = images_module.SCS_0104_IMAGE_SPECS
    compute_scs_0104_image = images_module.compute_scs_0104_image
    compute_scs_0104_source = images_module.compute_scs_0104_source
    # Upstream's errors reach the handler below (and nothing else: no root handler prints them).
    image_metadata.logger.setLevel(logging.INFO)
    image_metadata.logger.propagate = False
    standard_images.logger.propagate = False

PER_IMAGE_0102 = [
    "scs-0102-prop-architecture", "scs-0102-prop-hash_algo", "scs-0102-prop-min_disk", "scs-0102-prop-min_ram",
    "scs-0102-prop-os_version", "scs-0102-prop-os_distro", "scs-0102-prop-os_purpose", "scs-0102-prop-hw_disk_bus",
    "scs-0102-prop-hypervisor_type", "scs-0102-prop-hw_rng_model", "scs-0102-prop-image_build_date",
    "scs-0102-prop-image_original_user", "scs-0102-prop-image_source", "scs-0102-prop-image_description",
    "scs-0102-prop-replace_frequency", "scs-0102-prop-provided_until", "scs-0102-prop-uuid_validity",
    "scs-0102-prop-hotfix_hours",
]
# As openstack_test.py's make_container registers them.
SOURCE_0104 = {
    "scs-0104-source-capi-1": "ubuntu-capi-image-1", "scs-0104-source-capi-2": "ubuntu-capi-image-2",
    "scs-0104-source-ubuntu-2404": "Ubuntu 24.04", "scs-0104-source-ubuntu-2204": "Ubuntu 22.04",
    "scs-0104-source-ubuntu-2004": "Ubuntu 20.04", "scs-0104-source-debian-13": "Debian 13",
    "scs-0104-source-debian-12": "Debian 12", "scs-0104-source-debian-11": "Debian 11",
}
IMAGE_0104 = {
    "scs-0104-image-capi-2": "ubuntu-capi-image-2", "scs-0104-image-capi-1": "ubuntu-capi-image-1",
    "scs-0104-image-ubuntu-2404": "Ubuntu 24.04", "scs-0104-image-ubuntu-2204": "Ubuntu 22.04",
    "scs-0104-image-debian-13": "Debian 13", "scs-0104-image-debian-12": "Debian 12",
}


def function_of(test):
    return getattr(image_metadata, "compute_" + test.replace("-", "_"))


def harness(check):
    """openstack_test.py's harness: PASS, FAIL, or ABORT when the check raises."""
    try:
        return "PASS" if check() else "FAIL"
    except Exception:
        return "ABORT"


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def recency_fails(img, by_name):
    """Whether compute_scs_0102_image_recency counts an error for `img`: its own loop body, from its own helpers
    (its log names images, which is ambiguous when two share a name)."""
    outd = image_metadata.is_outdated(img)
    if not outd:
        return False
    if outd == 3:
        return True
    return image_metadata._find_replacement_image(by_name, img.name) is None


def listed_images(args):
    """The images, as openstack_test.py lists them (and of the owner), or as given in --images-json."""
    if args.images_json:
        with open(args.images_json, encoding="utf-8") as file:
            return [SimpleNamespace(**image) for image in json.load(file)]
    import openstack  # Debian's python3-openstacksdk

    conn = openstack.connect(cloud=args.os_cloud, timeout=32)
    listed = [img for img in conn.list_images(show_all=True) if img.visibility in ("public", "community")]
    return [img for img in listed if img.owner == args.owner]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--os-cloud")
    parser.add_argument("--owner")
    parser.add_argument("--images-json")
    parser.add_argument("--now", type=float)
    args = parser.parse_args()
    if not args.images_json and not (args.os_cloud and args.owner):
        parser.error("give --os-cloud and --owner, or --images-json")
    load_upstream(args.now)
    images = listed_images(args)
    image_lookup = {img.name: img for img in images}

    tests = {}
    for test in PER_IMAGE_0102 + ["scs-0102-image-recency", "scs-0102-os_purpose-uniqueness"]:
        tests[test] = harness(lambda: function_of(test)(images))
    for test, key in SOURCE_0104.items():
        tests[test] = harness(lambda: compute_scs_0104_source(image_lookup, SCS_0104_IMAGE_SPECS[key]))
    for test, key in IMAGE_0104.items():
        tests[test] = harness(lambda: compute_scs_0104_image(image_lookup, SCS_0104_IMAGE_SPECS[key]))

    records = Records()
    image_metadata.logger.addHandler(records)
    recency = harness(lambda: image_metadata.compute_scs_0102_image_recency(images))
    image_metadata.logger.removeHandler(records)
    by_name = {img.name: img for img in images}

    result = []
    for img in images:
        failed = [test for test in PER_IMAGE_0102 if harness(lambda: function_of(test)([img])) != "PASS"]
        if recency == "ABORT":
            failed.append("scs-0102-image-recency?abort")
        elif recency_fails(img, by_name):
            failed.append("scs-0102-image-recency")
        if any(not image_metadata.compute_scs_0102_os_purpose_uniqueness([img, other]) for other in images if other is not img):
            failed.append("scs-0102-os_purpose-uniqueness")
        for test, key in SOURCE_0104.items():
            if image_lookup.get(img.name) is img and not compute_scs_0104_source({img.name: img}, SCS_0104_IMAGE_SPECS[key]):
                failed.append(test)
        result.append({"id": img.id, "name": img.name, "failed": failed})
    if recency != "ABORT":
        # The per-image verdicts must add up to upstream's own verdict over the listing.
        any_fails = any("scs-0102-image-recency" in image["failed"] for image in result)
        if any_fails != (recency == "FAIL"):
            raise SystemExit(f"run_upstream: per-image recency ({any_fails}) disagrees with upstream's own ({recency})")
        named = {message.split('"')[1] for message in records.messages if message.startswith('Image "')}
        if not {image["name"] for image in result if "scs-0102-image-recency" in image["failed"]} <= named:
            raise SystemExit("run_upstream: an image failing recency is not one upstream's check logged")
    missing = [test for test in IMAGE_0104 if tests[test] != "PASS"]
    print(json.dumps({"tests": tests, "images": result, "missing": missing}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
