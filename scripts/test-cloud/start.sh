#!/bin/sh
# Starts Keystone + Glance on loopback. Usage: start.sh [--state-dir DIR] [--workers N]
# Prints one JSON line (cloudJson, authUrl, imageEndpoint, stateDir); DIR/cloud.json has the rest.
exec python3 "$(dirname "$0")/cloud.py" start "$@"
