"""Cross-app tasks: both experts through the real GUI and the API."""

from __future__ import annotations

from typing import Any

import pytest

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import Layout, SandboxServer, TaskTemplate
from openlam.sandbox._tasks import Outcome
from openlam.sandbox.apps._cross import TEMPLATES

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_cross_app_experts(server: SandboxServer, browser: Any, template: TaskTemplate) -> None:
    assert template.tier == "cross"
    layout: Layout = "b" if TEMPLATES.index(template) % 2 else "a"
    gui = run_gui_episode(server, template, 21, layout, browser=browser)
    assert gui.result.ok, f"GUI {template.id}: {gui.result.reason}"
    api = run_api_episode(server, template, 22, layout)
    assert api.result.ok, f"API {template.id}: {api.result.reason}"
    # doing nothing fails the same check
    server.world.reset(23, layout)
    instance = template.instantiate(23, server.world.snapshot(), layout)
    assert not template.check(instance.params, server.world.snapshot(), Outcome("done")).ok
