# syntax=docker/dockerfile:1
# Rendered by kdimg 0.1.0: profile sys, distro alpine. Do not edit by hand.
# Build args: BASE_IMAGE, KDIMG_MIRROR, KDIMG_BUILD_TIME, KDIMG_REVISION.
ARG BASE_IMAGE=alpine:3.20

# ---- stage final: the debug image (13 packages)
FROM ${BASE_IMAGE} AS final
ARG KDIMG_MIRROR=
ENV TZ=UTC
# Package versions come from the Alpine release the base image pins.
# hadolint ignore=DL3018,SC2043
RUN set -eux; \
    if [ -n "${KDIMG_MIRROR}" ]; then \
      for f in /etc/apk/repositories; do \
        [ -f "$f" ] || continue; \
        cp -p "$f" "$f.kdimg-orig"; \
        sed -i -E "s#https?://dl-cdn\.alpinelinux\.org/alpine(/|[[:space:]]|\$)#${KDIMG_MIRROR}\1#" "$f"; \
      done; \
    fi; \
    apk add --no-cache \
        bash \
        file \
        gdb \
        htop \
        less \
        lsof \
        ltrace \
        procps-ng \
        python3 \
        strace \
        tar \
        tzdata \
        vim \
    ; \
    for f in /etc/apk/repositories.kdimg-orig; do \
      [ -f "$f" ] || continue; \
      mv "$f" "${f%.kdimg-orig}"; \
    done; \
    if [ -f "/usr/share/zoneinfo/${TZ}" ]; then ln -sf "/usr/share/zoneinfo/${TZ}" /etc/localtime; echo "${TZ}" > /etc/timezone; fi

# In-image helpers and the build plan, then the dbg toolkit last: a toolkit edit rebuilds from here.
COPY kdimg/ /usr/local/lib/kdimg/
COPY toolkit/dbg/ /usr/local/lib/kdimg/dbg/
ARG KDIMG_BUILD_TIME=unknown
ARG KDIMG_REVISION=unknown
RUN set -eu; \
    ln -sf /usr/local/lib/kdimg/dbg-launcher /usr/local/bin/dbg; \
    python3 -m compileall -q /usr/local/lib/kdimg/dbg; \
    python3 /usr/local/lib/kdimg/write_manifest.py /usr/local/lib/kdimg/plan.json /etc/kdimg/manifest.json "${KDIMG_BUILD_TIME}"
LABEL org.opencontainers.image.title="kdimg debug image (sys, alpine)" \
      org.opencontainers.image.description="Kubernetes debug image built by kdimg: 12 tools and the dbg toolkit" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.created="${KDIMG_BUILD_TIME}" \
      org.opencontainers.image.revision="${KDIMG_REVISION}" \
      org.opencontainers.image.source="https://github.com/kdimg/kdimg" \
      io.kdimg.profile="sys" \
      io.kdimg.distro="alpine" \
      io.kdimg.nonroot="false"
# Root by default: ptrace, packet capture and /proc/PID/root of other UIDs need it (see --nonroot).
# hadolint ignore=DL3002
USER 0
CMD ["/bin/bash"]
