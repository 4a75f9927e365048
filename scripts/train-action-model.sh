#!/usr/bin/env bash
# Rebuilds openlam's action adapter from scratch: collect verified trajectories on training
# tasks and seeds only, build and sample the dataset, train, and copy the adapter into the
# package. MODEL_CARD.md beside the shipped adapter records what the last build measured.
#
#   scripts/train-action-model.sh [WORK_DIR]      # default: ./action-model-build
#
# Four stages: the first trains a fresh adapter; the later ones collect new seeds (the third
# adds generated forms) and train further from the stage before (`openlam train --init`).
# Set EXAMPLES_* / EPOCHS (stage one) and STAGE2_*..STAGE4_* to change the mix or the length.
# On 2 CPU cores the defaults take about 50 minutes of collection and about 4.5 hours of
# training; with a CUDA GPU, training takes minutes (`--device auto` picks it). An interrupted
# run of the script picks up where it was.
# Collections made before page addresses were shown without their directory or port (commit
# 015353a) hold real addresses in goto targets and navigation notes: collect them again.
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
STAGE3_FORMS="${STAGE3_FORMS:-800}"
STAGE3_MINIWOB="${STAGE3_MINIWOB:-1000}"
STAGE3_SANDBOX="${STAGE3_SANDBOX:-1000}"
STAGE3_FUNCTIONS="${STAGE3_FUNCTIONS:-300}"
STAGE3_LR="${STAGE3_LR:-2.5e-4}"
STAGE4_FORMS="${STAGE4_FORMS:-500}"
STAGE4_MINIWOB="${STAGE4_MINIWOB:-500}"
STAGE4_SANDBOX="${STAGE4_SANDBOX:-260}"
STAGE4_FUNCTIONS="${STAGE4_FUNCTIONS:-500}"
STAGE4_LR="${STAGE4_LR:-2e-4}"
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
mix() {  # mix STAGE SEED SOURCE=N ...: sample each source's examples, then train$STAGE.jsonl
    local stage="$1" seed="$2" pair source
    shift 2
    local parts=()
    for pair in "$@"; do
        source="${pair%%=*}"
        "$OPENLAM" data sample "$WORK/$source$stage.jsonl" --n "${pair#*=}" --seed "$seed" \
            --out "$WORK/mix-$source$stage.jsonl" --json
        parts+=("$WORK/mix-$source$stage.jsonl")
    done
    cat "${parts[@]}" > "$WORK/train$stage.jsonl"
    "$OPENLAM" data stats "$WORK/train$stage.jsonl" --tokens
}
mix "" 0 miniwob="$EXAMPLES_MINIWOB" sandbox="$EXAMPLES_SANDBOX" functions="$EXAMPLES_FUNCTIONS"

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
mix -2 0 miniwob="$STAGE2_MINIWOB" sandbox="$STAGE2_SANDBOX" functions="$STAGE2_FUNCTIONS"
train run-2 train-2.jsonl --init "$WORK/run" --epochs 1 --lr "$STAGE2_LR"

# 5. Stage three: generated forms (every episode ends in `finish` once the page confirms), more
#    sandbox seeds and new functions, with stage two's MiniWoB++ examples replayed (a new draw),
#    trained further from stage two.
collect forms forms --seeds 0-59 --workers 2
collect forms-recovery forms --seeds 60-89 --perturb 0.3 --workers 2
collect sandbox-3 sandbox --seeds 4-6 --workers 2
collect sandbox-recovery-3 sandbox --seeds 7-8 --perturb 0.3 --workers 2
"$OPENLAM" data synth functions --n 1000 --seed 3500 --out "$WORK/functions-3" --json
"$OPENLAM" data build "$WORK/forms" "$WORK/forms-recovery" --out "$WORK/forms-3.jsonl" --json
"$OPENLAM" data sample "$WORK/miniwob-2.jsonl" --n "$STAGE3_MINIWOB" --seed 3 \
    --out "$WORK/miniwob-3.jsonl" --json
"$OPENLAM" data build "$WORK/sandbox-3" "$WORK/sandbox-recovery-3" --out "$WORK/sandbox-3.jsonl" --json
"$OPENLAM" data build "$WORK/functions-3" --out "$WORK/functions-3.jsonl" --json
mix -3 0 forms="$STAGE3_FORMS" miniwob="$STAGE3_MINIWOB" sandbox="$STAGE3_SANDBOX" \
    functions="$STAGE3_FUNCTIONS"
train run-3 train-3.jsonl --init "$WORK/run-2" --epochs 1 --lr "$STAGE3_LR"

# 6. Stage four: forms on new seeds (pages with and without a navigation bar), new MiniWoB++
#    seeds with stage two's replayed, sandbox of stages two and three replayed, and function
#    calling brought back to a quarter of the mix; trained further from stage three.
collect forms-4 forms --seeds 90-149 --workers 2
collect forms-recovery-4 forms --seeds 150-179 --perturb 0.3 --workers 2
collect miniwob-4 miniwob --seeds 26-31 --workers 2
"$OPENLAM" data build "$WORK/forms-4" "$WORK/forms-recovery-4" --out "$WORK/forms-4.jsonl" --json
"$OPENLAM" data build "$WORK/miniwob-4" "$WORK/miniwob-2" "$WORK/miniwob-recovery-2" \
    --out "$WORK/miniwob-4.jsonl" --json
cat "$WORK/sandbox-2.jsonl" "$WORK/sandbox-3.jsonl" > "$WORK/sandbox-4.jsonl"
cat "$WORK/functions-2.jsonl" "$WORK/functions-3.jsonl" > "$WORK/functions-4.jsonl"
mix -4 4 forms="$STAGE4_FORMS" miniwob="$STAGE4_MINIWOB" sandbox="$STAGE4_SANDBOX" \
    functions="$STAGE4_FUNCTIONS"
train run-4 train-4.jsonl --init "$WORK/run-3" --epochs 1 --lr "$STAGE4_LR"
cp "$WORK/run-4/adapter.gguf" src/openlam/models/adapter/openlam-action.gguf
echo "adapter shipped: src/openlam/models/adapter/openlam-action.gguf (update MODEL_CARD.md)"
