"""The set-up script's answer when Chromium is missing and nobody can install it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ensure-chromium.sh"


def run_script(*prefix: str, search: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENLAM_CHROMIUM"}
    env["OPENLAM_CHROMIUM_SEARCH"] = search
    return subprocess.run(
        [*prefix, "bash", str(SCRIPT)], capture_output=True, text=True, env=env, check=False
    )


def test_present_chromium_needs_nothing(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    done = run_script(search=str(fake))
    assert done.returncode == 0
    assert done.stderr == ""


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("runuser") is None, reason="needs root to become nobody"
)
def test_missing_chromium_without_root_says_how_to_fix_it() -> None:
    done = run_script("runuser", "-u", "nobody", "--", search="/nonexistent/chromium")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "sudo apt-get install -y chromium" in lines[0]
    assert "OPENLAM_CHROMIUM" in lines[0]


def test_bad_override_is_named() -> None:
    env = {**os.environ, "OPENLAM_CHROMIUM": "/nonexistent/chrome"}
    done = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    assert "/nonexistent/chrome is not an executable file" in done.stderr
