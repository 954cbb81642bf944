#!/usr/bin/env python3
"""A real rsyslog (apt rsyslog 8.2302) receiving syslog over UDP, TCP and TLS on loopback, unprivileged.

In its working directory (the current directory unless --dir) it generates a test CA, a server certificate for
`localhost` / 127.0.0.1 signed by it and an unrelated second CA (for "verification must fail" tests), with the
`openssl` CLI; writes an rsyslog config with

  imudp  on a free UDP port,
  imtcp  on a free TCP port (plain; octet-counted framing is on by default),
  imtcp  on a second free TCP port with the `ossl` netstream driver (Mode 1 = TLS only, AuthMode anon: the server
         presents its certificate and does not ask for a client certificate),

and one omfile action writing every message with RSYSLOG_SyslogProtocol23Format (RFC 5424) to output.log. It runs
`rsyslogd -n -f rsyslog.conf -i rsyslog.pid` with its own work directory, waits until the three sockets are bound
(read from /proc/net), writes `<port-file>.json` = {"udp", "tcp", "tls", "ca", "wrong_ca", "output", "pid"} and
then `<port-file>` with the plain TCP port. SIGTERM stops rsyslogd too. When rsyslogd dies (a test kills it by its
pid to simulate a receiver restart) it is started again on the same ports and the JSON's "generation" goes up.
"""
import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time


def free_port(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_ca(d, name, cn):
    key, crt = os.path.join(d, f"{name}.key"), os.path.join(d, f"{name}.pem")
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", crt, "-days", "3", "-subj", f"/CN={cn}",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return key, crt


def make_certificates(d):
    ca_key, ca = make_ca(d, "ca", "Palisade Test CA")
    _, wrong_ca = make_ca(d, "wrong-ca", "Some Other CA")
    key, csr, crt, ext = (os.path.join(d, n) for n in ("server.key", "server.csr", "server.pem", "server.ext"))
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    with open(ext, "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
        "-out", crt, "-days", "3", "-extfile", ext)
    return ca, wrong_ca, crt, key


def bound(proto, port):
    """True when /proc/net/<proto> shows a socket bound to 127.0.0.1:port (LISTEN for tcp)."""
    want = f"0100007F:{port:04X}"
    try:
        with open(f"/proc/net/{proto}") as f:
            for line in f.readlines()[1:]:
                cols = line.split()
                if cols[1] == want and (proto == "udp" or cols[3] == "0A"):
                    return True
    except OSError:
        pass
    return False


def unblock_signals():
    """A process started from the Swift test runner inherits a signal mask with SIGTERM blocked: clear it, so
    SIGTERM stops us (and rsyslogd, which inherits our mask) cleanly."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def die_with_parent():
    """In the rsyslogd child before exec: SIGTERM when this script dies, even by SIGKILL."""
    unblock_signals()
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def main():
    unblock_signals()
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--dir", default=os.getcwd())
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    d = os.path.abspath(args.dir)
    work = os.path.join(d, "work")
    os.makedirs(work, exist_ok=True)
    ca, wrong_ca, crt, key = make_certificates(d)
    udp, tcp, tls = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_STREAM), free_port(socket.SOCK_STREAM)
    output = os.path.join(d, "output.log")
    conf = os.path.join(d, "rsyslog.conf")
    with open(conf, "w") as f:
        f.write(f"""
global(workDirectory="{work}" maxMessageSize="64k"
       defaultNetstreamDriverCAFile="{ca}"
       defaultNetstreamDriverCertFile="{crt}"
       defaultNetstreamDriverKeyFile="{key}")
module(load="imudp")
module(load="imtcp" maxSessions="50")
input(type="imudp" address="127.0.0.1" port="{udp}")
input(type="imtcp" address="127.0.0.1" port="{tcp}")
input(type="imtcp" address="127.0.0.1" port="{tls}"
      streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")
action(type="omfile" file="{output}" template="RSYSLOG_SyslogProtocol23Format" flushOnTXEnd="on"
       asyncWriting="off")
""")
    pidfile = os.path.join(d, "rsyslog.pid")
    log = open(os.path.join(d, "rsyslogd.log"), "a")
    parent = os.getppid()
    state = {"proc": None}

    def stop(*_):
        proc = state["proc"]
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    generation = 0
    while True:
        if os.path.exists(pidfile):
            os.remove(pidfile)
        proc = state["proc"] = subprocess.Popen(["rsyslogd", "-n", "-f", conf, "-i", pidfile], stdout=log,
                                                stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        deadline = time.monotonic() + args.timeout
        while not (bound("udp", udp) and bound("tcp", tcp) and bound("tcp", tls)):
            if proc.poll() is not None:
                log.flush()
                print(open(os.path.join(d, "rsyslogd.log")).read(), file=sys.stderr)
                sys.exit(f"rsyslogd exited with {proc.returncode}")
            if time.monotonic() > deadline:
                proc.kill()
                sys.exit("rsyslogd did not bind its ports in time")
            time.sleep(0.05)
        info = {"udp": udp, "tcp": tcp, "tls": tls, "ca": ca, "wrong_ca": wrong_ca, "output": output,
                "pid": proc.pid, "generation": generation}
        with open(args.port_file + ".json.tmp", "w") as f:
            json.dump(info, f)
        os.rename(args.port_file + ".json.tmp", args.port_file + ".json")
        if generation == 0:
            with open(args.port_file + ".tmp", "w") as f:
                f.write(str(tcp))
            os.rename(args.port_file + ".tmp", args.port_file)
        print(f"rsyslog (generation {generation}) listening udp {udp} tcp {tcp} tls {tls}", flush=True)
        while proc.poll() is None:
            if os.getppid() != parent:  # the test process died: do not linger
                stop()
            time.sleep(0.2)
        # rsyslogd died (a test kills it to simulate a receiver restart): start it again on the same ports.
        generation += 1


if __name__ == "__main__":
    main()
