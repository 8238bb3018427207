#!/usr/bin/env bash
# Prepare a fresh clone: system packages (when root), the virtual environment from the lock
# file, compiled translations and a local .env with fresh keys. Safe to run again.
#   scripts/setup.sh          what `make run` needs
#   scripts/setup.sh --test   also the browser for the Playwright tests
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
UV_VERSION=0.13.8
want_browser=false
[ "${1:-}" = "--test" ] && want_browser=true

missing=()
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Anxin needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2; exit 1; }
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
if $want_browser; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
# WeasyPrint (the printed case forms) lays text out with Pango and cuts the embedded CJK font
# down to the glyphs used with harfbuzz-subset; without it, fontTools does that in seconds a PDF.
if command -v dpkg-query >/dev/null; then
  for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || missing+=("$lib")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them (e.g. sudo apt-get install ${missing[*]}) and run this again." >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ ! -x .venv/bin/uv ] || ! .venv/bin/uv --version | grep -q "$UV_VERSION"; then
  .venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip --upgrade >/dev/null
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
# --inexact keeps uv itself, which the lock file does not list.
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync --frozen --inexact --quiet

.venv/bin/python manage.py compiletranslations --settings=config.settings.test

if [ ! -f .env ]; then
  .venv/bin/python - <<'PY'
import base64, os, secrets
from pathlib import Path
Path(".env").write_text(
    "# Local keys, made by scripts/setup.sh. Never commit this file.\n"
    f"DJANGO_SECRET_KEY={secrets.token_urlsafe(48)}\n"
    f"ANXIN_FIELD_KEYS={base64.urlsafe_b64encode(os.urandom(32)).decode()}\n"
    f"ANXIN_BLIND_INDEX_KEY={secrets.token_hex(32)}\n", encoding="utf-8")
os.chmod(".env", 0o600)
print("Created .env with fresh encryption keys (keep it: the demo data needs them).")
PY
fi
