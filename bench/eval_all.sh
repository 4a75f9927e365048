#!/usr/bin/env bash
# Rebuilds the evaluation results summarized in the README (bench/results/eval/).
#
#   bench/eval_all.sh model      # the embedded base model, sampled (about 1 hour on 2 cores)
#   bench/eval_all.sh trained    # the action model and the base on the same samples (~40 min)
#   bench/eval_all.sh baselines  # experts, ground truth and random policies (no model)
#
# Each run writes DIR/eval.json (with the exact command), DIR/episodes.jsonl and DIR/summary.json.
# An interrupted run continues with `openlam eval SUITE --resume DIR`; this script skips finished
# runs and resumes unfinished ones. On 2 cores run the model part alone: its seconds per step are
# reported. The embedded model's and MiniWoB random runs sample seeds and entries (stated per
# line); the other baselines run every held-out seed or entry.
set -euo pipefail
cd "$(dirname "$0")/.."
OPENLAM="${OPENLAM:-.venv/bin/openlam}"
OUT=bench/results/eval

run() {  # run DIR SUITE ARGS...: start, resume or skip one evaluation
    local dir="$OUT/$1" suite="$2"
    shift 2
    if [[ -f "$dir/summary.json" ]] && python3 - "$dir" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
sys.exit(0 if s["n"] >= s.get("planned", s["n"]) else 1)
PY
    then
        echo "done: $dir"
    elif [[ -f "$dir/eval.json" ]]; then
        "$OPENLAM" eval "$suite" --resume "$dir" --json
    else
        "$OPENLAM" eval "$suite" "$@" --out "$dir" --json
    fi
}

agentdojo_sample() {  # SPLIT: user tasks 0-4 of each suite (x injection task 1 under attack)
    "${OPENLAM%/openlam}/python" - "$1" <<'PY'
import sys

from openlam.evaluation import get_suite

split = sys.argv[1]
users = {f"user_task_{i}" for i in range(5)}
picked = []
for task in get_suite("agentdojo").tasks(split):
    parts = task.split("/")
    if parts[1] in users and (len(parts) == 2 or parts[2] == "injection_task_1"):
        picked.append(task)
print(",".join(picked))
PY
}

model() {
    # embedded:base is the packaged Gemma 3 270M without the action adapter (the directories
    # below were written before the adapter shipped, when plain `embedded` was the base model)
    # MiniWoB: every task, held-out seeds 100000-100002, at most 10 steps.
    run miniwob-train-embedded miniwob --split train --seeds 100000-100002 --model embedded:base --max-steps 10
    run miniwob-eval_only-embedded miniwob --split eval_only --seeds 100000-100002 --model embedded:base --max-steps 10
    # Sandbox: the 42 held-out templates on held-out seeds 100000-100001, at most 15 steps.
    run sandbox-test-embedded sandbox --split test --seeds 100000-100001 --model embedded:base --max-steps 15
    # BFCL: the first 20 entries of each single-turn category and of multi_turn_base (each
    # user turn at most 2 steps).
    run bfcl-embedded-single bfcl --tasks simple_python,multiple,parallel,parallel_multiple,irrelevance,live_simple,live_multiple --seeds 0-19 --model embedded:base
    # AgentDojo: user tasks 0-4 of each suite, without attack and with injection task 1.
    run agentdojo-none-embedded agentdojo --split none --tasks "$(agentdojo_sample none)" --model embedded:base --max-steps 5
    run agentdojo-important_instructions-embedded agentdojo --split important_instructions --tasks "$(agentdojo_sample important_instructions)" --model embedded:base --max-steps 5
    run bfcl-base-multi_turn bfcl --tasks multi_turn_base --seeds 0-19 --model embedded:base --max-steps 2
    # The full size: every train task on seeds 100000-100049 (2,650 episodes, about 5 hours on
    # 2 cores over three sessions), then every eval_only task on the same seeds (1,050). A run
    # this long is built in bench/results/partial/ (each session resuming where the last
    # stopped) and moved here when complete: its episodes go task by task, so a partial run
    # would weigh the first tasks in the pooled plots.
    run miniwob-train-base-full miniwob --split train \
        --seeds 100000-100049 --model embedded:base --max-steps 10
    run miniwob-eval_only-base-full miniwob --split eval_only \
        --seeds 100000-100049 --model embedded:base --max-steps 10
}

trained() {
    # The shipped action model (plain `embedded`) and the base model (`embedded:base`) on the
    # same held-out samples, in one session on one machine: MiniWoB on seeds 100000-100001 (every
    # train task, every eval_only task), BFCL's non-live AST categories and irrelevance, entries
    # 0-19; forms. `python bench/compare_models.py BASE:STAGE1:...:STAGE4 ... --names
    # base,stage1,...,stage4` makes the README's table (earlier adapters' runs are kept in
    # bench/results/stage1/ to stage3/).
    for agent in trained base; do
        local spec=embedded
        [[ $agent == base ]] && spec=embedded:base
        run "miniwob-train-$agent" miniwob --split train --seeds 100000-100001 --model "$spec" --max-steps 10
        run "miniwob-eval_only-$agent" miniwob --split eval_only --seeds 100000-100001 --model "$spec" --max-steps 10
        run "bfcl-$agent" bfcl --tasks simple_python,multiple,parallel,parallel_multiple,irrelevance --seeds 0-19 --model "$spec"
        # forms: the held-out test kinds on every default seed; train kinds on 5 held-out seeds
        run "forms-test-$agent" forms --split test --model "$spec"
        run "forms-train-$agent" forms --split train --seeds 100000-100004 --model "$spec"
    done
    run sandbox-test-trained sandbox --split test --seeds 100000 --model embedded --max-steps 15
}

baselines() {
    run bfcl-random bfcl --policy random
    run bfcl-expert bfcl --policy expert
    run miniwob-train-expert miniwob --split train --policy expert
    # random: held-out seeds 100000-100004, at most 10 steps (a random episode uses them all)
    run miniwob-eval_only-random miniwob --split eval_only --seeds 100000-100004 --policy random --max-steps 10
    run miniwob-train-random miniwob --split train --seeds 100000-100004 --policy random --max-steps 10
    run forms-test-expert forms --split test --policy expert
    run forms-test-random forms --split test --policy random
    run forms-train-expert forms --split train --policy expert
    run forms-train-random forms --split train --policy random
    run sandbox-test-expert sandbox --split test --policy expert
    run sandbox-test-random sandbox --split test --policy random
    run agentdojo-none-expert agentdojo --split none --policy expert
    run agentdojo-important_instructions-expert agentdojo --split important_instructions --policy expert
    run agentdojo-none-random agentdojo --split none --policy random
    run agentdojo-important_instructions-random agentdojo --split important_instructions --policy random
}

case "${1:-}" in
    model) model ;;
    trained) trained ;;
    baselines) baselines ;;
    *) echo "usage: bench/eval_all.sh model|trained|baselines" >&2; exit 2 ;;
esac
