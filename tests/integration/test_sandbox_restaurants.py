"""Restaurants: every template's experts through the real GUI (Chromium) and the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import Layout, SandboxServer, TaskTemplate
from openlam.sandbox.apps import restaurants

pytestmark = pytest.mark.integration

TEMPLATES = restaurants.TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_api_expert_solves_the_template(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (11, 12):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_gui_expert_solves_the_template(
    server: SandboxServer, browser: Any, template: TaskTemplate
) -> None:
    layout: Layout = "a" if TEMPLATES.index(template) % 2 == 0 else "b"
    episode = run_gui_episode(server, template, 13, layout, browser=browser)
    assert episode.result.ok, f"{template.id}@13/{layout}: {episode.result.reason}"
    assert episode.state is not None
    assert episode.steps >= 1


def test_a_wrong_answer_fails_the_check(server: SandboxServer) -> None:
    from openlam.sandbox._tasks import Outcome

    template = next(t for t in TEMPLATES if t.id == "restaurants/find-phone")
    server.world.reset(3)
    instance = template.instantiate(3, server.world.snapshot())
    snapshot = server.world.snapshot()
    assert not template.check(instance.params, snapshot, Outcome("+1 555 000 0000")).ok
    assert template.check(instance.params, snapshot, Outcome(instance.params["value"])).ok


def test_cli_runs_a_task_with_the_expert(tmp_path: Path) -> None:
    env = {**os.environ, "OPENLAM_HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "openlam",
            "run",
            "--task",
            "sandbox/restaurants/cancel-all@4",
            "--policy",
            "expert",
            "--layout",
            "b",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["success"] is True
    assert summary["status"] == "finished"
    assert summary["task"] == "sandbox/restaurants/cancel-all@4"
