# kdimg: `make image` builds and verifies the default image; `make test` runs every test.
PYTHON      ?= python3
VENV        ?= .venv
PROFILE     ?= full
DISTRO      ?= debian
KDIMG        = $(VENV)/bin/kdimg
# The host's CA bundle is trusted by the builder stages only (Go module downloads through
# TLS-intercepting proxies); it never reaches the final image. Empty to disable.
CA_CERT     ?= $(wildcard /etc/ssl/certs/ca-certificates.crt)
CA_FLAG      = $(if $(CA_CERT),--ca-cert $(CA_CERT))
PYTEST_ARGS ?=

.PHONY: all venv docker host-tools image test unit bench lint clean

all: test

$(VENV)/.installed: pyproject.toml toolkit/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]' -e ./toolkit
	touch $@

venv: $(VENV)/.installed

docker:
	bash scripts/docker-up.sh

host-tools:
	bash scripts/host-tools.sh

image: venv docker host-tools
	$(KDIMG) build --profile $(PROFILE) --distro $(DISTRO) $(CA_FLAG)

# Unit tests in parallel, then the Docker-engine tests in one process (they share images and tags).
test: venv docker host-tools
	$(VENV)/bin/python -m pytest -n 2 -m "not docker" $(PYTEST_ARGS)
	KDIMG_TEST_CA_CERT=$(CA_CERT) $(VENV)/bin/python -m pytest -m docker $(PYTEST_ARGS)

unit: venv
	$(VENV)/bin/python -m pytest -n 2 tests/unit tests/toolkit tests/k8s $(PYTEST_ARGS)

lint: venv
	$(KDIMG) lint

bench: venv docker host-tools
	KDIMG_TEST_CA_CERT=$(CA_CERT) $(VENV)/bin/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache
