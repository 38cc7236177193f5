# vidstudio — the two set-up commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: install install-dev demo test lint bench clean app frozen-smoke screenshots

install:
	@scripts/bootstrap.sh

install-dev:
	@scripts/bootstrap.sh --dev

## Render the bundled sample script to an MP4 with the offline providers.
demo: install
	@mkdir -p $(OUT)
	$(BIN)/vidstudio render vidstudio/resources/samples/lighthouse.txt -o $(OUT)/lighthouse.mp4 --project $(OUT)/lighthouse.vidstudio

## The whole test suite: layering contracts, lint and types, then pytest.
# Two worker processes (pytest-xdist), a test file to a worker: a serial run kept the two cores
# less than half busy (waits on ffmpeg, emulators, subprocesses and Qt), and the suite must
# fit its 20 minutes. The slowest tests are listed at the end of each pass. Files are handed out
# in collection order, the slow files first (tests/conftest.py), not xdist's most-tests-first.
XDIST ?= -n 2 --dist loadfile --no-loadscope-reorder --durations=25
test: install-dev lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)
	# Again with the portable fallbacks Windows and macOS take (vidstudio/osdeps.py): the
	# end-to-end runs that start the pool, ffmpeg and the lock and kill runs mid-way, and the
	# session. (The cloud-emulator e2e files exercise the same OS paths; left out for time, as
	# are the tests marked portable_repeat: they take only OS paths another test here takes.)
	VIDSTUDIO_PORTABLE=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(XDIST) -m "not portable_repeat" tests/e2e/test_render.py tests/e2e/test_cli_errors.py tests/e2e/test_cli_takes.py tests/e2e/test_money_safety.py tests/jobs/test_session.py $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/lint-imports
	$(BIN)/ruff check vidstudio tests bench
	@# Linux, Windows and macOS type checks at once: none covers another (each platform's stubs
	@# and sys.platform branches differ), and in parallel they take half the time on two cores.
	scripts/typecheck.sh

## Open the editor (the last project, or a new one).
app: install
	$(BIN)/vidstudio app

## Freeze the app with PyInstaller (packaging/vidstudio.spec) and run the frozen --self-test.
frozen-smoke: install-dev
	packaging/frozen_smoke.sh

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info

## Screenshots of the editor on a rendered sample (docs/screenshots/), under Xvfb.
screenshots: install-dev
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python scripts/screenshots.py
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python scripts/screenshots_directing.py
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python scripts/screenshots_structure.py
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python scripts/screenshots_models.py
