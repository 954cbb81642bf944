#!/usr/bin/env python3
"""A webhook receiver (http.server) that records every request and answers what the path asks for.

Each request is appended to <dir>/requests.jsonl as {"method", "path", "headers", "body", "valid", "status"}; with
--secret, "valid" says whether X-Palisade-Signature is "sha256=" + hex HMAC-SHA256(secret, "<X-Palisade-Timestamp>.<body>")
(compared in constant time), else it is null. Answers by path:

  /ok                       200
  /status/<code>            that status (e.g. 410, 500)
  /status/429?after=<s>     429 with Retry-After: <s>
  /flaky/<n>/<key>          500 the first n times for that key, then 200
Writes its port to --port-file once it listens.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import signal
import threading
import urllib.parse

lock = threading.Lock()
counts = {}


def make_handler(secret, log_path):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            parts = [p for p in url.path.split("/") if p]
            status, extra = 404, {}
            if parts == ["ok"]:
                status = 200
            elif len(parts) == 2 and parts[0] == "status":
                status = int(parts[1])
                if "after" in query:
                    extra["Retry-After"] = query["after"][0]
            elif len(parts) == 3 and parts[0] == "flaky":
                with lock:
                    counts[parts[2]] = counts.get(parts[2], 0) + 1
                    status = 500 if counts[parts[2]] <= int(parts[1]) else 200
            valid = None
            if secret is not None:
                ts = self.headers.get("X-Palisade-Timestamp", "")
                want = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
                valid = hmac.compare_digest(want, self.headers.get("X-Palisade-Signature", ""))
            record = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                      "body": body.decode("utf-8", "replace"), "valid": valid, "status": status}
            with lock, open(log_path, "a") as f:
                f.write(json.dumps(record) + "\n")
            reply = json.dumps({"status": status}).encode()
            self.send_response(status)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    return Handler


def main():
    # A process started from the Swift test runner inherits a signal mask with SIGTERM blocked; clear it so
    # SIGTERM stops the server at once.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--secret")
    ap.add_argument("--log", default=os.path.join(os.getcwd(), "requests.jsonl"))
    args = ap.parse_args()
    open(args.log, "a").close()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args.secret, args.log))
    server.daemon_threads = True
    port = server.server_address[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    print(f"webhook receiver listening on {port}", flush=True)
    parent = os.getppid()

    def watch():
        import time
        while os.getppid() == parent:
            time.sleep(0.5)
        server.shutdown()
    threading.Thread(target=watch, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
