#!/usr/bin/env python3
"""A ServiceNow Table API contract server for tests: in-memory incidents, nothing persisted.

Faithful to the documented contract, error answers included:
  POST  /oauth_token.do                      form-encoded; grant_type=password or refresh_token
                                             -> 200 {access_token, refresh_token, scope, token_type, expires_in}
                                             -> 401 {"error_description":"access_denied","error":"server_error"}
  POST  /api/now/table/incident              JSON -> 201 {"result": {sys_id (32 hex), number INC00100xx, state "1", ...}}
  GET   /api/now/table/incident?sysparm_query=...&sysparm_limit=...&sysparm_fields=...
                                             -> 200 {"result": [...]}; the encoded query supports field=value,
                                             field!=value, ^ for AND (^^ is a literal caret), ORDERBY/ORDERBYDESC.
                                             Like ServiceNow, a term naming an unknown field is ignored.
  GET   /api/now/table/incident/{sys_id}     -> 200 {"result": {...}} | 404
  PATCH /api/now/table/incident/{sys_id}     -> 200 {"result": {...}}; state 6/7 without close_code and
                                             close_notes -> 403 data policy exception
  Errors: {"error": {"message": ..., "detail": ...}, "status": "failure"}; 401 without valid Basic or Bearer auth.

Test controls (no auth):
  POST /_control {"fail_next": [429, 429], "retry_after": 1}   answer the next requests with these statuses
       {"malformed_next": 1}   the next answer is 200 JSON without the result envelope
       {"html_next": 1}        the next answer is 200 HTML (a hibernating instance's page)
       {"expire_tokens": true} every access token issued so far stops working
  GET  /_control/incidents     {"incidents": [...], "token_requests": n, "requests": [{method, path, t, status, auth}]}

Writes its port to --port-file once it accepts connections.
"""
import argparse
import base64
import http.server
import json
import os
import secrets
import signal
import threading
import time
import urllib.parse
import uuid

TABLE_FIELDS = {
    "sys_id", "number", "state", "active", "short_description", "description", "urgency", "impact", "priority",
    "assignment_group", "correlation_id", "correlation_display", "close_code", "close_notes", "sys_created_on",
    "sys_updated_on", "opened_at", "resolved_at", "closed_at", "category",
}
WRITABLE = TABLE_FIELDS - {"sys_id", "number", "sys_created_on", "sys_updated_on", "opened_at"}

lock = threading.Lock()
incidents = {}          # sys_id -> record (all values strings)
order = {}              # sys_id -> creation sequence (ties within one second)
counter = {"number": 0, "token_requests": 0}
tokens = {}             # access token -> expiry (epoch seconds)
refresh_tokens = set()
requests_log = []
control = {"fail_next": [], "retry_after": None, "malformed_next": 0, "html_next": 0}


def now_text():
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def failure(message, detail):
    return {"error": {"message": message, "detail": detail}, "status": "failure"}


def priority(urgency, impact):
    try:
        return str(min(5, max(1, int(urgency) + int(impact) - 1)))
    except ValueError:
        return "5"


def split_query(q):
    """Split an encoded query on ^ (AND); ^^ is a literal caret."""
    terms, cur, i = [], "", 0
    while i < len(q):
        if q[i] == "^":
            if i + 1 < len(q) and q[i + 1] == "^":
                cur += "^"
                i += 2
                continue
            terms.append(cur)
            cur = ""
        else:
            cur += q[i]
        i += 1
    terms.append(cur)
    return [t for t in terms if t]


def run_query(q):
    rows = list(incidents.values())
    sort = []
    for term in split_query(q or ""):
        if term.startswith("ORDERBYDESC"):
            sort.append((term[len("ORDERBYDESC"):], True))
        elif term.startswith("ORDERBY"):
            sort.append((term[len("ORDERBY"):], False))
        elif "!=" in term:
            field, value = term.split("!=", 1)
            if field in TABLE_FIELDS:
                rows = [r for r in rows if r.get(field, "") != value]
        elif "=" in term:
            field, value = term.split("=", 1)
            if field in TABLE_FIELDS:
                rows = [r for r in rows if r.get(field, "") == value]
    for field, desc in reversed(sort):
        rows.sort(key=lambda r: (r.get(field, ""), order[r["sys_id"]]), reverse=desc)
    return rows


def project(record, fields):
    if not fields:
        return dict(record)
    wanted = [f for f in fields.split(",") if f]
    return {f: record.get(f, "") for f in wanted}


def make_handler(user, password, client_id, client_secret, token_ttl):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            print("%.3f servicenow:" % time.time(), fmt % args, flush=True)

        def reply(self, status, body, headers=(), content_type="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.status_sent = status

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def auth_kind(self):
            header = self.headers.get("Authorization") or ""
            if header.startswith("Basic "):
                try:
                    u, _, p = base64.b64decode(header[6:]).decode().partition(":")
                except Exception:
                    return None
                return "basic" if (u, p) == (user, password) else None
            if header.startswith("Bearer "):
                expiry = tokens.get(header[7:])
                return "bearer" if expiry and expiry > time.time() else None
            return None

        def handle_any(self):
            self.status_sent = None
            url = urllib.parse.urlsplit(self.path)
            raw = self.body()
            if url.path.startswith("/_control"):
                return self.control(url, raw)
            entry = {"method": self.command, "path": self.path, "t": time.time(),
                     "auth": (self.headers.get("Authorization") or " ").split(" ")[0].lower()}
            try:
                with lock:
                    self.route(url, raw)
            finally:
                entry["status"] = self.status_sent
                with lock:
                    requests_log.append(entry)

        def injected(self):
            if control["fail_next"]:
                status = control["fail_next"].pop(0)
                headers = []
                if status == 429:
                    if control["retry_after"] is not None:
                        headers.append(("Retry-After", str(control["retry_after"])))
                    self.reply(429, failure("Rate limit exceeded", "Too many requests for this user"), headers)
                elif status == 403:
                    self.reply(403, failure("Operation Failed", "ACL Exception Insert Failed due to security constraints"))
                elif status == 401:
                    self.reply(401, failure("User Not Authenticated", "Required to provide Auth information"))
                else:
                    self.reply(status, failure("Internal server error", "Transaction cancelled: injected fault"))
                return True
            if control["malformed_next"]:
                control["malformed_next"] -= 1
                self.reply(200, {"records": [], "note": "not a result envelope"})
                return True
            if control["html_next"]:
                control["html_next"] -= 1
                self.reply(200, b"<html><body>Your instance is hibernating</body></html>", content_type="text/html")
                return True
            return False

        def route(self, url, raw):
            if self.injected():
                return
            if url.path == "/oauth_token.do" and self.command == "POST":
                return self.oauth(raw)
            if self.auth_kind() is None:
                return self.reply(401, failure("User Not Authenticated", "Required to provide Auth information"))
            parts = url.path.strip("/").split("/")
            if parts[:3] != ["api", "now", "table"] or len(parts) not in (4, 5):
                return self.reply(400, failure("Requested URI does not represent any resource", None))
            if parts[3] != "incident":
                return self.reply(400, failure("Invalid table %s" % parts[3], None))
            params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            fields = params.get("sysparm_fields")
            if len(parts) == 4:
                if self.command == "GET":
                    rows = run_query(params.get("sysparm_query"))
                    offset = int(params.get("sysparm_offset") or 0)
                    limit = int(params.get("sysparm_limit") or 10000)
                    rows = rows[offset:offset + limit]
                    return self.reply(200, {"result": [project(r, fields) for r in rows]},
                                      [("X-Total-Count", str(len(rows)))])
                if self.command == "POST":
                    return self.create(raw, fields)
                return self.reply(405, failure("Method not Supported", None))
            record = incidents.get(parts[4])
            if record is None:
                return self.reply(404, failure("No Record found",
                                               "Record doesn't exist or ACL restricts the record retrieval"))
            if self.command == "GET":
                return self.reply(200, {"result": project(record, fields)})
            if self.command in ("PATCH", "PUT"):
                return self.patch(record, raw, fields)
            return self.reply(405, failure("Method not Supported", None))

        def parse_json(self, raw):
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self.reply(400, failure("Exception while reading request", "The payload is not valid JSON."))
                return None
            if not isinstance(body, dict):
                self.reply(400, failure("Exception while reading request", "The payload is not a JSON object."))
                return None
            return body

        def create(self, raw, fields):
            body = self.parse_json(raw)
            if body is None:
                return
            counter["number"] += 1
            sys_id = uuid.uuid4().hex
            stamp = now_text()
            record = {f: "" for f in TABLE_FIELDS}
            record.update({k: str(v) for k, v in body.items() if k in WRITABLE})
            record.update({"sys_id": sys_id, "number": "INC%07d" % (10000 + counter["number"]), "state": "1",
                           "active": "true", "sys_created_on": stamp, "sys_updated_on": stamp, "opened_at": stamp})
            record["urgency"] = record["urgency"] or "3"
            record["impact"] = record["impact"] or "3"
            record["priority"] = priority(record["urgency"], record["impact"])
            incidents[sys_id] = record
            order[sys_id] = counter["number"]
            self.reply(201, {"result": project(record, fields)},
                       [("Location", "/api/now/table/incident/" + sys_id)])

        def patch(self, record, raw, fields):
            body = self.parse_json(raw)
            if body is None:
                return
            changes = {k: str(v) for k, v in body.items() if k in WRITABLE}
            state = changes.get("state", record["state"])
            if state in ("6", "7") and changes.get("state"):
                missing = [label for key, label in (("close_code", "Resolution code"), ("close_notes", "Resolution notes"))
                           if not (changes.get(key) or record.get(key))]
                if missing:
                    return self.reply(403, failure(
                        "Operation Failed",
                        "Data Policy Exception: \n\tThe following fields are mandatory: " + ", ".join(missing)))
            record.update(changes)
            stamp = now_text()
            record["sys_updated_on"] = stamp
            if "state" in changes:
                record["active"] = "false" if state in ("6", "7", "8") else "true"
                if state == "6":
                    record["resolved_at"] = stamp
                if state == "7":
                    record["closed_at"] = stamp
            record["priority"] = priority(record["urgency"], record["impact"])
            self.reply(200, {"result": project(record, fields)})

        def oauth(self, raw):
            counter["token_requests"] += 1
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            denied = {"error_description": "access_denied", "error": "server_error"}
            if (form.get("client_id"), form.get("client_secret")) != (client_id, client_secret):
                return self.reply(401, denied)
            grant = form.get("grant_type")
            if grant == "password":
                if (form.get("username"), form.get("password")) != (user, password):
                    return self.reply(401, denied)
            elif grant == "refresh_token":
                if form.get("refresh_token") not in refresh_tokens:
                    return self.reply(401, denied)
            else:
                return self.reply(400, {"error_description": "unsupported grant_type", "error": "invalid_request"})
            access = secrets.token_urlsafe(32)
            refresh = secrets.token_urlsafe(32)
            tokens[access] = time.time() + token_ttl
            refresh_tokens.add(refresh)
            self.reply(200, {"access_token": access, "refresh_token": refresh, "scope": "useraccount",
                             "token_type": "Bearer", "expires_in": token_ttl})

        def control(self, url, raw):
            with lock:
                if self.command == "POST":
                    body = json.loads(raw or b"{}")
                    if "fail_next" in body:
                        control["fail_next"] = list(body["fail_next"])
                    if "retry_after" in body:
                        control["retry_after"] = body["retry_after"]
                    for key in ("malformed_next", "html_next"):
                        if key in body:
                            control[key] = int(body[key])
                    if body.get("expire_tokens"):
                        for t in tokens:
                            tokens[t] = 0
                    return self.reply(200, {"ok": True})
                return self.reply(200, {"incidents": sorted(incidents.values(), key=lambda r: order[r["sys_id"]]),
                                        "token_requests": counter["token_requests"], "requests": requests_log})

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any

    return Handler


def main():
    # Stop at once on SIGTERM, even when the parent started us with signals blocked.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--user", default="palisade")
    parser.add_argument("--password", default="s3cret-Passw0rd")
    parser.add_argument("--client-id", default="palisade-client")
    parser.add_argument("--client-secret", default="client-s3cret")
    parser.add_argument("--token-ttl", type=int, default=1800)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", args.port),
        make_handler(args.user, args.password, args.client_id, args.client_secret, args.token_ttl))
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    print("servicenow contract server on port", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
