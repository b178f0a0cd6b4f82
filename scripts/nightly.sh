#!/usr/bin/env bash
# The nightly job, for cron or a systemd timer (see docs/nightly.md):
#   scripts/nightly.sh [crawlall options, e.g. --wait, -a refresh_views=7]
# Environment: PYTHON (default .venv/bin/python), NIGHTLY_LOG_DIR (default data/runs).
# Runs `scrapy crawlall` from the project directory, logs to data/runs/<UTC stamp>.log, and exits
# with crawlall's code: 0 all sites ok, 1 some site broken, 75 another run holds the lock.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
LOG_DIR="${NIGHTLY_LOG_DIR:-data/runs}"
mkdir -p "$LOG_DIR"
log="$LOG_DIR/$(date -u +%Y%m%dT%H%M%SZ).log"
"$PYTHON" -m scrapy.cmdline crawlall -s LOG_FILE="$log" "$@"
code=$?
case $code in
  0) ;;
  1) echo "nightly: some sites are broken, see data/runs/latest.json and $log" >&2 ;;
  75) echo "nightly: skipped, another nightly run is still going" >&2 ;;
  *) echo "nightly: crawlall failed with exit code $code, see $log" >&2 ;;
esac
exit $code
