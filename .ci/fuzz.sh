#!/usr/bin/env bash
# .ci/fuzz.sh [PACKAGE_DIR...]
#
# Runs every fuzz target of the repository (each `func FuzzXxx(f *testing.F)`
# of a _test.go file) for a short while, two at a time, and fails when one
# fails. A failing input is written by Go into the package's
# testdata/fuzz/FuzzXxx/, where it becomes a seed that plain `go test` runs
# from then on: commit it with the fix.
#
# Each package's test binary is built once, instrumented for fuzzing, and
# run once per target. Inputs that reached new code are kept in Go's fuzz
# cache ($(go env GOCACHE)/fuzz/<import path>), as `go test -fuzz` keeps
# them, so later runs start from them.
#
# No target needs a service: they run on SQLite in a temporary folder, and
# run their seeds against PostgreSQL too only as plain tests (`make test`).
#
# Environment knobs:
#   FUZZTIME=2s        how long each target fuzzes (a duration, or Nx runs)
#   FUZZ_JOBS=2        targets fuzzed at the same time
#   FUZZ_PARALLEL=1    fuzzing workers per target
set -euo pipefail

cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-2s}
FUZZ_JOBS=${FUZZ_JOBS:-2}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-1}
GO=${GO:-go}

say() { printf '[fuzz] %s\n' "$*" >&2; }
now() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

TMP=$(mktemp -d)
trap 'rm -rf -- "$TMP"' EXIT

if [ $# -gt 0 ]; then
	dirs=("$@")
else
	mapfile -t dirs < <(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
		grep -v '^./\.git/' | xargs -r -n1 dirname | sort -u)
fi
[ ${#dirs[@]} -gt 0 ] || {
	say "no fuzz targets found"
	exit 1
}

cache="$($GO env GOCACHE)/fuzz"
start=$(now)

# binary DIR: where the test binary of the package in DIR is built.
binary() { printf '%s/%s.test' "$TMP" "$(printf '%s' "$1" | tr '/.' '__')"; }

# Build every package's binary first, two at a time, one a core (-fuzz at
# build time instruments it for coverage-guided fuzzing).
build() {
	local dir=$1 t
	t=$(now)
	if ! $GO test -c -fuzz=. -o "$(binary "$dir")" "./$dir" >"$(binary "$dir").log" 2>&1; then
		cat "$(binary "$dir").log" >&2
		say "FAIL building $dir"
		return 1
	fi
	say "built $dir in $(since "$t")"
}
# The package with the most dependencies is built alone first: the
# instrumented forms of what they share (SQLite above all, minutes of
# compiling on a fresh machine) go into the build cache once, and the
# others find them there instead of compiling them two at a time.
first="" most=0
for dir in "${dirs[@]}"; do
	n=$($GO list -deps "./${dir#./}" | wc -l)
	if [ "$n" -gt "$most" ]; then
		first=${dir#./} most=$n
	fi
done
build "$first" || exit 1
pids=()
for dir in "${dirs[@]}"; do
	dir=${dir#./}
	[ "$dir" != "$first" ] || continue
	build "$dir" &
	pids+=($!)
	if [ ${#pids[@]} -ge 2 ]; then
		wait "${pids[0]}" || exit 1
		pids=("${pids[@]:1}")
	fi
done
for pid in "${pids[@]}"; do
	wait "$pid" || exit 1
done
say "built ${#dirs[@]} test binaries in $(since "$start")"

# inputs DIR NAME: the failing inputs kept for a target, one a line.
inputs() { ls "$1/testdata/fuzz/$2" 2>/dev/null || true; }

# fuzz DIR NAME: fuzzes one target, its output in a file of its own.
fuzz() {
	local dir=$1 name=$2 pkg=$3 t out="$TMP/$2.out" kept
	t=$(now)
	kept=$(inputs "$dir" "$name")
	if ! (cd "$dir" && "$(binary "$dir")" -test.run='^$' -test.fuzz="^${name}\$" -test.fuzztime="$FUZZTIME" \
		-test.parallel="$FUZZ_PARALLEL" -test.fuzzcachedir="$cache/$pkg" >"$out" 2>&1); then
		# Go 1.26's fuzzing coordinator can report the end of -fuzztime
		# itself as a failure, "context deadline exceeded", when a worker is
		# mid-input as the time runs out on a busy machine (go.dev/issue/75804,
		# fixed in Go 1.27). Such a run wrote no failing input: it passed.
		if grep -q '^    context deadline exceeded$' "$out" && [ "$(inputs "$dir" "$name")" = "$kept" ]; then
			say "ok   $name ($dir, $(since "$t"); the fuzz time ran out mid-input, go.dev/issue/75804, no failing input)"
			return 0
		fi
		cat "$out" >&2
		say "FAIL $pkg $name: the failing input is in $dir/testdata/fuzz/$name/"
		return 1
	fi
	say "ok   $name ($dir, $(since "$t"))"
}

# Two targets at a time, each with FUZZ_PARALLEL workers.
targets=0 failed=0
pids=()
for dir in "${dirs[@]}"; do
	dir=${dir#./}
	mapfile -t names < <(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(f \*testing\.F\).*/\1/p' "$dir"/*_test.go | sort -u)
	pkg=$($GO list "./$dir")
	for name in "${names[@]}"; do
		fuzz "$dir" "$name" "$pkg" &
		pids+=($!)
		targets=$((targets + 1))
		if [ ${#pids[@]} -ge "$FUZZ_JOBS" ]; then
			wait "${pids[0]}" || failed=1
			pids=("${pids[@]:1}")
		fi
		[ "$failed" = 0 ] || break 2
	done
done
for pid in "${pids[@]}"; do
	wait "$pid" || failed=1
done
if [ "$failed" != 0 ]; then
	say "a fuzz target failed (see above)"
	exit 1
fi
say "$targets fuzz targets passed in $(since "$start")"
