# Sourced by scripts/run and scripts/test: find Python 3.11, make the virtualenv, install pins.
#
# FACTCHECK_VENV  where the virtualenv lives (default: .venv in the repository)
# PYTHON          the interpreter to build it from (default: python3.11, else a python3 that is 3.11)

FACTCHECK_VENV="${FACTCHECK_VENV:-$REPO/.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

find_python() {
    if [ -n "${PYTHON:-}" ]; then
        command -v "$PYTHON" >/dev/null || die "PYTHON=$PYTHON is not an executable on PATH"
        echo "$PYTHON"
        return
    fi
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    die "Python 3.11 is needed (pyproject.toml pins it). Install it (e.g. apt-get install python3.11 python3.11-venv, or pyenv install 3.11), or point PYTHON at it."
}

# ensure_venv REQUIREMENTS_FILE: create the virtualenv if missing; pip-install the file when it
# (or a file it includes) changed since the last install, so a second run starts at once.
ensure_venv() {
    local requirements="$1"
    if [ ! -x "$FACTCHECK_VENV/bin/python" ]; then
        local python
        python="$(find_python)"
        say "Creating a virtualenv in $FACTCHECK_VENV with $python"
        "$python" -m venv "$FACTCHECK_VENV" ||
            die "could not create $FACTCHECK_VENV (on Debian/Ubuntu: apt-get install python3.11-venv)"
    fi
    "$FACTCHECK_VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
        die "$FACTCHECK_VENV is not a Python 3.11 virtualenv; remove it and run again"

    local stamp="$FACTCHECK_VENV/.installed-$(basename "$requirements")"
    local digest
    digest="$(cat "$REPO"/requirements*.txt | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        return
    fi
    say "Installing $(basename "$requirements") into $FACTCHECK_VENV"
    "$FACTCHECK_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$requirements" || die "pip install -r $(basename "$requirements") failed (is PyPI reachable?)"
    echo "$digest" >"$stamp"
}
