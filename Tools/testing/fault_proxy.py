#!/usr/bin/env python3
"""An HTTP proxy in front of an AWS API emulator that injects throttling and server errors.

Every request is forwarded unchanged (the Host header too, so SigV4 signatures still verify upstream),
except that request number k (1-based) for which k % every == 0 gets a fault instead: alternately
`503 ServiceUnavailable` and `429 ThrottlingException` with `Retry-After`, in the body shape of the
protocol the request used (XML for query/REST-XML calls, JSON for JSON-protocol calls). A request that
was faulted once (same method, path and body) is always forwarded when it comes again, so a client that
retries always gets through: the run is deterministic whatever the concurrency.

Prints "listening on PORT" once ready; `GET /_fault_proxy/stats` answers {"forwarded": n, "faults": m}.
"""
import argparse
import http.client
import http.server
import json
import sys
import threading
import urllib.parse

lock = threading.Lock()
stats = {"requests": 0, "forwarded": 0, "faults": 0}
faulted = set()


def make_handler(upstream, every, retry_after):
    up = urllib.parse.urlparse(upstream)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _reply(self, status, body, headers):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == "/_fault_proxy/stats":
                with lock:
                    data = json.dumps(stats).encode()
                return self._reply(200, data, [("Content-Type", "application/json")])
            key = (self.command, self.path, body)
            with lock:
                stats["requests"] += 1
                n = stats["requests"]
                fault = every > 0 and n % every == 0 and key not in faulted
                if fault:
                    faulted.add(key)
                    stats["faults"] += 1
                else:
                    stats["forwarded"] += 1
            if fault:
                throttle = (n // every) % 2 == 0
                status, code = (429, "ThrottlingException") if throttle else (503, "ServiceUnavailable")
                if self.headers.get("X-Amz-Target") or "json" in (self.headers.get("Content-Type") or ""):
                    data = json.dumps({"__type": code, "message": "injected by fault_proxy"}).encode()
                    ctype = "application/x-amz-json-1.1"
                else:
                    data = (f"<ErrorResponse><Error><Code>{code}</Code><Message>injected by fault_proxy"
                            f"</Message></Error></ErrorResponse>").encode()
                    ctype = "text/xml"
                headers = [("Content-Type", ctype), ("x-amzn-ErrorType", code)]
                if throttle:
                    headers.append(("Retry-After", str(retry_after)))
                return self._reply(status, data, headers)
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "content-length")}
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            out = [(k, v) for k, v in resp.getheaders()
                   if k.lower() not in ("content-length", "transfer-encoding", "connection")]
            conn.close()
            self._reply(resp.status, data, out)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--upstream", required=True, help="e.g. http://127.0.0.1:5000")
    p.add_argument("--port", type=int, default=0, help="0: pick a free port")
    p.add_argument("--every", type=int, default=3, help="fault every Nth request (0: never)")
    p.add_argument("--retry-after", type=int, default=1, help="seconds in Retry-After on 429s")
    args = p.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port),
                                             make_handler(args.upstream, args.every, args.retry_after))
    server.daemon_threads = True
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
