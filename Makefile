# Everyday targets. Each installs what it needs into .venv first (python3 -m venv + pip); `make demo`
# installs only what the demo uses (the audio and testing extras) into .venv-demo.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BENCH_INSTALLED := $(VENV)/.bench-installed
MUTATION_INSTALLED := $(VENV)/.mutation-installed
DEMO_VENV ?= .venv-demo
DEMO_INSTALLED := $(DEMO_VENV)/.installed

.PHONY: install update-spec generate check-generated lint typecheck test test-plain contract demo bench faults mutation checks ci clean

install: $(INSTALLED)

# Reinstall when the project's metadata changes. constraints.txt pins every development dependency,
# so CI runs the versions we ran. The editable install uses generated/ as it is: it never rewrites it.
$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

update-spec: install  ## make update-spec VENDOR=path/to/openapi.yaml: cut the vendor's whole document, write it as the reference, report what changed
	@test -n "$(VENDOR)" || { echo "usage: make update-spec VENDOR=path/to/the/vendor/openapi.yaml"; exit 2; }
	$(BIN)/python tools/spec.py update "$(VENDOR)"

generate: install  ## regenerate generated/ from openapi.yaml
	$(BIN)/python tools/generate.py

check-generated: install  ## fail if generated/ differs from a fresh generation (made in a scratch folder)
	$(BIN)/python tools/generate.py --check

lint: install
	$(BIN)/ruff check openrouter_ext tests tools examples benchmarks hatch_build.py
	$(BIN)/ruff format --check openrouter_ext tests tools examples benchmarks hatch_build.py

typecheck: install  ## mypy --strict on the package, the tests and every Python example of the README
	$(BIN)/mypy
	$(BIN)/python tools/readme_examples.py build/readme-examples
	$(BIN)/mypy build/readme-examples

test: install  ## the test suite (offline)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Prism, pinned in package.json/package-lock.json, installed into ./node_modules (never globally).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "make contract needs node and npm (to run the Prism mock server); install them first" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

contract: install node_modules/.package-lock.json  ## requests and responses checked by Prism, a mock built from openapi.yaml
	$(BIN)/python -m pytest -m contract tests/contract $(PYTEST_ARGS)

# What a user installs to try it: the package with the audio extra (cutting long recordings) and the
# testing one (the stand-in), not the development tools (Ray alone is most of their 900 MB).
$(DEMO_INSTALLED): pyproject.toml constraints.txt
	test -x $(DEMO_VENV)/bin/python || $(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEMO_VENV)/bin/python -m pip install --quiet -c constraints.txt -e '.[audio,testing]'
	touch $@

# A plain install: the package and its testing extra, no audio extra (no PyAV, no numpy).
PLAIN_VENV ?= .venv-plain
PLAIN_INSTALLED := $(PLAIN_VENV)/.installed
$(PLAIN_INSTALLED): pyproject.toml constraints.txt
	test -x $(PLAIN_VENV)/bin/python || $(PYTHON) -m venv $(PLAIN_VENV)
	$(PLAIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PLAIN_VENV)/bin/python -m pip install --quiet -c constraints.txt -e '.[testing]' pytest pytest-timeout
	touch $@

test-plain: $(PLAIN_INSTALLED)  ## what a user without the audio extra meets (long audio refused, naming it), in a venv without it
	$(PLAIN_VENV)/bin/python -m pytest -p no:cacheprovider tests/test_without_the_audio_extra.py

demo: $(DEMO_INSTALLED)  ## the sample to SRT with the command line, then the library demo (a long MP3 cut and stitched, subtitles from a json-only model, a meeting's speakers, live captions of a piped stream), on the local stand-in: no key, no network
	$(DEMO_VENV)/bin/openrouter-stt transcribe --stand-in --format srt examples/sample.wav
	$(DEMO_VENV)/bin/python examples/demo.py

$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@

bench: $(BENCH_INSTALLED)  ## benchmarks/: import, per-call, memory, async throughput (ratios to raw httpx), HTTP/2, pytest plugin, long recordings, models, the spend cap, live audio
	cd benchmarks && for script in bench_import bench_calls bench_memory bench_async bench_http2 bench_pytest_plugin bench_long bench_models bench_spend bench_live; do \
		../$(BIN)/python $$script.py || exit 1; echo; done

$(MUTATION_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,mutation]'
	touch $@

# mutmut over the modules whose every line is a contract rule or a policy ([tool.mutmut] in
# pyproject.toml); it keeps its results in mutants/ and retests only what changed since.
mutation: $(MUTATION_INSTALLED)  ## mutation testing (not in CI: about half an hour)
	$(BIN)/mutmut run
	$(BIN)/mutmut results

faults: install  ## every stand-in fault scenario, sync and async: outcome, attempts, seconds
	$(BIN)/python benchmarks/fault_outcomes.py

checks: check-generated lint typecheck demo test-plain contract  ## every check but the test suite (test-plain: the plain install's own few tests)

ci: checks test  ## everything CI runs: .ci/run is these two steps, the second the README's `make test`

clean:
	rm -rf $(VENV) $(DEMO_VENV) $(PLAIN_VENV) node_modules .pytest_cache .mypy_cache .ruff_cache mutants build
