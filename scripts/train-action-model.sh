#!/usr/bin/env bash
# Rebuilds openlam's action adapter from scratch: collect verified trajectories on training
# tasks and seeds only, build and sample the dataset, train, and copy the adapter into the
# package. MODEL_CARD.md beside the shipped adapter records what the last build measured.
#
#   scripts/train-action-model.sh [WORK_DIR]      # default: ./action-model-build
#
# Set EXAMPLES_MINIWOB / EXAMPLES_SANDBOX / EXAMPLES_FUNCTIONS / EPOCHS to change the mix or the
# length. On 2 CPU cores the defaults take about 10 minutes of collection and 90 of training;
# with a CUDA GPU, training takes minutes (`--device auto` picks it).
set -euo pipefail
cd "$(dirname "$0")/.."
OPENLAM="${OPENLAM:-.venv/bin/openlam}"
WORK="${1:-action-model-build}"
EXAMPLES_MINIWOB="${EXAMPLES_MINIWOB:-1500}"
EXAMPLES_SANDBOX="${EXAMPLES_SANDBOX:-400}"
EXAMPLES_FUNCTIONS="${EXAMPLES_FUNCTIONS:-800}"
EPOCHS="${EPOCHS:-1}"
mkdir -p "$WORK"

collect() {  # collect DIR ARGS...: start, or resume an interrupted collection
    local dir="$WORK/$1"
    shift
    if [[ -f "$dir/eval.json" ]]; then
        "$OPENLAM" data collect "$1" --resume "$dir" --json
    else
        "$OPENLAM" data collect "$@" --out "$dir" --json
    fi
}

# 1. Verified trajectories (training tasks, seeds below 100000).
collect miniwob miniwob --seeds 0-7 --workers 2
collect miniwob-recovery miniwob --seeds 8-9 --perturb 0.3 --workers 2
collect sandbox sandbox --seeds 0 --workers 2
"$OPENLAM" data synth functions --n 1500 --seed 0 --out "$WORK/functions" --json

# 2. Examples (prompt exactly as the runtime renders it -> target action), then a mix within
#    the training budget, spread evenly over each source's tasks.
"$OPENLAM" data build "$WORK/miniwob" "$WORK/miniwob-recovery" --out "$WORK/miniwob.jsonl" --json
"$OPENLAM" data build "$WORK/sandbox" --out "$WORK/sandbox.jsonl" --json
"$OPENLAM" data build "$WORK/functions" --out "$WORK/functions.jsonl" --json
"$OPENLAM" data sample "$WORK/miniwob.jsonl" --n "$EXAMPLES_MINIWOB" --out "$WORK/mix-miniwob.jsonl" --json
"$OPENLAM" data sample "$WORK/sandbox.jsonl" --n "$EXAMPLES_SANDBOX" --out "$WORK/mix-sandbox.jsonl" --json
"$OPENLAM" data sample "$WORK/functions.jsonl" --n "$EXAMPLES_FUNCTIONS" --out "$WORK/mix-functions.jsonl" --json
cat "$WORK"/mix-{miniwob,sandbox,functions}.jsonl > "$WORK/train.jsonl"
"$OPENLAM" data stats "$WORK/train.jsonl" --tokens

# 3. LoRA training (resumes if interrupted) and the adapter into the package.
if [[ -f "$WORK/run/train.json" ]]; then
    "$OPENLAM" train --resume "$WORK/run"
else
    "$OPENLAM" train "$WORK/train.jsonl" --out "$WORK/run" --epochs "$EPOCHS" --batch-size 8 \
        --lr 4e-4 --max-tokens 1400 --eval-every 100 --save-every 25
fi
cp "$WORK/run/adapter.gguf" src/openlam/models/adapter/openlam-action.gguf
echo "adapter shipped: src/openlam/models/adapter/openlam-action.gguf (update MODEL_CARD.md)"
