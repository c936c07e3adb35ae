#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the repository's own inputs, to start
# from: every rule file for rules_text, every fact file for facts_text, and
# for evaluate each rule file of the shipped rule set or of a test case
# paired with fact files (rules, a NUL byte, facts); and the regression inputs
# of tests/hostile/inputs/<target>/; and the packed corpora of the
# structure-aware targets (fuzz/seeds/*.hex). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus/rules_text" "$corpus/facts_text" "$corpus/evaluate"
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1)); cp "$f" "$corpus/rules_text/seed-$n"
done < <(find rules tests examples -type f -name '*.rules' -print0 | sort -z)
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1)); cp "$f" "$corpus/facts_text/seed-$n"
done < <(find rules tests examples -type f -name '*.ron' -print0 | sort -z)
# A test case's rules with its facts.
n=0
for case in tests/cases/*/*/; do
    [ -f "$case/case.rules" ] || continue
    while IFS= read -r -d '' facts; do
        n=$((n + 1))
        { cat "$case/case.rules"; printf '\0'; cat "$facts"; } > "$corpus/evaluate/seed-$n"
    done < <(find "$case" -type f -name '*.ron' -print0 | sort -z)
done
# The shipped rule files, one at a time, with each example.
for rules in rules/*.rules; do
    for facts in examples/*.ron; do
        n=$((n + 1))
        { cat rules/program.rules "$rules"; printf '\0'; cat "$facts"; } > "$corpus/evaluate/seed-$n"
    done
done
# Regression inputs are in each target's own format.
for t in rules_text facts_text evaluate; do
    for f in tests/hostile/inputs/$t/*; do
        [ -f "$f" ] && cp "$f" "$corpus/$t/regression-$(basename "$f")"
    done
done
# The structure-aware targets (gen_*) need no seeds; their committed
# minimized corpus (fuzz/seeds/<target>.hex, one input a line) starts them
# where the recorded runs ended.
for packed in fuzz/seeds/*.hex; do
    [ -f "$packed" ] || continue
    t=$(basename "$packed" .hex)
    mkdir -p "$corpus/$t"
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" | xxd -r -p > "$corpus/$t/seed-$n"
    done < <(grep -v '^#' "$packed")
done
for t in "$corpus"/*/; do
    t=$(basename "$t")
    echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
