# Shared helpers for scripts/*: installs what the project needs, idempotently.
# shellcheck shell=bash

APT_PACKAGES=(libssl-dev libcurl4-openssl-dev zlib1g-dev apache2 apache2-utils chromium chromium-driver python3-venv ca-certificates nginx fcgiwrap lighttpd apache2-suexec-pristine valgrind php-cli)

ensure_apt_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "==> apt-get install ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# A Python venv (Debian's python3) with the test tools pinned in tests-e2e/requirements.txt.
ensure_venv() {
    local venv=.venv
    local stamp="$venv/.requirements.sha256"
    local want
    want=$(sha256sum tests-e2e/requirements.txt | cut -d' ' -f1)
    if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "==> python venv $venv (tests-e2e/requirements.txt)"
        /usr/bin/python3 -m venv "$venv"
        rm -f "$stamp"
        "$venv/bin/pip" install -q --disable-pip-version-check -r tests-e2e/requirements.txt
        echo "$want" > "$stamp"   # only reached when pip succeeded (set -e)
    fi
}
