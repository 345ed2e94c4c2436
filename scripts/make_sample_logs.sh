#!/usr/bin/env bash
# Regenerates sample_logs/ with hitlog_gen. The same generator and this script give the same
# log text on every machine; the .gz files also depend on the gzip version (-n keeps the name
# and time out of the header).
#   scripts/make_sample_logs.sh [path/to/hitlog_gen]    (default: build/hitlog_gen)
# It builds nothing: build hitlog_gen first.
set -euo pipefail
cd "$(dirname "$0")/.."

gen=${1:-build/hitlog_gen}
if [ ! -x "$gen" ]; then
  echo "make_sample_logs: no hitlog_gen at '$gen'; build it or pass its path" >&2
  exit 2
fi

out=sample_logs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/rotated"

# Combined format, UTC, a little disorder, no bad lines.
"$gen" --seed 1 --lines 2000 --rate 3 --endpoints 300 --disorder 0.05 --max-skew 20 \
  --output "$out/access.log"

# Common format (Apache %b: "-" for an empty body) written in a +0200 zone.
"$gen" --seed 2 --format common --lines 500 --rate 1 --endpoints 120 --tz +0200 \
  --output "$out/common.log"

# A logrotate set: one stream of 2000 lines cut into four consecutive files, oldest first.
"$gen" --seed 3 --lines 2000 --rate 2 --endpoints 300 --disorder 0.02 --max-skew 20 \
  --start 2026-12-01T08:00:00Z --output "$tmp/rotated.log"
split -l 500 -d "$tmp/rotated.log" "$tmp/part."
gzip -n -9 -c "$tmp/part.00" >"$out/rotated/access.log.3.gz"
gzip -n -9 -c "$tmp/part.01" >"$out/rotated/access.log.2.gz"
cp "$tmp/part.02" "$out/rotated/access.log.1"
cp "$tmp/part.03" "$out/rotated/access.log"

# Two gzip members concatenated, as `cat a.gz b.gz` or an appending logger makes them.
"$gen" --seed 4 --lines 600 --rate 2 --endpoints 200 --start 2026-12-01T12:00:00Z \
  --output "$tmp/multi.log"
split -l 300 -d "$tmp/multi.log" "$tmp/member."
gzip -n -9 -c "$tmp/member.00" >"$tmp/member.00.gz"
gzip -n -9 -c "$tmp/member.01" >"$tmp/member.01.gz"
cat "$tmp/member.00.gz" "$tmp/member.01.gz" >"$out/multi_member.log.gz"

# Out of order past the default 1m lateness, ~2% malformed lines, a few CRLF line ends.
"$gen" --seed 5 --lines 900 --rate 3 --endpoints 200 --disorder 0.3 --max-skew 90 \
  --bad 0.02 --crlf 0.01 --output "$out/messy.log"
