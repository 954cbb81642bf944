#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd 1.4.6) on loopback for e-mail delivery tests.

Every accepted message is saved to <spool>/<n>.eml (the bytes received after DATA, as aiosmtpd hands them over)
and <spool>/<n>.json: the envelope (mail_from, rcpt_tos), whether the session authenticated and used TLS, and the
message as Python's `email` library parses it (decoded Subject, From, To, Message-ID, Date, and the text/plain and
text/html parts) — an independent oracle for the client's MIME encoding.

Options: --user U --password P require AUTH (PLAIN/LOGIN) with those credentials (allowed without TLS, for the
plain test); --reject ADDR answers 550 to RCPT TO that address; --starttls offers STARTTLS with a certificate for
localhost signed by a CA it generates (<dir>/ca.pem) with the `openssl` CLI. Writes the port to --port-file last.
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_tls(d):
    def run(*a):
        subprocess.run(a, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ca_key, ca = os.path.join(d, "ca.key"), os.path.join(d, "ca.pem")
    key, csr, crt, ext = (os.path.join(d, n) for n in ("server.key", "server.csr", "server.pem", "server.ext"))
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", ca_key, "-out", ca, "-days", "3", "-subj", "/CN=Palisade SMTP Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    with open(ext, "w") as f:
        f.write("basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", crt,
        "-days", "3", "-extfile", ext)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)
    return ctx


class Handler:
    def __init__(self, spool, reject):
        self.spool = spool
        self.reject = {r.lower() for r in reject}
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = {}
        for part in msg.walk():
            if part.get_content_maintype() == "text" and part.get_content_subtype() in ("plain", "html"):
                parts.setdefault(part.get_content_subtype(), part.get_content())
        record = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "authenticated": bool(session.authenticated), "tls": session.ssl is not None,
            "subject": str(msg["Subject"]), "from": str(msg["From"]), "to": str(msg["To"]),
            "message_id": str(msg["Message-ID"]), "date": str(msg["Date"]),
            "content_type": msg.get_content_type(), "mime_version": str(msg["MIME-Version"]),
            "header_names": list(msg.keys()),
            "text": parts.get("plain"), "html": parts.get("html"),
            "defects": [str(d) for d in msg.defects],
        }
        path = os.path.join(self.spool, str(n))
        with open(path + ".eml", "wb") as f:
            f.write(raw)
        with open(path + ".json.tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".json.tmp", path + ".json")
        return "250 2.0.0 Message accepted for delivery"


def main():
    # A process started from the Swift test runner inherits a signal mask with SIGTERM blocked; clear it so
    # SIGTERM stops the server at once.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--spool", default=os.path.join(os.getcwd(), "spool"))
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--starttls", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.spool, exist_ok=True)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False)

    kwargs = {}
    if args.user:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=args.starttls)
    if args.starttls:
        kwargs.update(tls_context=make_tls(os.getcwd()), require_starttls=True)
    port = free_port()
    controller = Controller(Handler(args.spool, args.reject), hostname="127.0.0.1", port=port,
                            ready_timeout=60, **kwargs)
    controller.start()
    parent = os.getppid()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    print(f"smtp listening on {port}", flush=True)
    while not done.wait(0.5):
        if os.getppid() != parent:  # the test process died: do not linger
            break
    controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
