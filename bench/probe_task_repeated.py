"""Probe: first-step agreement with the task repeated right before "Next action (JSON):".

A one-off check behind a README sentence: the adapter was trained on one layout, so this asks
whether the other layout alone (``openlam.models._prompt.LAYOUTS``) changes its first steps.
It scores the first step of each successful expert trajectory in DIR (from
``bench/step_agreement.py``'s ``OUT/expert-SUITE-SPLIT``) once per layout, the adapter's own
marked "(as trained)", and writes the summaries (``bench/results/step_agreement/
probe-task-repeated.json`` came from an earlier version whose keys were ``as-trained`` and
``task-repeated``).

Usage: ``python bench/probe_task_repeated.py DIR OUT.json [--model embedded]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from openlam.learning import read_trajectories
from openlam.models import load_model
from openlam.models._prompt import LAYOUTS
from openlam.models.embedded import EmbeddedModel


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
    model = load_model(args.model)
    if not isinstance(model, EmbeddedModel):
        raise SystemExit("the probe sets the embedded model's layout: give --model embedded...")
    trained = model.layout
    results = {}
    try:
        for layout in LAYOUTS:
            model.layout = layout
            name = f"{layout} (as trained)" if layout == trained else layout
            result = agreement.score_model(model, name, firsts)
            result["distinct_replies"] = len({s["got"] for s in result["steps"]})
            results[name] = {k: v for k, v in result.items() if k != "steps"}
            print(name, result["overall"], "distinct replies:", result["distinct_replies"])
    finally:
        model.close()
    args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
