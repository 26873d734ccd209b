"""A program from a Debian package, installed with apt-get when it is missing and we are root (as the
CI machine is); None when it cannot be, so the test that needs it skips and says why."""
from __future__ import annotations

import os
import shutil
import subprocess


def installed_program(name: str, package: str) -> str | None:
    found = shutil.which(name)
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=environment, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                   env=environment, capture_output=True)
    return shutil.which(name)
