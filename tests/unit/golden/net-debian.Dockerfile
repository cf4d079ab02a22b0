# syntax=docker/dockerfile:1
# Rendered by kdimg 0.1.0: profile net, distro debian. Do not edit by hand.
# Build args: BASE_IMAGE, GO_BUILDER_IMAGE, GOPROXY, KDIMG_MIRROR, KDIMG_BUILD_TIME, KDIMG_REVISION.
ARG BASE_IMAGE=debian:bookworm-slim
ARG GO_BUILDER_IMAGE=debian:bookworm-slim

# ---- stage go-tools: grpcurl, httpstat, compiled from pinned sources (static, CGO off)
FROM ${GO_BUILDER_IMAGE} AS go-tools
ARG KDIMG_GO_MIRROR=
# hadolint ignore=DL3008
RUN set -eux; \
    if [ -n "${KDIMG_GO_MIRROR}" ]; then \
      for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do \
        [ -f "$f" ] || continue; \
        cp -p "$f" "$f.kdimg-orig"; \
        sed -i -E "s#https?://deb\.debian\.org/debian(/|[[:space:]]|\$)#${KDIMG_GO_MIRROR}\1#" "$f"; \
      done; \
    fi; \
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "${KDIMG_GO_MIRROR:-http://deb.debian.org/debian}" > /etc/apt/sources.list.d/kdimg-backports.sources; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -t bookworm-backports golang-1.23-go; \
    rm -rf /var/lib/apt/lists/*
# Trust the build CA (--ca-cert) in this stage only; the final stage never sees it.
COPY build-ca/ /usr/local/share/kdimg-build-ca/
RUN set -eu; \
    cat /etc/ssl/certs/ca-certificates.crt /usr/local/share/kdimg-build-ca/*.crt > /usr/local/share/kdimg-build-ca/bundle.pem 2>/dev/null \
      || cp /etc/ssl/certs/ca-certificates.crt /usr/local/share/kdimg-build-ca/bundle.pem
ENV SSL_CERT_FILE=/usr/local/share/kdimg-build-ca/bundle.pem
ARG GOPROXY=https://proxy.golang.org,direct
ENV PATH=/usr/lib/go-1.23/bin:$PATH \
    CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-trimpath GOPATH=/go GOCACHE=/go/cache
RUN set -eux; \
    mkdir -p /src/grpcurl; \
    go -C /src/grpcurl mod init kdimg.local/grpcurl; \
    go -C /src/grpcurl get github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3; \
    go -C /src/grpcurl build -ldflags='-s -w -X main.version=v1.9.3' -o /out/grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl
RUN set -eux; \
    mkdir -p /src/httpstat; \
    go -C /src/httpstat mod init kdimg.local/httpstat; \
    go -C /src/httpstat get github.com/davecheney/httpstat@v1.1.0; \
    go -C /src/httpstat build -ldflags='-s -w -X main.version=v1.1.0' -o /out/httpstat github.com/davecheney/httpstat

# ---- stage final: the debug image (19 packages)
FROM ${BASE_IMAGE} AS final
ARG KDIMG_MIRROR=
ENV TZ=UTC
# Package versions come from the distro release the base image pins.
# hadolint ignore=DL3008
RUN set -eux; \
    if [ -n "${KDIMG_MIRROR}" ]; then \
      for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do \
        [ -f "$f" ] || continue; \
        cp -p "$f" "$f.kdimg-orig"; \
        sed -i -E "s#https?://deb\.debian\.org/debian(/|[[:space:]]|\$)#${KDIMG_MIRROR}\1#" "$f"; \
      done; \
    fi; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        bash \
        bind9-dnsutils \
        ca-certificates \
        curl \
        iftop \
        iperf3 \
        iproute2 \
        iputils-ping \
        jq \
        mtr-tiny \
        netcat-openbsd \
        nmap \
        openssl \
        procps \
        python3 \
        socat \
        tcpdump \
        tzdata \
        wget \
    ; \
    for f in /etc/apt/sources.list.kdimg-orig /etc/apt/sources.list.d/*.kdimg-orig; do \
      [ -f "$f" ] || continue; \
      mv "$f" "${f%.kdimg-orig}"; \
    done; \
    if [ -f "/usr/share/zoneinfo/${TZ}" ]; then ln -sf "/usr/share/zoneinfo/${TZ}" /etc/localtime; echo "${TZ}" > /etc/timezone; fi; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old

COPY --from=go-tools /out/ /usr/local/bin/
# In-image helpers and the build plan, then the dbg toolkit last: a toolkit edit rebuilds from here.
COPY kdimg/ /usr/local/lib/kdimg/
COPY toolkit/dbg/ /usr/local/lib/kdimg/dbg/
ARG KDIMG_BUILD_TIME=unknown
ARG KDIMG_REVISION=unknown
RUN set -eu; \
    ln -sf /usr/local/lib/kdimg/dbg-launcher /usr/local/bin/dbg; \
    python3 -m compileall -q /usr/local/lib/kdimg/dbg; \
    python3 /usr/local/lib/kdimg/write_manifest.py /usr/local/lib/kdimg/plan.json /etc/kdimg/manifest.json "${KDIMG_BUILD_TIME}"
LABEL org.opencontainers.image.title="kdimg debug image (net, debian)" \
      org.opencontainers.image.description="Kubernetes debug image built by kdimg: 19 tools and the dbg toolkit" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.created="${KDIMG_BUILD_TIME}" \
      org.opencontainers.image.revision="${KDIMG_REVISION}" \
      org.opencontainers.image.source="https://github.com/kdimg/kdimg" \
      io.kdimg.profile="net" \
      io.kdimg.distro="debian" \
      io.kdimg.nonroot="false"
# Root by default: ptrace, packet capture and /proc/PID/root of other UIDs need it (see --nonroot).
# hadolint ignore=DL3002
USER 0
CMD ["/bin/bash"]
