#!/usr/bin/env bash
# Packs what training on a GPU machine needs into parts small enough to travel one per call.
#
#   scripts/device/prepare.sh DATASET [INIT_RUN]     # writes .device/p1 ... .device/pN
#
# The machine has torch, transformers, peft and their dependencies but neither llama.cpp, the
# model package nor pydantic; nothing can be fetched there, and each call carries at most
# 64 MiB with the working tree. So the dataset travels as token ids (`openlam data encode`),
# the base GGUF and the missing Python packages (as wheels of the versions installed here) in
# parts, with a manifest of their checksums, and scripts/device/train.sh reassembles, checks and
# trains there. INIT_RUN: a run directory (or its checkpoint) whose adapter the run starts
# from, as `openlam train --init`.
# PART_MB sets the part size (default: what the 64 MiB leave beside the working tree, at most
# 40); PY_VERSION (default 3.12, the machine's Python) the wheels' Python.
set -euo pipefail
DATASET="$(realpath "${1:?usage: scripts/device/prepare.sh DATASET [INIT_RUN]}")"
INIT="${2:+$(realpath "$2")}"
cd "$(dirname "$0")/../.."
PY="${PY:-.venv/bin/python}"
OPENLAM="${OPENLAM:-.venv/bin/openlam}"
# every call sends the working tree (tracked and untracked files git does not ignore) too
tree=$(git ls-files -z -co --exclude-standard | xargs -0 stat -c %s 2>/dev/null |
    awk '{s += $1} END {print s + 0}')
room=$(((64 * 1024 * 1024 - tree) / 1024 / 1024 - 2))
PART_MB="${PART_MB:-$((room < 40 ? room : 40))}"
if ((PART_MB < 8)); then
    echo "the working tree ($((tree / 1024 / 1024)) MiB) leaves too little of a call's 64 MiB" >&2
    exit 1
fi
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
    version=$("$PY" -c "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))" "$name")
    wheels+=("$name==$version")
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
: >"$cut/manifest"
for part in "$cut"/part-*; do
    count=$((count + 1))
    mkdir -p ".device/p$count"
    mv "$part" ".device/p$count/part"
    echo "$count $(sha256sum ".device/p$count/part" | cut -d' ' -f1)" >>"$cut/manifest"
done
# the manifest travels with the last part
mv "$cut/manifest" ".device/p$count/manifest"
dest=/tmp/openlam-parts
echo "$count parts of ${PART_MB} MiB in .device/ ($(du -sh .device | cut -f1)); one call each, in order:"
echo "  carry .device/p1:  rm -rf $dest && mkdir -p $dest && mv .device/p1/part $dest/1"
for ((k = 2; k < count; k++)); do
    echo "  carry .device/p$k:  mv .device/p$k/part $dest/$k"
done
echo "  carry .device/p$count:  mv .device/p$count/part $dest/$count &&" \
    "mv .device/p$count/manifest $dest/ && scripts/device/train.sh $dest TRAIN_OPTIONS"
