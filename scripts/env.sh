# Shared by ./run, ./test and .ci/run: create .venv and install Ibid into it when needed.
# shellcheck shell=bash

ensure_venv() {
    local extras="${1:-}"
    local stamp=".venv/.installed${extras:+-$extras}"
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
        touch "$stamp"
    fi
}

# Qt's xcb plugin needs a few X libraries that minimal Debian systems lack. Only needed
# for a real window on an X display; offscreen runs (tests, screenshots) need none of them.
ensure_gui_libs() {
    [ -n "${DISPLAY:-}" ] || return 0
    [ "${QT_QPA_PLATFORM:-xcb}" = "xcb" ] || return 0
    command -v dpkg-query >/dev/null || return 0
    local missing=()
    for pkg in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing the X libraries Qt needs: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
