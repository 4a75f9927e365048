#!/usr/bin/env bash
# Runs on the GPU machine: checks and joins the parts that scripts/device/prepare.sh made,
# installs the carried wheels beside the machine's torch, trains with `openlam train` on CUDA,
# and leaves the run in $OUT (the folder that comes back) as run.tar cut into 15 MB pieces,
# since only files of at most 16 MiB come back: `cat run.tar.* | tar -x` gives adapter.gguf,
# the logs and the checkpoint (for a later --init). Up to --rank 32 it all fits the 64 MiB that
# come back. A run that fails still sends back its logs.
#
#   scripts/device/train.sh PARTS_DIR [openlam train options, e.g. --epochs 1 --batch-size 32 --time-limit 8m]
set -euo pipefail
PARTS="$(realpath "${1:?usage: scripts/device/train.sh PARTS_DIR [TRAIN_OPTIONS]}")"
shift
cd "$(dirname "$0")/../.."
OUT="${OUT:-$PWD/device-out}"
PY="${PY:-python3}"
work="${WORK:-/tmp/openlam-device}"
rm -rf "$work"
mkdir -p "$work" "$OUT"
rm -f "$OUT"/run.tar.*

# every part there, none missing, none left over from another bundle
[[ -f $PARTS/manifest ]] || { echo "no manifest in $PARTS: send the last part's too" >&2; exit 1; }
expected=$(wc -l <"$PARTS/manifest")
while read -r number sum; do
    [[ -f $PARTS/$number ]] || { echo "part $number of $expected is missing: send it" >&2; exit 1; }
    [[ $(sha256sum "$PARTS/$number" | cut -d' ' -f1) == "$sum" ]] ||
        { echo "part $number is not the one prepared: send it again" >&2; exit 1; }
done <"$PARTS/manifest"
present=$(find "$PARTS" -maxdepth 1 -type f ! -name manifest | wc -l)
((present == expected)) ||
    { echo "$present parts in $PARTS, the manifest names $expected: clear it and resend" >&2; exit 1; }
for ((k = 1; k <= expected; k++)); do cat "$PARTS/$k"; done | tar -x -C "$work"

"$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$work/site" \
    "$work"/wheels/*.whl
export PYTHONPATH="$PWD/src:$work/site${PYTHONPATH:+:$PYTHONPATH}"
export OPENLAM_HOME="$work/home"
# fail here, not after loading the model, if the machine lacks something training imports
"$PY" -c "import openlam.cli, torch, transformers, peft, gguf, safetensors, accelerate" || {
    echo "this machine lacks a package training needs (above): add its wheel in prepare.sh" >&2
    exit 1
}
mkdir -p "$OPENLAM_HOME/models"
mv "$work/base.gguf" "$OPENLAM_HOME/models/gemma3-270m-q4_k_m.gguf"
init=()
[[ -d $work/init ]] && init=(--init "$work/init")

status=0
"$PY" -m openlam train "$work/train.ids.jsonl" --out "$work/run" --device "${DEVICE:-cuda}" \
    "${init[@]}" "$@" --json >"$work/result.json" || status=$?
cat "$work/result.json"
mkdir -p "$work/run"
cp "$work/result.json" "$work/run/"
files=()
for f in adapter.gguf log.jsonl plan.json train.json result.json checkpoint/adapter_config.json \
    checkpoint/adapter_model.safetensors checkpoint/state.json; do
    [[ -f $work/run/$f ]] && files+=("$f")
done
tar -C "$work/run" -cf - "${files[@]}" | split -b 15m -d -a 2 - "$OUT/run.tar."
echo "the run is in $OUT/run.tar.* ($(du -ch "$OUT"/run.tar.* | tail -1 | cut -f1)):" \
    "cat run.tar.* | tar -x"
exit "$status"
