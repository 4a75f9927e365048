#!/usr/bin/env bash
# Runs on the GPU machine: joins the parts that scripts/device/prepare.sh made, installs the
# carried wheels beside the machine's torch, trains with `openlam train` on CUDA, and leaves the
# run in $OUT (the folder that comes back) as run.tar cut into 15 MB pieces, since only files
# of at most 16 MiB come back: `cat run.tar.* | tar -x` gives adapter.gguf, the logs and the
# checkpoint (for a later --init). Up to --rank 32 it all fits the 64 MiB that come back.
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
cp "$OUT/result.json" "$work/run/"
tar -C "$work/run" -cf - adapter.gguf log.jsonl plan.json train.json result.json \
    checkpoint/adapter_config.json checkpoint/adapter_model.safetensors checkpoint/state.json |
    split -b 15m -d -a 2 - "$OUT/run.tar."
rm "$OUT/result.json"
echo "the run is in $OUT/run.tar.* ($(du -ch "$OUT"/run.tar.* | tail -1 | cut -f1)): cat run.tar.* | tar -x"
