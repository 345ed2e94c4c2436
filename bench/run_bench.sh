#!/usr/bin/env bash
# Benchmark: hitlog count over a seeded, generated combined-format log, next to `cat` and
# `gzip -dc` on the same file. Prints MB/s, lines/s, wall and CPU seconds and peak memory.
#
#   bench/run_bench.sh [LINES]      (default 5000000 lines, about 1 GB; needs a release build
#                                    in build/, e.g. from scripts/test.sh)
# Generated files are kept in bench/out/ and reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

lines=${1:-5000000}
build=${BUILD_DIR:-build}
out=bench/out
mkdir -p "$out"
log="$out/bench-$lines.log"

for tool in hitlog hitlog_gen hitlog_measure; do
  [ -x "$build/$tool" ] || { echo "missing $build/$tool: build first (scripts/test.sh)" >&2; exit 2; }
done
if [ ! -s "$log" ]; then
  echo "generating $log ..." >&2
  "$build/hitlog_gen" --lines "$lines" --seed 42 --endpoints 2000 --disorder 0.05 \
    --bad 0.001 --output "$log"
fi
[ -s "$log.gz" ] || gzip -6 -n -c "$log" > "$log.gz"

bytes=$(stat -c %s "$log")
awk -v f="$log" -v n="$lines" -v b="$bytes" -v g="$(stat -c %s "$log.gz")" \
  'BEGIN { printf "input: %s, %d lines, %.1f MB (gzip copy %.1f MB)\n", f, n, b / 1e6, g / 1e6 }'
printf '%-44s %9s %12s %8s %8s %10s\n' case MB/s lines/s wall_s cpu_s peak_MB

measure() {  # NAME CMD...
  local name=$1
  shift
  local figures
  figures=$("$build/hitlog_measure" -- "$@" 2>&1 >/dev/null | grep '^wall_s=' | tail -n 1)
  awk -v name="$name" -v bytes="$bytes" -v lines="$lines" -v f="$figures" 'BEGIN {
    split(f, kv, /[ =]/)  # wall_s W cpu_s C max_rss_kb R exit E
    printf "%-44s %9.0f %12.0f %8.2f %8.2f %10.1f\n", name, bytes / 1e6 / kv[2], lines / kv[2],
      kv[2], kv[4], kv[6] / 1024
  }'
}

measure "cat > /dev/null" cat "$log"
measure "gzip -dc > /dev/null" gzip -dc "$log.gz"
command -v pigz >/dev/null && measure "pigz -dc > /dev/null" pigz -dc "$log.gz"
measure "hitlog count --window 1m (plain)" "$build/hitlog" count -q --window 1m "$log"
measure "hitlog count --window 1m (gzip)" "$build/hitlog" count -q --window 1m "$log.gz"
measure "hitlog count --window 1s (plain)" "$build/hitlog" count -q --window 1s "$log"
