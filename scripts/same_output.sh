#!/usr/bin/env bash
# Checks that a change kept the output: builds the working tree and REV (default HEAD~1)
# in release, runs `solieu extract` with both over corpus/, fixtures/legacy,
# fixtures/hostile and a generated corpus, and compares the JSON Lines byte for byte.
# Speed work lands only when every line says "same" (see BENCHMARKS.md).
#
# Usage: scripts/same_output.sh [REV]
# Settings (environment): GEN_DOCS=200 generated reports (seed 1), WORK=/tmp/solieu-same
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REV=${1:-HEAD~1}
GEN_DOCS=${GEN_DOCS:-200}
WORK=${WORK:-/tmp/solieu-same}
mkdir -p "$WORK"

cd "$ROOT"
cargo build --release --quiet --bin solieu --example gen_corpus
NEW=$ROOT/target/release/solieu

# REV in its own worktree and target dir, so the working tree's build is left alone.
OLD_TREE=$WORK/rev
rm -rf "$OLD_TREE"
git worktree prune
git worktree add --quiet --detach "$OLD_TREE" "$REV"
trap 'git -C "$ROOT" worktree remove --force "$OLD_TREE"' EXIT
(cd "$OLD_TREE" && CARGO_TARGET_DIR=$WORK/target cargo build --release --quiet --bin solieu)
OLD=$WORK/target/release/solieu

GEN=$WORK/gen-$GEN_DOCS
if [ ! -e "$GEN.done" ]; then
    rm -rf "$GEN"
    "$ROOT/target/release/examples/gen_corpus" --docs "$GEN_DOCS" --out "$GEN" --seed 1 >/dev/null
    touch "$GEN.done"
fi

fail=0
for dir in corpus fixtures/legacy fixtures/hostile "$GEN"; do
    # the exit code is compared too: a hostile file makes it 1 on purpose
    old_rc=0; new_rc=0
    "$OLD" extract -q --jobs 2 "$dir" >"$WORK/old.jsonl" 2>/dev/null || old_rc=$?
    "$NEW" extract -q --jobs 2 "$dir" >"$WORK/new.jsonl" 2>/dev/null || new_rc=$?
    if [ "$old_rc" = "$new_rc" ] && cmp -s "$WORK/old.jsonl" "$WORK/new.jsonl"; then
        echo "same  $dir"
    else
        echo "DIFF  $dir (exit $old_rc -> $new_rc; $(cmp "$WORK/old.jsonl" "$WORK/new.jsonl" 2>&1 | head -1))"
        fail=1
    fi
done
exit $fail
