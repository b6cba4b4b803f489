# OCOP Market: the two commands a developer needs, and their helpers.
#   make run    build, migrate, seed the demo data and serve on http://localhost:8080
#   make test   go vet + all tests against a throwaway PostgreSQL, Redis, stripe-mock and S3 (SeaweedFS)
# Needs only Go, make and (for `make test`) Debian's apt: .ci/services.sh installs the rest.

GO        ?= go
BIN       := bin/ocopmarket
PKGS      ?= ./...
# -p 2: two test binaries at a time on the 2-core machines; the whole run must
# stay well inside CI's time, so a hung test fails after 20 minutes.
TESTFLAGS ?= -count=1 -p 2 -timeout 20m
BENCHFLAGS ?= -benchmem -timeout 60m
BENCH     ?= .
SERVICES  := bash .ci/services.sh

.DEFAULT_GOAL := build
.PHONY: build run vet fmt tidy test bench clean

## build: compile the binary into bin/
build:
	$(GO) build -o $(BIN) ./cmd/ocopmarket

## run: serve the marketplace on the embedded defaults (SQLite and Bleve in ./data)
run: build
	AUTO_MIGRATE=1 SEED_DEMO=1 ./$(BIN) serve

## vet: static checks
vet:
	$(GO) vet $(PKGS)

## fmt: format the Go sources in place
fmt:
	$(GO) fmt $(PKGS)

## tidy: fail when `go mod tidy` would change go.mod or go.sum (it prints the diff)
tidy:
	$(GO) mod tidy -diff

## test: tidy, go vet and every test, with throwaway PostgreSQL, Redis, stripe-mock and S3 (SeaweedFS); chromium for e2e/
test: tidy
	SERVICES_BROWSER=1 $(SERVICES) sh -c '$(GO) vet $(PKGS) && $(GO) test $(TESTFLAGS) $(PKGS)'

## bench: the benchmarks of bench/ against the same throwaway services
bench:
	$(SERVICES) $(GO) test -run '^$$' -bench '$(BENCH)' $(BENCHFLAGS) ./bench/...

## clean: remove build and test outputs (never ./data, which holds `make run`'s database)
clean:
	rm -rf bin/ coverage.out coverage.html *.coverprofile
	$(GO) clean -testcache
