# syntax=docker/dockerfile:1
# Rendered by kdimg 0.1.0: profile sys, distro debian. Do not edit by hand.
# Build args: BASE_IMAGE, KDIMG_MIRROR, KDIMG_BUILD_TIME, KDIMG_REVISION.
ARG BASE_IMAGE=debian:bookworm-slim

# ---- stage final: the debug image (13 packages)
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
        file \
        gdb \
        htop \
        less \
        lsof \
        ltrace \
        procps \
        python3 \
        strace \
        tar \
        tzdata \
        vim \
    ; \
    for f in /etc/apt/sources.list.kdimg-orig /etc/apt/sources.list.d/*.kdimg-orig; do \
      [ -f "$f" ] || continue; \
      mv "$f" "${f%.kdimg-orig}"; \
    done; \
    if [ -f "/usr/share/zoneinfo/${TZ}" ]; then ln -sf "/usr/share/zoneinfo/${TZ}" /etc/localtime; echo "${TZ}" > /etc/timezone; fi; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old

# In-image helpers and the build plan, then the dbg toolkit last: a toolkit edit rebuilds from here.
COPY kdimg/ /usr/local/lib/kdimg/
COPY toolkit/dbg/ /usr/local/lib/kdimg/dbg/
ARG KDIMG_BUILD_TIME=unknown
ARG KDIMG_REVISION=unknown
RUN set -eu; \
    ln -sf /usr/local/lib/kdimg/dbg-launcher /usr/local/bin/dbg; \
    python3 -m compileall -q /usr/local/lib/kdimg/dbg; \
    python3 /usr/local/lib/kdimg/write_manifest.py /usr/local/lib/kdimg/plan.json /etc/kdimg/manifest.json "${KDIMG_BUILD_TIME}"
LABEL org.opencontainers.image.title="kdimg debug image (sys, debian)" \
      org.opencontainers.image.description="Kubernetes debug image built by kdimg: 12 tools and the dbg toolkit" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.created="${KDIMG_BUILD_TIME}" \
      org.opencontainers.image.revision="${KDIMG_REVISION}" \
      org.opencontainers.image.source="https://github.com/kdimg/kdimg" \
      io.kdimg.profile="sys" \
      io.kdimg.distro="debian" \
      io.kdimg.nonroot="false"
# Root by default: ptrace, packet capture and /proc/PID/root of other UIDs need it (see --nonroot).
# hadolint ignore=DL3002
USER 0
CMD ["/bin/bash"]
