"""Probe: first-step agreement with the task repeated right before "Next action (JSON):".

A one-off check behind a README sentence, not a shipped layout: the adapter was trained on the
prompt as it is, so this only asks whether the untrained layout alone changes its first steps.
It scores the first step of each successful expert trajectory in DIR (from
``bench/step_agreement.py``'s ``OUT/expert-SUITE-SPLIT``) twice, as trained and with the task
repeated, and writes both summaries.

Usage: ``python bench/probe_task_repeated.py DIR OUT.json [--model embedded]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import openlam.models._prompt as prompt
from openlam.actions import ActionSpace
from openlam.learning import read_trajectories
from openlam.models import Context, load_model

_FOOT = "Next action (JSON):"


def _agreement_module() -> ModuleType:
    path = Path(__file__).with_name("step_agreement.py")
    spec = importlib.util.spec_from_file_location("step_agreement", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trajectories", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--model", default="embedded")
    args = parser.parse_args()
    agreement = _agreement_module()
    found = read_trajectories(args.trajectories / "trajectories.jsonl")
    firsts = [t.model_copy(update={"steps": t.steps[:1]}) for t in found if t.success]
    as_trained = prompt.render_parts

    def repeated(context: Context, space: ActionSpace) -> prompt.PromptParts:
        parts = as_trained(context, space)
        current = parts.current.rsplit(_FOOT, 1)[0] + f"Task: {context.intent}\n{_FOOT}"
        return prompt.PromptParts(parts.instructions, parts.task, current)

    model = load_model(args.model)
    results = {}
    try:
        for name, render in (("as-trained", as_trained), ("task-repeated", repeated)):
            prompt.render_parts = render
            result = agreement.score_model(model, name, firsts)
            result["distinct_replies"] = len({s["got"] for s in result["steps"]})
            results[name] = {k: v for k, v in result.items() if k != "steps"}
            print(name, result["overall"], "distinct replies:", result["distinct_replies"])
    finally:
        prompt.render_parts = as_trained
        model.close()
    args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
