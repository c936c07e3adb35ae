#!/usr/bin/env bash
# Packs a minimized corpus into fuzz/seeds/<target>.hex, one input a line in
# hexadecimal: small, reviewable, and replayed by `cargo test --test
# structured` on stable Rust. Usage: fuzz/pack.sh <target> <folder>
# (minimize first: cargo +nightly fuzz cmin <target> corpus/<target>).
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1 folder=$2
out=fuzz/seeds/$target.hex
mkdir -p fuzz/seeds
{
    echo "# $target: minimized corpus, one input a line in hexadecimal (fuzz/pack.sh)"
    for f in "$folder"/*; do
        [ -f "$f" ] || continue
        xxd -p -c 0 "$f"
        # An empty input is an empty line.
        [ -s "$f" ] || echo
    done | LC_ALL=C sort -u
} > "$out"
echo "$out: $(grep -vc '^#' "$out") inputs"
