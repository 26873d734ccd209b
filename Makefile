# meeting-prep: `make run` to chat with the assistant, `make test` to run every test,
# `make bench` to measure speed, memory, understanding and reading level (bench/__main__.py).
# Both do all set-up first; each step runs only when its inputs changed.
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Python 3.10: on PATH, else under pyenv.
PYTHON310 := $(shell for p in python3.10 $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10 \
	$$HOME/.pyenv/versions/3.10.*/bin/python3.10 /usr/bin/python3.10; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { command -v "$$p"; break; }; done)

RASA := .venv-rasa/bin/rasa
# Two pytest workers: while one waits on a Rasa server (the conversation scripts), the other runs tests.
PYTEST_WORKERS := -n 2
MODEL := models/meeting-prep.tar.gz
ENCODER := models/encoder/model.safetensors
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') $(wildcard bot/rasa_components/*.py)
TRAINING_INPUTS += $(wildcard bot/rasa_components/safeguarding_examples/*.yml)  # the disclosure model learns from these too

.PHONY: run serve test bench conversations setup check-python
run: setup
	.venv/bin/meeting-prep run

serve: setup
	.venv/bin/meeting-prep serve

test: setup tests/browser/node_modules/.installed
	@command -v chromium > /dev/null || { [ "$$(id -u)" = 0 ] && echo "==> Installing Chromium for the browser test" && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; } || \
	  echo "==> No Chromium and not root: the browser test will be skipped"
	@echo "==> rasa data validate"
	$(RASA) data validate --fail-on-warnings --quiet
	@echo "==> pytest, two at a time (database tests on SQLite, and on PostgreSQL: a throwaway server from .ci/postgres.sh)"
	@if [ -n "$$TEST_POSTGRES_URL" ]; then .venv/bin/python -m pytest $(PYTEST_WORKERS); else \
	  pg=$$(mktemp -d); trap '.ci/postgres.sh stop "$$pg"' EXIT; \
	  url=$$(.ci/postgres.sh start "$$pg") && TEST_POSTGRES_URL="$$url" .venv/bin/python -m pytest $(PYTEST_WORKERS); fi
	@echo "==> rasa test core (test stories)"
	$(RASA) test core --stories tests/test_stories.yml --model $(MODEL) --out results/core --fail-on-prediction-errors --quiet

# The persona conversation scripts (tests/conversations) against the trained model, with every transcript
# of a failing one. Not yet part of `make test`: too few pass (issue 12).
conversations: setup
	.venv/bin/python -m pytest tests/e2e/test_conversations.py

# Latency/throughput vs bare Rasa, memory, training time, understanding, plain language (about 10 minutes
# on 2 cores). The bench trains the model itself, timing it, so it needs no model to start with.
bench: .venv/.installed .venv-rasa/.installed .venv/.bench-installed $(ENCODER)
	.venv/bin/python -m bench

.venv/.bench-installed: .venv/.installed pyproject.toml requirements/app.lock
	.venv/bin/pip install --quiet -c requirements/app.lock -e '.[bench]'
	touch $@

# The two environments install side by side (-j2: most of the time is unpacking wheels, one core each);
# their lines may interleave, which is why each says which one it is.
setup:
	@$(MAKE) --no-print-directory -s -j2 --output-sync=line .venv/.installed .venv-rasa/.installed
	@$(MAKE) --no-print-directory -s $(ENCODER) $(MODEL)
	@.venv/bin/meeting-prep migrate

check-python:
	@test -n "$(PYTHON310)" || { echo "meeting-prep needs Python 3.10 (Rasa 3.6 runs on 3.8-3.10 only)."; \
	  echo "Install it with 'pyenv install 3.10' or your system's python3.10 package, then run make again."; exit 1; }

.venv/.installed: pyproject.toml requirements/app.lock | check-python
	@echo "==> Installing meeting-prep into .venv (once)"
	test -x .venv/bin/python || $(PYTHON310) -m venv .venv
	.venv/bin/pip install --quiet -c requirements/app.lock -e '.[test]'
	touch $@

# axe-core for the browser test's accessibility check (tests/e2e/test_browser.py), pinned by its lock file.
tests/browser/node_modules/.installed: tests/browser/package.json tests/browser/package-lock.json
	@command -v npm > /dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm > /dev/null; } || true
	@command -v npm > /dev/null && cd tests/browser && npm ci --no-audit --no-fund --silent && touch node_modules/.installed || \
	  echo "==> No npm: the browser test will be skipped"

# Only Rasa lives here: its pinned packages clash with ours (see README).
.venv-rasa/.installed: requirements/rasa.txt requirements/rasa.lock | check-python
	@echo "==> Installing Rasa 3.6.21 into .venv-rasa (a few minutes, once)"
	test -x .venv-rasa/bin/python || $(PYTHON310) -m venv .venv-rasa
	.venv-rasa/bin/pip install --quiet --progress-bar on "pip<24.1"
	.venv-rasa/bin/pip install --quiet -c requirements/rasa.lock -r requirements/rasa.txt
	$(RASA) --version > /dev/null
	touch $@

# The pretrained sentence encoder the NLU pipeline reads (bot/setup/fetch_encoder.py).
$(ENCODER): bot/setup/fetch_encoder.py | .venv/.installed
	@echo "==> Unpacking the sentence encoder into models/encoder (90 MB, once)"
	.venv/bin/python -m bot.setup.fetch_encoder
	touch $@

# --force: Rasa's training cache knows config and data, not our components' code.
$(MODEL): $(TRAINING_INPUTS) $(ENCODER) .venv-rasa/.installed
	@echo "==> Training the Rasa model (about 4 minutes; only when data or config changed)"
	$(RASA) train --force --fixed-model-name meeting-prep --out models --quiet
	touch $@
