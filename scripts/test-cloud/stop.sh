#!/bin/sh
# Stops the cloud started by start.sh. Usage: stop.sh [--state-dir DIR] [--purge]
exec python3 "$(dirname "$0")/cloud.py" stop "$@"
