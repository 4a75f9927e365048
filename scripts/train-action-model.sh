#!/usr/bin/env bash
# Rebuilds openlam's action adapter from scratch: collect verified trajectories on training
# tasks and seeds only, build and sample the dataset, train, and copy the adapter into the
# package. MODEL_CARD.md beside the shipped adapter records what the last build measured.
#
#   scripts/train-action-model.sh [WORK_DIR]      # default: ./action-model-build
#
# Two stages: the first trains a fresh adapter; the second collects new seeds and templates and
# trains further from the first one's adapter (`openlam train --init`). Set EXAMPLES_* / EPOCHS
# (stage one) and STAGE2_* to change the mix or the length. On 2 CPU cores the defaults take
# about 20 minutes of collection and 2.5 hours of training; with a CUDA GPU, training takes
# minutes (`--device auto` picks it). An interrupted run of the script picks up where it was.
set -euo pipefail
cd "$(dirname "$0")/.."
OPENLAM="${OPENLAM:-.venv/bin/openlam}"
WORK="${1:-action-model-build}"
EXAMPLES_MINIWOB="${EXAMPLES_MINIWOB:-1500}"
EXAMPLES_SANDBOX="${EXAMPLES_SANDBOX:-400}"
EXAMPLES_FUNCTIONS="${EXAMPLES_FUNCTIONS:-800}"
EPOCHS="${EPOCHS:-1}"
STAGE2_MINIWOB="${STAGE2_MINIWOB:-2200}"
STAGE2_SANDBOX="${STAGE2_SANDBOX:-600}"
STAGE2_FUNCTIONS="${STAGE2_FUNCTIONS:-800}"
STAGE2_LR="${STAGE2_LR:-3e-4}"
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
mix() {  # mix STAGE N_MINIWOB N_SANDBOX N_FUNCTIONS: sample each source, then train$STAGE.jsonl
    local stage="$1" source n
    shift
    for source in miniwob sandbox functions; do
        n="$1"
        shift
        "$OPENLAM" data sample "$WORK/$source$stage.jsonl" --n "$n" \
            --out "$WORK/mix-$source$stage.jsonl" --json
    done
    cat "$WORK"/mix-{miniwob,sandbox,functions}"$stage".jsonl > "$WORK/train$stage.jsonl"
    "$OPENLAM" data stats "$WORK/train$stage.jsonl" --tokens
}
mix "" "$EXAMPLES_MINIWOB" "$EXAMPLES_SANDBOX" "$EXAMPLES_FUNCTIONS"

# 3. LoRA training (resumes if interrupted).
train() {  # train RUN DATASET ARGS...: start, or resume an interrupted run
    local run="$WORK/$1" dataset="$WORK/$2"
    shift 2
    if [[ -f "$run/train.json" ]]; then
        "$OPENLAM" train --resume "$run"
    else
        "$OPENLAM" train "$dataset" --out "$run" --batch-size 8 --max-tokens 1400 \
            --eval-every 100 --save-every 25 "$@"
    fi
}
train run train.jsonl --epochs "$EPOCHS" --lr 4e-4

# 4. Stage two: new seeds and templates (none the first stage saw), trained further from the
#    first stage's adapter with a fresh schedule.
collect miniwob-2 miniwob --seeds 10-21 --workers 2
collect sandbox-2 sandbox --seeds 1-2 --workers 2
collect sandbox-recovery sandbox --seeds 3 --perturb 0.3 --workers 2
collect miniwob-recovery-2 miniwob --seeds 22-25 --perturb 0.3 --workers 2
"$OPENLAM" data synth functions --n 2000 --seed 1500 --out "$WORK/functions-2" --json
"$OPENLAM" data build "$WORK/miniwob-2" "$WORK/miniwob-recovery-2" --out "$WORK/miniwob-2.jsonl" --json
"$OPENLAM" data build "$WORK/sandbox-2" "$WORK/sandbox-recovery" --out "$WORK/sandbox-2.jsonl" --json
"$OPENLAM" data build "$WORK/functions-2" --out "$WORK/functions-2.jsonl" --json
mix -2 "$STAGE2_MINIWOB" "$STAGE2_SANDBOX" "$STAGE2_FUNCTIONS"
train run-2 train-2.jsonl --init "$WORK/run" --epochs 1 --lr "$STAGE2_LR"
cp "$WORK/run-2/adapter.gguf" src/openlam/models/adapter/openlam-action.gguf
echo "adapter shipped: src/openlam/models/adapter/openlam-action.gguf (update MODEL_CARD.md)"
