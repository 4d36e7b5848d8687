#!/usr/bin/env bash
# End-to-end benchmark: `solieu extract` over generated corpora against the floor
# (read every file, inflate every word/document.xml, nothing else), both timed in
# the same run, for each corpus and thread count. Prints one table row per run.
#
# Usage: scripts/bench_e2e.sh
# Settings (environment):
#   CORPORA="mixed:1000 mixed:20000 docx:1000 txt:1000"  kind:documents; mixed = 30 % .txt
#   JOBS="1 2"            thread counts
#   WORK=/tmp/solieu-bench  where corpora and outputs go (never committed)
#   SEED=1                generator seed
#   REPEAT=1              runs per cell; the fastest is kept
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPORA=${CORPORA:-"mixed:1000 mixed:20000 docx:1000 txt:1000"}
JOBS=${JOBS:-"1 2"}
WORK=${WORK:-/tmp/solieu-bench}
SEED=${SEED:-1}
REPEAT=${REPEAT:-1}
BIN=$ROOT/target/release

cd "$ROOT"
cargo build --release --quiet --bin solieu --example gen_corpus --example floor
mkdir -p "$WORK"

# Wall seconds and peak RSS (MB) of a command; its stdout goes to /dev/null.
# Uses /usr/bin/time -v when present, else the shell's clock and no memory figure.
measure() {
    local log=$WORK/time.log start end
    if [ -x /usr/bin/time ]; then
        start=$(date +%s.%N)
        /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/stderr.log" || true
        end=$(date +%s.%N)
        local kb
        kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$log")
        echo "$(echo "$end - $start" | bc -l) $(echo "scale=1; $kb / 1024" | bc -l)"
    else
        start=$(date +%s.%N)
        "$@" >/dev/null 2>"$WORK/stderr.log" || true
        end=$(date +%s.%N)
        echo "$(echo "$end - $start" | bc -l) n/a"
    fi
}

best() { # best-of-REPEAT of measure
    local best_t="" best_m="" t m
    for _ in $(seq "$REPEAT"); do
        read -r t m < <(measure "$@")
        if [ -z "$best_t" ] || (( $(echo "$t < $best_t" | bc -l) )); then best_t=$t; best_m=$m; fi
    done
    echo "$best_t $best_m"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), $(git rev-parse --short HEAD)"
printf '| %-12s | %4s | %8s | %8s | %9s | %8s | %8s | %9s | %9s |\n' \
    corpus jobs "floor s" "solieu s" "docs/s" "MB/s" "x floor" "RSS MB" "floor RSS"
printf '|%s|\n' "--------------|------|----------|----------|-----------|----------|----------|-----------|-----------"
for spec in $CORPORA; do
    kind=${spec%%:*}
    docs=${spec##*:}
    case $kind in
        mixed) share=0.3 ;;
        docx) share=0 ;;
        txt) share=1 ;;
        *) echo "unknown corpus kind $kind" >&2; exit 2 ;;
    esac
    dir=$WORK/$kind-$docs-s$SEED
    if [ ! -f "$dir.done" ]; then
        rm -rf "$dir"
        "$BIN/examples/gen_corpus" --docs "$docs" --out "$dir" --seed "$SEED" --txt-share "$share" >&2
        touch "$dir.done"
    fi
    bytes=$(find "$dir" -type f \( -name '*.docx' -o -name '*.txt' \) -printf '%s\n' | awk '{s += $1} END {print s}')
    # Warm the page cache so that both sides read from memory.
    "$BIN/examples/floor" --jobs 2 "$dir" >/dev/null
    for j in $JOBS; do
        read -r ft fm < <(best "$BIN/examples/floor" --jobs "$j" "$dir")
        read -r st sm < <(best "$BIN/solieu" extract --quiet --jobs "$j" "$dir")
        printf '| %-12s | %4s | %8.2f | %8.2f | %9.0f | %8.1f | %8.2f | %9s | %9s |\n' \
            "$kind $docs" "$j" "$ft" "$st" "$(echo "$docs / $st" | bc -l)" \
            "$(echo "$bytes / 1000000 / $st" | bc -l)" "$(echo "$st / $ft" | bc -l)" "$sm" "$fm"
    done
done
