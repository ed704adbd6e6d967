# Sourced by tools/test after its main run: the PostgreSQL version matrix. Uses tools/test's
# run, section, die and SWIFTPM_ARGS, tools/pg-cluster's functions and tools/lib/pg-versions.sh.
#
# For each major of PGA_TEST_PG_VERSIONS (default: every one pga_pg_known_majors offers) other
# than the one the main run used: start a cluster of it, print what `pganalytics --validate` and
# `--dry-run` make of it, run the version-dependent suites, stop it. A major whose binaries cannot
# be had is skipped with a notice; a failing one fails the run after the others have run.

# The collector's suites that talk to the server (the pure SQL-choice suites need no server, and
# the run loop's timing does not depend on the server's version).
PGA_MATRIX_COLLECTOR_FILTER='CollectorTests\.(PostgresFamilyPrepareTests|PostgresSamplerWorkloadTests|PostgresSamplerBehaviourTests|PostgresVersionMatrixTests|CLITests)'
# The metrics database's suites: migrations, partitions, COPY, exactly-once, rate views, and the
# dashboards' queries on data the collector produced. (IngestServerTests write through the same
# Ingest code; what they add, the protocol and TLS, does not depend on the server's version.)
PGA_MATRIX_INGEST_FILTER='(IngestTests|GrafanaTests)\.'

_pga_matrix_results=()

# Prints which PostgreSQL families `pganalytics --validate` collects from the running cluster, and
# runs `--dry-run` once. Non-zero when either fails.
_pga_matrix_cli() {
    local binary="$1" dir out rc=0 collected=() line family
    dir=$(mktemp -d "${TMPDIR:-/tmp}/pga-matrix.XXXXXX") || return 1
    printf '[postgres]\ndatabases = ["%s"]\n[spool]\ndir = "%s/spool"\n' "$PGDATABASE" "$dir" > "$dir/collector.toml"
    chmod 600 "$dir/collector.toml"
    if ! out=$("$binary" --config "$dir/collector.toml" --validate 2>&1); then
        printf '%s\n' "$out"
        echo "pganalytics --validate failed"
        rc=1
    else
        while IFS= read -r line; do
            if [[ "$line" =~ ^\ +\+\ (pg_[a-z_]+) ]]; then
                collected+=("${BASH_REMATCH[1]}")
            elif [[ "$line" =~ ^\ +-\ (pg_[a-z_]+)\ +not\ collected:\ (.*)$ ]]; then
                printf '  not collected: %s: %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
            fi
        done <<< "$out"
        printf '  collected (%d): %s\n' "${#collected[@]}" "${collected[*]}"
    fi
    if ! out=$("$binary" --config "$dir/collector.toml" --dry-run 2>&1); then
        printf '%s\n' "$out" | tail -n 20
        echo "pganalytics --dry-run failed"
        rc=1
    else
        family=$(grep -cE '^pg_[a-z_]+  \(postgres:' <<< "$out" || true)
        printf '  --dry-run: %s PostgreSQL family tables\n' "$family"
    fi
    rm -rf "$dir"
    return "$rc"
}

# Runs the matrix; returns non-zero (through die) when a major failed.
pga_matrix_run() {
    local main_major="${PGA_PG_VERSION%%.*}" wanted=() majors=() bins=() major bin i
    local binary failed=0 started elapsed matrix_start=$SECONDS
    if [[ -n "${PGA_TEST_PG_VERSIONS+set}" ]]; then
        read -r -a wanted <<< "${PGA_TEST_PG_VERSIONS}"
    else
        mapfile -t wanted < <(pga_pg_known_majors)
    fi
    # The main run's cluster is done with; its major counts for oldest and newest.
    if [[ -n "${PGA_CLUSTER_DIR:-}" ]]; then
        pga_cluster_stop "$PGA_CLUSTER_DIR" || true
    fi
    for major in "${wanted[@]}"; do
        [[ "$major" =~ ^[0-9]+$ ]] || die "PGA_TEST_PG_VERSIONS: '$major' is not a major version"
        [[ "$major" == "$main_major" ]] && continue
        if bin=$(pga_pg_bin "$major"); then
            majors+=("$major"); bins+=("$bin")
        else
            echo "notice: PostgreSQL $major skipped (its binaries cannot be had here; see above)"
            _pga_matrix_results+=("PostgreSQL $major: skipped, no binaries")
        fi
    done
    if (( ${#majors[@]} == 0 )); then
        echo "no other PostgreSQL major available; the matrix is PostgreSQL $main_major alone"
        (( ${#_pga_matrix_results[@]} == 0 )) || printf '%s\n' "${_pga_matrix_results[@]}"
        return 0
    fi
    local all_majors oldest newest
    all_majors=$(printf '%s\n' "$main_major" "${majors[@]}" | sort -n)
    oldest=$(head -n 1 <<< "$all_majors"); newest=$(tail -n 1 <<< "$all_majors")
    echo "main run: PostgreSQL $main_major; matrix: ${majors[*]} (metrics database suites on $oldest and $newest)"
    binary="$(swift build --show-bin-path "${SWIFTPM_ARGS[@]}")/pganalytics"
    [[ -x "$binary" ]] || die "$binary not built"

    for i in "${!majors[@]}"; do
        major=${majors[$i]}; bin=${bins[$i]}
        started=$SECONDS
        section "PostgreSQL $major ($bin)"
        export PGA_PG_BIN="$bin"
        if ! pga_cluster_start; then
            _pga_matrix_results+=("PostgreSQL $major: FAIL, the cluster did not start")
            failed=1
            continue
        fi
        echo "PostgreSQL $PGA_PG_VERSION on port $PGPORT; pg_stat_statements: $([[ "$PGA_PG_STATEMENTS" == 1 ]] && echo yes || echo "no (this build lacks it)")"
        local filters=(--filter "$PGA_MATRIX_COLLECTOR_FILTER") suites="collector" rc=0
        if [[ "$major" == "$oldest" || "$major" == "$newest" ]]; then
            filters+=(--filter "$PGA_MATRIX_INGEST_FILTER")
            suites="collector + metrics database"
        fi
        _pga_matrix_cli "$binary" || rc=1
        run swift test --skip-build "${SWIFTPM_ARGS[@]}" "${filters[@]}" || rc=$?
        local version="$PGA_PG_VERSION"
        pga_cluster_stop "$PGA_CLUSTER_DIR" || true
        elapsed=$(( SECONDS - started ))
        if (( rc == 0 )); then
            _pga_matrix_results+=("PostgreSQL $version: PASS ($suites, ${elapsed}s)")
        else
            _pga_matrix_results+=("PostgreSQL $version: FAIL ($suites, exit $rc, ${elapsed}s)")
            failed=1
        fi
    done

    section "PostgreSQL version matrix: results ($(( SECONDS - matrix_start ))s)"
    echo "PostgreSQL $main_major: the main run above"
    printf '%s\n' "${_pga_matrix_results[@]}"
    (( failed == 0 )) || die "the version matrix failed"
}
