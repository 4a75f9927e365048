#!/usr/bin/env bash
# Packs what training on a GPU machine needs into parts small enough to travel one per call.
#
#   scripts/device/prepare.sh DATASET [INIT_RUN]     # writes .device/p1 ... .device/pN
#
# The machine has torch (and transformers, peft) but neither llama.cpp nor the model package,
# nothing can be fetched there, and each call carries at most 64 MiB with the working tree. So
# the dataset travels as token ids (`openlam data encode`), the base GGUF and the few missing
# Python packages (as wheels of the versions installed here) travel in parts, and
# scripts/device/train.sh reassembles and trains there. INIT_RUN: a run directory (or its
# checkpoint) whose adapter the run starts from, as `openlam train --init`.
# PART_MB (default 40) sets the part size (the working tree travels too); PY_VERSION (default
# 3.12, the machine's Python) the wheels' Python.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PY:-.venv/bin/python}"
OPENLAM="${OPENLAM:-.venv/bin/openlam}"
PART_MB="${PART_MB:-40}"
DATASET="${1:?usage: scripts/device/prepare.sh DATASET [INIT_RUN]}"
INIT="${2:-}"
stage="$(mktemp -d)"
cut="$(mktemp -d)"
trap 'rm -rf "$stage" "$cut"' EXIT

"$OPENLAM" data encode "$DATASET" --out "$stage/train.ids.jsonl"
if [[ -n $INIT ]]; then
    [[ -d $INIT/checkpoint ]] && INIT="$INIT/checkpoint"
    mkdir -p "$stage/init"
    cp "$INIT/adapter_config.json" "$INIT/adapter_model.safetensors" "$stage/init/"
fi
# the packages the machine lacks (or has in other versions), pinned to this install's versions
wheels=()
for name in pydantic pydantic-core annotated-types typing-inspection typing-extensions \
    transformers peft gguf; do
    wheels+=("$name==$("$PY" -c "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))" "$name")")
done
"$PY" -m pip download -q --no-deps --only-binary=:all: --python-version "${PY_VERSION:-3.12}" \
    --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 -d "$stage/wheels" "${wheels[@]}"
base="$("$PY" -c "from openlam.models._weights import base_model_path; print(base_model_path())")"
cp "$base" "$stage/base.gguf"

rm -rf .device
mkdir -p .device
tar -C "$stage" -cf - . | split -b "${PART_MB}m" -d -a 2 - "$cut/part-"
count=0
for part in "$cut"/part-*; do
    count=$((count + 1))
    mkdir -p ".device/p$count"
    mv "$part" ".device/p$count/part"
done
echo "$count parts in .device/ ($(du -sh .device | cut -f1)); send them in order, one per call:"
for ((k = 1; k < count; k++)); do
    echo "  carry .device/p$k:  mkdir -p /tmp/openlam-parts && mv .device/p$k/part /tmp/openlam-parts/$k"
done
echo "  carry .device/p$count:  mkdir -p /tmp/openlam-parts && mv .device/p$count/part /tmp/openlam-parts/$count && scripts/device/train.sh /tmp/openlam-parts TRAIN_OPTIONS"
