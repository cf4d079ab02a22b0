# syntax=docker/dockerfile:1
# Rendered by kdimg 0.1.0: profile minimal, distro debian, nonroot. Do not edit by hand.
# Build args: BASE_IMAGE, KDIMG_MIRROR, KDIMG_BUILD_TIME, KDIMG_REVISION.
ARG BASE_IMAGE=debian:bookworm-slim

# ---- stage final: the debug image (4 packages)
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
        procps \
        python3 \
        tzdata \
    ; \
    for f in /etc/apt/sources.list.kdimg-orig /etc/apt/sources.list.d/*.kdimg-orig; do \
      [ -f "$f" ] || continue; \
      mv "$f" "${f%.kdimg-orig}"; \
    done; \
    if [ -f "/usr/share/zoneinfo/${TZ}" ]; then ln -sf "/usr/share/zoneinfo/${TZ}" /etc/localtime; echo "${TZ}" > /etc/timezone; fi; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old
# Non-root variant: numeric USER 65532 (runAsNonRoot accepts it); primary group 0 and a
# group-writable home, so arbitrary UIDs that run with group 0 (OpenShift) can use it too.
RUN set -eux; \
    useradd --uid 65532 --gid 0 --home-dir /home/debug --create-home --shell /bin/bash debug; \
    chmod 2775 /home/debug

# In-image helpers and the build plan, then the dbg toolkit last: a toolkit edit rebuilds from here.
COPY kdimg/ /usr/local/lib/kdimg/
COPY toolkit/dbg/ /usr/local/lib/kdimg/dbg/
ARG KDIMG_BUILD_TIME=unknown
ARG KDIMG_REVISION=unknown
RUN set -eu; \
    ln -sf /usr/local/lib/kdimg/dbg-launcher /usr/local/bin/dbg; \
    python3 -m compileall -q /usr/local/lib/kdimg/dbg; \
    python3 /usr/local/lib/kdimg/write_manifest.py /usr/local/lib/kdimg/plan.json /etc/kdimg/manifest.json "${KDIMG_BUILD_TIME}"
LABEL org.opencontainers.image.title="kdimg debug image (minimal, debian, nonroot)" \
      org.opencontainers.image.description="Kubernetes debug image built by kdimg: 3 tools and the dbg toolkit" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.created="${KDIMG_BUILD_TIME}" \
      org.opencontainers.image.revision="${KDIMG_REVISION}" \
      org.opencontainers.image.source="https://github.com/kdimg/kdimg" \
      io.kdimg.profile="minimal" \
      io.kdimg.distro="debian" \
      io.kdimg.nonroot="true"
ENV HOME=/home/debug
WORKDIR /home/debug
USER 65532
CMD ["/bin/bash"]
