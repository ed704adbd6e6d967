# Sourced by tools/test and tools/quickstart: the Debian packages the project needs, and a function
# that installs the missing ones (as root, one `apt-get update`). Honours PGA_TEST_NO_APT=1.

PGA_PACKAGES=(
    build-essential pkg-config git ca-certificates       # compiler, linker, SwiftPM fetches
    libpq-dev libssl-dev liblz4-dev                       # the system library targets
    postgresql postgresql-contrib                         # the test server, pg_stat_statements
    openssl util-linux e2fsprogs iproute2 passwd procps   # openssl CLI, mount/runuser, mkfs, ss, useradd, ps
    libstdc++-12-dev libgcc-12-dev libc6-dev zlib1g-dev   # the Swift toolchain's own needs
    libxml2-dev libsqlite3-0 libedit2 libz3-dev binutils tzdata
)

# pga_ensure_packages [EXTRA...]: installs whatever of PGA_PACKAGES and EXTRA is missing.
pga_ensure_packages() {
    local wanted=("${PGA_PACKAGES[@]}" "$@") missing=() p
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if (( ${#missing[@]} == 0 )); then
        echo "all ${#wanted[@]} packages present"
    elif [[ "${PGA_TEST_NO_APT:-}" == 1 ]]; then
        echo "missing (PGA_TEST_NO_APT=1, not installing): ${missing[*]}" >&2
    elif [[ $EUID -ne 0 ]]; then
        echo "missing, and not root so not installing: ${missing[*]}" >&2
        echo "  as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    else
        echo "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

# pga_ensure_swift: puts the toolchain on PATH when it is installed at /opt/swift but not found.
pga_ensure_swift() {
    command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
    command -v swift >/dev/null 2>&1 || { echo "swift not found on PATH nor in /opt/swift/usr/bin" >&2; return 1; }
}
