# OCOP Market: the two commands a developer needs, and their helpers.
#   make run    build, migrate, seed the demo data and serve on http://localhost:8080
#   make test   go vet + all tests against a throwaway PostgreSQL, Redis, stripe-mock and S3 (SeaweedFS), then the fuzz targets briefly
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
.PHONY: build run vet fmt tidy test fuzz faults bench bench-report clean

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

## test: tidy, go vet and every test, with throwaway PostgreSQL, Redis, stripe-mock and S3 (SeaweedFS), chromium for e2e/; then `make fuzz`
test: tidy
	SERVICES_BROWSER=1 $(SERVICES) sh -c '$(GO) vet $(PKGS) && $(GO) test $(TESTFLAGS) $(PKGS)'
	bash .ci/fuzz.sh

## fuzz: run every fuzz target briefly (FUZZTIME=2s each); none needs a service
fuzz:
	bash .ci/fuzz.sh

## faults: only the fault tests (e2e/faults: PostgreSQL, Redis and the search backend down, SIGTERM, a full disk); `make test` runs them too
faults:
	$(SERVICES) $(GO) test $(TESTFLAGS) -v ./e2e/faults/...

## bench: the benchmarks of bench/ against the same throwaway services
bench:
	$(SERVICES) $(GO) test -run '^$$' -bench '$(BENCH)' $(BENCHFLAGS) ./bench/...

## bench-report: regenerate bench/README.md, every page under wrk on both configurations
## (about 20 minutes; REPORTFLAGS=-quick for a smoke run of a few minutes)
REPORTFLAGS ?=
bench-report:
	SERVICES_WRK=1 $(SERVICES) $(GO) run ./bench/report -out bench/README.md $(REPORTFLAGS)

## clean: remove build and test outputs (never ./data, which holds `make run`'s database)
clean:
	rm -rf bin/ coverage.out coverage.html *.coverprofile
	$(GO) clean -testcache
