#!/usr/bin/python3
"""Runs SCS's own image checks (the unchanged upstream files beside this one) against a live cloud.

    OS_CLIENT_CONFIG_FILE=clouds.yaml python3 run_upstream.py --os-cloud NAME --owner PROJECT_ID

Written for this project (not upstream). It lists the images the way SCS's
Tests/iaas/openstack_test.py (commit 077174d94b576e480e8168d198004296bee94748)
does, `conn.list_images(show_all=True)` kept when public or community, then
keeps the official project's (`--owner`: the view is of its images), and prints
one JSON object:

  tests:   each test case id -> PASS / FAIL / ABORT, as upstream's harness prints it
           (the upstream function over all those images);
  images:  [{id, name, failed: [test case ids]}], each image's own verdicts from
           the same functions: a per-image property check called with [image];
           recency from the errors upstream's own function logs for the image;
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

import openstack  # noqa: E402  (Debian's python3-openstacksdk)

import image_metadata  # noqa: E402
import standard_images  # noqa: E402
from standard_images import SCS_0104_IMAGE_SPECS, compute_scs_0104_image, compute_scs_0104_source  # noqa: E402

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--os-cloud", required=True)
    parser.add_argument("--owner", required=True)
    args = parser.parse_args()
    conn = openstack.connect(cloud=args.os_cloud, timeout=32)
    listed = [img for img in conn.list_images(show_all=True) if img.visibility in ("public", "community")]
    images = [img for img in listed if img.owner == args.owner]
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

    result = []
    for img in images:
        failed = [test for test in PER_IMAGE_0102 if harness(lambda: function_of(test)([img])) != "PASS"]
        if recency == "ABORT":
            failed.append("scs-0102-image-recency?abort")
        elif (f'Image "{img.name}" outdated without replacement' in records.messages
              or f'Image "{img.name}" does not provide a valid provided until date' in records.messages):
            failed.append("scs-0102-image-recency")
        if any(not image_metadata.compute_scs_0102_os_purpose_uniqueness([img, other]) for other in images if other is not img):
            failed.append("scs-0102-os_purpose-uniqueness")
        for test, key in SOURCE_0104.items():
            if image_lookup.get(img.name) is img and not compute_scs_0104_source({img.name: img}, SCS_0104_IMAGE_SPECS[key]):
                failed.append(test)
        result.append({"id": img.id, "name": img.name, "failed": failed})
    missing = [test for test in IMAGE_0104 if tests[test] != "PASS"]
    print(json.dumps({"tests": tests, "images": result, "missing": missing}, indent=2))
    return 0


if __name__ == "__main__":
    # Upstream's errors reach the handler above (and nothing else: no root handler prints them).
    image_metadata.logger.setLevel(logging.INFO)
    image_metadata.logger.propagate = False
    standard_images.logger.propagate = False
    sys.exit(main())
