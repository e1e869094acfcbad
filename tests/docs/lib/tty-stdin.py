#!/usr/bin/python3
"""Runs a command with a terminal on its standard input, as in a reader's shell.

    python3 tty-stdin.py COMMAND [ARG...]  < what-the-reader-types

Only stdin is a pseudo-terminal; stdout and stderr stay as given, so the output
can be captured. What arrives on our stdin is typed into the terminal (a
password an openrc asks for). Needed because the clients read image data from
a stdin that is not a terminal: `openstack image create` without --file then
uploads an empty image instead of leaving the record queued, as it does for a
reader at a terminal. Exits with the command's status (128+N for signal N).
"""
import os
import pty
import subprocess
import sys
import threading

master, slave = pty.openpty()
typed = sys.stdin.buffer.read()
child = subprocess.Popen(sys.argv[1:], stdin=slave)
os.close(slave)
if typed:
    os.write(master, typed)


def drain() -> None:
    # The terminal echoes what is typed; read it away so the pty never fills.
    try:
        while os.read(master, 4096):
            pass
    except OSError:
        pass


threading.Thread(target=drain, daemon=True).start()
code = child.wait()
sys.exit(128 - code if code < 0 else code)
