#!/usr/bin/env bash
# Runs on the GPU machine: joins the parts that scripts/device/prepare.sh made, installs the
# carried wheels beside the machine's torch, trains with `openlam train` on CUDA, and leaves the
# adapter, its checkpoint and the logs in $OUT (the folder that comes back).
#
#   scripts/device/train.sh PARTS_DIR [openlam train options, e.g. --epochs 3 --batch-size 32]
set -euo pipefail
cd "$(dirname "$0")/../.."
PARTS="${1:?usage: scripts/device/train.sh PARTS_DIR [TRAIN_OPTIONS]}"
shift
OUT="${OUT:-$PWD/device-out}"
PY="${PY:-python3}"
work="${WORK:-/tmp/openlam-device}"
rm -rf "$work"
mkdir -p "$work" "$OUT"
# parts are named 1..N: join them in numeric order
mapfile -t parts < <(find "$PARTS" -maxdepth 1 -type f -printf '%f\n' | sort -n)
for part in "${parts[@]}"; do cat "$PARTS/$part"; done | tar -x -C "$work"
"$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$work/site" \
    "$work"/wheels/*.whl
export PYTHONPATH="$PWD/src:$work/site${PYTHONPATH:+:$PYTHONPATH}"
export OPENLAM_HOME="$work/home"
mkdir -p "$OPENLAM_HOME/models"
mv "$work/base.gguf" "$OPENLAM_HOME/models/gemma3-270m-q4_k_m.gguf"
init=()
[[ -d $work/init ]] && init=(--init "$work/init")
"$PY" -m openlam train "$work/train.ids.jsonl" --out "$work/run" --device "${DEVICE:-cuda}" \
    "${init[@]}" "$@" --json | tee "$OUT/result.json"
cp "$work/run/adapter.gguf" "$work/run/log.jsonl" "$work/run/plan.json" "$work/run/train.json" \
    "$OUT/"
cp "$work/run/checkpoint/adapter_config.json" "$work/run/checkpoint/adapter_model.safetensors" \
    "$OUT/"
echo "adapter and checkpoint in $OUT"
