# syntax=docker/dockerfile:1
# OCOP Market: one static binary on a small Debian base, run as a non-root user.
#   docker build -t ocopmarket .
#   docker run -p 8080:8080 -v ocop-data:/data ocopmarket            (embedded SQLite + Bleve in /data)
#   docker compose up -d            (two replicas behind HAProxy on PostgreSQL, Redis, Meilisearch, SeaweedFS)

FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/ocopmarket ./cmd/ocopmarket

# debian-slim rather than distroless: the health check needs curl, and Stripe
# and other HTTPS calls need ca-certificates; tzdata lets the app load Asia/Ho_Chi_Minh.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 ocop \
    && useradd --system --uid 10001 --gid ocop --home-dir /data --no-create-home --shell /usr/sbin/nologin ocop \
    && mkdir -p /data && chown ocop:ocop /data
COPY --from=build /out/ocopmarket /ocopmarket
ENV ADDR=:8080 \
    DATA_DIR=/data \
    LOG_FORMAT=json
USER ocop:ocop
WORKDIR /data
VOLUME ["/data"]
# 8080 is ADDR; 9090 is where docker-compose.yml puts METRICS_ADDR (off by default).
EXPOSE 8080 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["/ocopmarket"]
CMD ["serve"]
