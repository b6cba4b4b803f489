#!/usr/bin/env bash
# .ci/services.sh CMD [ARG...]
#
# Runs CMD with throwaway test services on free loopback ports:
#   TEST_POSTGRES_URL     postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable
#                         (superuser, trust auth: tests CREATE/DROP DATABASE on it)
#   TEST_REDIS_URL        redis://127.0.0.1:PORT/0
#   TEST_STRIPE_MOCK_URL  http://127.0.0.1:PORT
#   TEST_S3_URL           s3://ACCESS_KEY:SECRET@127.0.0.1:PORT/ocop-test?tls=false
#                         (SeaweedFS's S3 gateway, with a random key and secret)
#   TEST_PG_BINDIR        the PostgreSQL server binaries (initdb, postgres, pg_ctl), for
#                         tests that run a cluster of their own (e2e/faults stops and starts it)
# and makes sure python3-aiosmtpd is there for the mail tests to start.
# It installs what is missing first (Debian packages postgresql, redis-server
# and python3-aiosmtpd through apt-get, stripe-mock through `go install`,
# SeaweedFS by building its module once into the user's cache) and says so.
# Each is used by tests: PostgreSQL by every store test (dbtest), Redis by
# the cart, session and rate-limit stores (redistest), stripe-mock by the
# card payment tests (stripetest), SeaweedFS by the blob store tests
# (blobtest), aiosmtpd by the mail tests (mailtest).
# Whatever happens, the servers are stopped and their temporary folder is
# removed on exit; the script exits with CMD's status.
#
# It never touches servers already running on the machine (a PostgreSQL on
# :5432 or a Redis on :6379): everything it starts lives in one mktemp folder.
#
# Environment knobs:
#   PG_BINDIR=/path/to/bin       PostgreSQL server binaries to use (initdb, postgres, pg_isready)
#   SERVICES_START_TIMEOUT=60    seconds to wait for each server to answer
#   SERVICES_BROWSER=1           also install chromium, for the browser journeys of
#                                e2e/ (make test sets it)
#   SERVICES_WRK=1               also install wrk, the load generator of `make bench-report`
#   WEED_BIN=/path/to/weed       a SeaweedFS binary to use instead of the cached build
set -euo pipefail

STRIPE_MOCK_VERSION=v0.203.0
# SeaweedFS cannot be `go install`ed (its go.mod has replace directives):
# its module is built from a writable copy, once, into the cache outside the
# clone, which every later run and every clone reuses.
SEAWEEDFS_MODULE=github.com/seaweedfs/seaweedfs
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
WEED_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/ocopmarket"
START_TIMEOUT=${SERVICES_START_TIMEOUT:-60}

say() { printf '[services] %s\n' "$*" >&2; }
die() {
	printf '[services] ERROR: %s\n' "$*" >&2
	exit 1
}

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARG...]   (runs CMD with TEST_POSTGRES_URL, TEST_REDIS_URL, TEST_STRIPE_MOCK_URL and TEST_S3_URL set)" >&2
	exit 2
fi

now() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2fs", b - a }'; }

# ---------------------------------------------------------------------------
# Cleanup: registered before anything is started.

TMP=""
PG_PID="" REDIS_PID="" STRIPE_PID="" WEED_PID="" CMD_PID="" WEED_PARTIAL=""
WEED_SOCKETS=() # the sockets SeaweedFS makes in /tmp

# alive PID: the process exists and is not a zombie waiting to be reaped.
alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "${st%% *}" != Z ]
}

# stop NAME PID SIGNAL: sends SIGNAL, waits up to 15 s, then SIGKILL.
stop() {
	local name=$1 pid=$2 sig=$3 i
	[ -n "$pid" ] || return 0
	alive "$pid" || {
		wait "$pid" 2>/dev/null || true
		return 0
	}
	kill "-$sig" "$pid" 2>/dev/null || true
	for ((i = 0; i < 150; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	if alive "$pid"; then
		say "$name (pid $pid) did not stop in 15 s: killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	set +e
	stop command "$CMD_PID" TERM
	stop stripe-mock "$STRIPE_PID" TERM
	# Its data is thrown away: no need to wait for its graceful stop (some
	# 15 s), only to remove the sockets it makes in /tmp whatever it is told.
	stop seaweedfs "$WEED_PID" KILL
	[ ${#WEED_SOCKETS[@]} -eq 0 ] || rm -f -- "${WEED_SOCKETS[@]}"
	# A build cut short leaves no half binary in the cache.
	[ -z "$WEED_PARTIAL" ] || rm -f -- "$WEED_PARTIAL"
	stop redis-server "$REDIS_PID" TERM
	# SIGINT is PostgreSQL's fast shutdown: it does not wait for clients.
	stop postgres "$PG_PID" INT
	if [ -n "$TMP" ] && [ -d "$TMP" ]; then
		rm -rf -- "$TMP"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

# ---------------------------------------------------------------------------
# Installing what is missing.

# find_pg_bindir prints the directory holding initdb, postgres and pg_isready:
# $PG_BINDIR, else the newest Debian /usr/lib/postgresql/<ver>/bin, else PATH.
find_pg_bindir() {
	local d
	if [ -n "${PG_BINDIR:-}" ]; then
		for d in initdb postgres pg_isready; do
			[ -x "$PG_BINDIR/$d" ] || die "PG_BINDIR=$PG_BINDIR has no executable $d"
		done
		printf '%s\n' "$PG_BINDIR"
		return 0
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -rn); do
		if [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && [ -x "$d/pg_isready" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	if d=$(command -v initdb) && d=$(dirname "$d") && [ -x "$d/postgres" ] && [ -x "$d/pg_isready" ]; then
		printf '%s\n' "$d"
		return 0
	fi
	return 1
}

# have CMD: an executable file CMD is on PATH (bash's `command -v` also
# reports files that are not executable).
have() {
	local p
	p=$(type -P "$1") && [ -f "$p" ] && [ -x "$p" ]
}

have_chromium() { have chromium || have chromium-browser; }

APT_UPDATED=""

# apt_install PKG...: installs Debian packages, printing what apt adds; its
# full output goes to a log that is shown only when it fails.
apt_install() {
	local sudo="" log
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo="sudo -n"
		else
			say "cannot install $* : not root and no password-less sudo"
			return 1
		fi
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		say "cannot install $* : apt-get not found"
		return 1
	fi
	log="$TMP/apt.log"
	say "installing Debian packages: $* (apt-get install -y --no-install-recommends $*)"
	local t0
	t0=$(now)
	if ! { [ -n "$APT_UPDATED" ] || $sudo apt-get -q -o DPkg::Lock::Timeout=300 update; } >"$log" 2>&1; then
		say "apt-get update failed; last lines of its output:"
		tail -n 30 "$log" >&2
		return 1
	fi
	APT_UPDATED=1
	if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends -o DPkg::Lock::Timeout=300 install "$@"; } >"$log" 2>&1; then
		say "apt-get failed; last lines of its output:"
		tail -n 30 "$log" >&2
		return 1
	fi
	awk '/^The following NEW packages will be installed:/ { f = 1; print; next }
	     f && /^  / { print; next }
	     { f = 0 }' "$log" | sed 's/^/[services]   /' >&2
	say "installed $* in $(since "$t0")"
}

install_missing() {
	local required=() optional=()
	find_pg_bindir >/dev/null || {
		say "PostgreSQL server binaries not found (no initdb/postgres in /usr/lib/postgresql/*/bin, PG_BINDIR or PATH)"
		required+=(postgresql)
	}
	if ! have redis-server || ! have redis-cli; then
		say "redis-server or redis-cli not found"
		required+=(redis-server)
	fi
	# The password-reset tests deliver mail to a real SMTP server process:
	# aiosmtpd, started by internal/mail/mailtest with Debian's python3.
	if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
		say "python3-aiosmtpd not found (the SMTP server the mail tests run)"
		required+=(python3-aiosmtpd)
	fi
	if [ -n "${SERVICES_WRK:-}" ] && ! have wrk; then
		say "wrk not found (SERVICES_WRK is set: the benchmark report needs it)"
		required+=(wrk)
	fi
	if [ -n "${SERVICES_BROWSER:-}" ] && ! have_chromium; then
		say "chromium not found (SERVICES_BROWSER is set: browser tests need it)"
		optional+=(chromium fonts-liberation)
	fi
	# Separately, so that a chromium that cannot be had does not stop the rest.
	if [ ${#required[@]} -gt 0 ]; then
		apt_install "${required[@]}" ||
			die "could not install ${required[*]}; install by hand: apt-get update && apt-get install -y ${required[*]}"
	fi
	if [ ${#optional[@]} -gt 0 ]; then
		apt_install "${optional[@]}" ||
			say "WARNING: could not install ${optional[*]}; browser tests will fail without it"
	fi
	PG_BIN=$(find_pg_bindir) || die "PostgreSQL server binaries still not found after installing postgresql"

	command -v go >/dev/null 2>&1 || die "go not found in PATH"
	local gobin
	gobin=$(go env GOBIN)
	if [ -z "$gobin" ]; then
		gobin="$(go env GOPATH | cut -d: -f1)/bin"
	fi
	STRIPE_MOCK="$gobin/stripe-mock"
	if [ ! -x "$STRIPE_MOCK" ]; then
		say "stripe-mock not found in $gobin: go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
		local t0
		t0=$(now)
		(cd / && GOBIN="$gobin" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION") ||
			die "could not install stripe-mock"
		say "installed stripe-mock in $(since "$t0")"
	fi
	install_weed
}

# install_weed sets WEED to a SeaweedFS binary: $WEED_BIN, else the cached
# build of $SEAWEEDFS_VERSION, which it builds when missing.
install_weed() {
	if [ -n "${WEED_BIN:-}" ]; then
		[ -x "$WEED_BIN" ] || die "WEED_BIN=$WEED_BIN is not an executable file"
		WEED=$WEED_BIN
		return 0
	fi
	WEED="$WEED_CACHE/weed-$SEAWEEDFS_VERSION"
	[ -x "$WEED" ] && return 0
	say "SeaweedFS (the S3 server of the blob tests) not found at $WEED:"
	say "  building $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION once (go build ./weed, about 5 minutes on two cores)"
	local t0 dir log="$TMP/weed-build.log"
	t0=$(now)
	dir=$(cd / && go mod download -json "$SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION" 2>"$log" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || true
	if [ -z "$dir" ] || [ ! -d "$dir/weed" ]; then
		cat "$log" >&2
		die "could not download $SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION through the Go module proxy"
	fi
	# The module cache is read-only, and the build must be allowed to
	# complete the copy's go.sum.
	cp -R "$dir" "$TMP/weed-src"
	chmod -R u+w "$TMP/weed-src"
	mkdir -p "$WEED_CACHE"
	# Built under a name of its own, then renamed: a run that starts
	# meanwhile never finds half a binary.
	WEED_PARTIAL="$WEED.$$.tmp"
	if ! (cd "$TMP/weed-src" && GOWORK=off GOFLAGS=-mod=mod go build -trimpath -ldflags=-s -o "$WEED_PARTIAL" ./weed) >"$log" 2>&1; then
		say "go build ./weed failed; last lines of its output:"
		tail -n 30 "$log" >&2
		die "could not build SeaweedFS"
	fi
	mv -f "$WEED_PARTIAL" "$WEED"
	WEED_PARTIAL=""
	rm -rf "$TMP/weed-src"
	say "built SeaweedFS in $(since "$t0"): $WEED ($(du -m "$WEED" | cut -f1) MB)"
}

# ---------------------------------------------------------------------------
# Free loopback ports.

PORTS_TAKEN=" "

port_in_use() {
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# free_port VAR sets VAR to a port below the kernel's ephemeral range that
# no socket uses and that this script has not handed out yet.
free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 12000))
		case "$PORTS_TAKEN" in *" $p "*) continue ;; esac
		if ! port_in_use "$p"; then
			PORTS_TAKEN+="$p "
			printf -v "$1" '%s' "$p"
			return 0
		fi
	done
	die "no free loopback port found"
}

# ---------------------------------------------------------------------------
# Servers. Each start_X launches X in the background on a fresh port; wait_X
# polls it until it answers, returning 1 if it died and 2 on timeout.

PG_USER=""
AS_PG=() # command prefix that runs the rest as $PG_USER (setpriv execs, so $! is the server's pid)

init_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		# postgres refuses to run as root: run it as the Debian package's user.
		id postgres >/dev/null 2>&1 ||
			die "running as root but there is no 'postgres' user to run the server as (it comes with Debian's postgresql package)"
		PG_USER=postgres
		command -v setpriv >/dev/null 2>&1 || die "setpriv (util-linux) not found: needed to run postgres as the postgres user"
		AS_PG=(setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups --)
	fi
	mkdir -p "$TMP/pg/socket"
	[ -z "$PG_USER" ] || chown -R "$PG_USER:" "$TMP/pg"
	local t0
	t0=$(now)
	if ! (cd "$TMP/pg" && "${AS_PG[@]}" "$PG_BIN/initdb" -D "$TMP/pg/data" -U postgres -A trust -E UTF8 --no-locale --no-sync) >"$TMP/initdb.log" 2>&1; then
		say "initdb failed:"
		cat "$TMP/initdb.log" >&2
		die "could not create the PostgreSQL cluster"
	fi
	say "initdb done in $(since "$t0")"
}

start_postgres() {
	free_port PG_PORT
	T_postgres=$(now)
	(cd "$TMP/pg" && exec "${AS_PG[@]}" "$PG_BIN/postgres" -D "$TMP/pg/data" -p "$PG_PORT" -k "$TMP/pg/socket" \
		-c listen_addresses=127.0.0.1 \
		-c fsync=off -c full_page_writes=off -c synchronous_commit=off \
		-c max_connections=300 -c logging_collector=off) >"$TMP/postgres.log" 2>&1 &
	PG_PID=$!
}

wait_postgres() {
	local deadline=$((SECONDS + START_TIMEOUT))
	while ((SECONDS < deadline)); do
		alive "$PG_PID" || return 1
		"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 1 && return 0
		sleep 0.1
	done
	return 2
}

start_redis() {
	free_port REDIS_PORT
	T_redis=$(now)
	mkdir -p "$TMP/redis"
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
		--dir "$TMP/redis" --logfile "" >"$TMP/redis.log" 2>&1 &
	REDIS_PID=$!
}

wait_redis() {
	local deadline=$((SECONDS + START_TIMEOUT))
	while ((SECONDS < deadline)); do
		alive "$REDIS_PID" || return 1
		[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return 0
		sleep 0.1
	done
	return 2
}

start_stripe() {
	free_port STRIPE_PORT
	T_stripe=$(now)
	# Its HTTPS listener would take the fixed port 12112 and clash with a
	# second run on the machine: let the system pick one (the tests use HTTP).
	"$STRIPE_MOCK" -http-addr "127.0.0.1:$STRIPE_PORT" -https-addr "127.0.0.1:" >"$TMP/stripe-mock.log" 2>&1 &
	STRIPE_PID=$!
}

stripe_answers() {
	if command -v curl >/dev/null 2>&1; then
		curl -fsS -o /dev/null -m 2 -H "Authorization: Bearer sk_test_123" "http://127.0.0.1:$STRIPE_PORT/v1/customers" 2>/dev/null
	else
		# No curl: a raw HTTP request over bash's /dev/tcp.
		local line
		exec 3<>"/dev/tcp/127.0.0.1/$STRIPE_PORT" 2>/dev/null || return 1
		printf 'GET /v1/customers HTTP/1.0\r\nAuthorization: Bearer sk_test_123\r\n\r\n' >&3
		IFS= read -r -t 2 line <&3 || line=""
		exec 3>&-
		[[ "$line" == "HTTP/1."?" 200"* ]]
	fi
}

wait_stripe() {
	local deadline=$((SECONDS + START_TIMEOUT))
	while ((SECONDS < deadline)); do
		alive "$STRIPE_PID" || return 1
		stripe_answers && return 0
		sleep 0.1
	done
	return 2
}

# SeaweedFS: master, volume server, filer and S3 gateway in one process.
# Every port is given, gRPC ones too (by default each service also takes
# its port + 10000) and its extra listeners are off, so that two runs on
# one machine never meet; its filer and S3 sockets live in the folder, the
# gRPC ones in /tmp under names of their ports, removed by cleanup. Each bucket is
# a collection that takes 7 volumes at its first write, and every test
# makes a bucket of its own: -volume.max leaves room for 14 at a time.
WEED_BUCKET=ocop-test
WEED_KEY="" WEED_SECRET=""

start_weed() {
	local p
	for p in WEED_MASTER WEED_MASTER_GRPC WEED_VOLUME WEED_VOLUME_GRPC WEED_FILER WEED_FILER_GRPC WEED_S3_GRPC WEED_PORT; do
		free_port "$p"
	done
	WEED_SOCKETS+=("/tmp/seaweedfs-master-grpc-$WEED_MASTER_GRPC.sock" "/tmp/seaweedfs-volume-grpc-$WEED_VOLUME_GRPC.sock"
		"/tmp/seaweedfs-filer-grpc-$WEED_FILER_GRPC.sock" "/tmp/seaweedfs-s3-grpc-$WEED_S3_GRPC.sock")
	T_weed=$(now)
	rm -rf "$TMP/weed"
	mkdir -p "$TMP/weed/data"
	if [ -z "$WEED_KEY" ]; then
		WEED_KEY="ocop$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
		WEED_SECRET=$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
	fi
	# An identity with a key and secret, as production runs it: requests
	# that are not signed with them are refused.
	printf '{"identities": [{"name": "ocop-test", "credentials": [{"accessKey": "%s", "secretKey": "%s"}], "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}\n' \
		"$WEED_KEY" "$WEED_SECRET" >"$TMP/weed/s3.json"
	"$WEED" server -dir="$TMP/weed/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
		-master.port="$WEED_MASTER" -master.port.grpc="$WEED_MASTER_GRPC" -master.telemetry=false -master.volumeSizeLimitMB=64 \
		-volume.port="$WEED_VOLUME" -volume.port.grpc="$WEED_VOLUME_GRPC" -volume.preStopSeconds=0 -volume.max=100 \
		-filer.port="$WEED_FILER" -filer.port.grpc="$WEED_FILER_GRPC" -filer.localSocket="$TMP/weed/filer.sock" \
		-s3 -s3.port="$WEED_PORT" -s3.port.grpc="$WEED_S3_GRPC" -s3.port.iceberg=0 -s3.port.lance=0 \
		-s3.localSocket="$TMP/weed/s3.sock" -s3.config="$TMP/weed/s3.json" >"$TMP/weed.log" 2>&1 &
	WEED_PID=$!
	# Out of the job table, so that bash does not print a notice when
	# cleanup kills it; it is still this shell's child, reaped as usual.
	disown "$WEED_PID"
}

# weed_s3 CURL_ARG... sends a request signed with the test identity and
# prints its status code.
weed_s3() {
	curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" --user "$WEED_KEY:$WEED_SECRET" "$@" 2>/dev/null || true
}

# weed_answers: the gateway stores an object. It answers a signed
# ListBuckets about 3 s after its start, but holds the first write until the
# filer has joined the cluster, some 6 s later: that wait belongs here, not
# in the first test that writes. Without curl, any HTTP answer on the port.
weed_answers() {
	if command -v curl >/dev/null 2>&1; then
		local base="http://127.0.0.1:$WEED_PORT"
		[ "$(weed_s3 -m 2 "$base/")" = 200 ] || return 1
		case "$(weed_s3 -m 2 -X PUT "$base/$WEED_BUCKET")" in 200 | 409) ;; *) return 1 ;; esac
		[ "$(weed_s3 -m 15 -T "$TMP/weed/s3.json" "$base/$WEED_BUCKET/ready")" = 200 ]
	else
		local line
		exec 3<>"/dev/tcp/127.0.0.1/$WEED_PORT" 2>/dev/null || return 1
		printf 'HEAD / HTTP/1.0\r\n\r\n' >&3
		IFS= read -r -t 2 line <&3 || line=""
		exec 3>&-
		[[ "$line" == "HTTP/1."* ]]
	fi
}

wait_weed() {
	local deadline=$((SECONDS + START_TIMEOUT))
	while ((SECONDS < deadline)); do
		alive "$WEED_PID" || return 1
		weed_answers && return 0
		sleep 0.1
	done
	return 2
}

# up NAME LOG: waits for server NAME (start_NAME/wait_NAME), restarting it on
# another port when the one picked was taken meanwhile; on failure prints its
# log and exits.
up() {
	local name=$1 log=$2 try rc t0
	for try in 1 2 3; do
		rc=0
		"wait_$name" || rc=$?
		if [ "$rc" -eq 0 ]; then
			t0="T_$name"
			say "$name answers (checked $(since "${!t0}") after its start)"
			return 0
		fi
		if [ "$rc" -eq 1 ] && [ "$try" -lt 3 ] && grep -qi 'address already in use' "$log"; then
			say "$name: port taken meanwhile, retrying on another port"
			wait "$(pid_of "$name")" 2>/dev/null || true
			"start_$name"
			continue
		fi
		break
	done
	if [ "$rc" -eq 1 ]; then
		say "$name exited during start-up; its log ($log):"
	else
		say "$name did not answer within ${START_TIMEOUT}s; its log ($log):"
	fi
	sed 's/^/    /' "$log" >&2 || true
	die "$name failed to start"
}

pid_of() {
	case $1 in
	postgres) echo "$PG_PID" ;;
	redis) echo "$REDIS_PID" ;;
	stripe) echo "$STRIPE_PID" ;;
	weed) echo "$WEED_PID" ;;
	esac
}

# ---------------------------------------------------------------------------

T_ALL=$(now)
# As root, the folder goes under /tmp whatever TMPDIR says: the postgres user
# must be able to reach its part of it.
if [ "$(id -u)" -eq 0 ]; then
	TMP=$(mktemp -d /tmp/ocop-services.XXXXXX)
else
	TMP=$(mktemp -d -t ocop-services.XXXXXX)
fi
chmod 711 "$TMP"
install_missing

# Redis, stripe-mock and SeaweedFS come up while initdb runs.
start_redis
start_stripe
start_weed
init_postgres
start_postgres
up redis "$TMP/redis.log"
up stripe "$TMP/stripe-mock.log"
up postgres "$TMP/postgres.log"
up weed "$TMP/weed.log"

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export TEST_STRIPE_MOCK_URL="http://127.0.0.1:$STRIPE_PORT"
export TEST_S3_URL="s3://$WEED_KEY:$WEED_SECRET@127.0.0.1:$WEED_PORT/$WEED_BUCKET?tls=false"
export TEST_PG_BINDIR="$PG_BIN"
say "services up in $(since "$T_ALL") (folder $TMP):"
say "  TEST_POSTGRES_URL=$TEST_POSTGRES_URL"
say "  TEST_REDIS_URL=$TEST_REDIS_URL"
say "  TEST_STRIPE_MOCK_URL=$TEST_STRIPE_MOCK_URL"
say "  TEST_S3_URL=s3://$WEED_KEY:***@127.0.0.1:$WEED_PORT/$WEED_BUCKET?tls=false"
say "running: $*"

# CMD runs in the background so that a TERM or INT sent to this script is
# handled at once (forwarded to CMD by cleanup) instead of after CMD ends.
status=0
"$@" <&0 &
CMD_PID=$!
wait "$CMD_PID" || status=$?
CMD_PID=""
say "command exited with status $status; stopping services"
exit "$status"
