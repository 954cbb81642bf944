#!/usr/bin/env python3
"""A Jira Cloud REST v3 contract server for tests: in-memory issues, nothing persisted.

Faithful to the documented contract, error answers included:
  Basic auth with e-mail:API token; otherwise 401 {"errorMessages": [...], "errors": {}}.
  POST /rest/api/3/issue            {fields{project{key}, summary, issuetype{name}, description (ADF), labels}}
                                    -> 201 {id, key, self}; 400 {"errorMessages": [], "errors": {field: message}}
                                    for a missing summary, an unknown project or issue type, a description that
                                    is not an ADF document, a label with spaces.
  POST /rest/api/3/search/jql       {jql, fields, maxResults, nextPageToken, reconcileIssues}
                                    -> {"issues": [...], "isLast": bool[, "nextPageToken"]}. JQL subset:
                                    field = value (project, labels, key, status) joined by AND, ORDER BY created
                                    [ASC|DESC]. Like Jira Cloud the search is eventually consistent: with a
                                    search lag (control), an issue written less than `lag` seconds ago appears
                                    in its old form (or not at all) unless its id is in reconcileIssues.
  GET  /rest/api/3/search           -> 410 (removed from Jira Cloud; use /search/jql)
  GET  /rest/api/3/issue/{idOrKey}[?fields=a,b]   PUT same -> 204
  GET  /rest/api/3/issue/{idOrKey}/transitions    POST same {"transition": {"id"}} -> 204
       workflow To Do (new) / In Progress (indeterminate) / Done (done); 11 To Do, 21 In Progress, 31 Done,
       each available from the other statuses.
  POST /rest/api/3/issue/{idOrKey}/comment {"body": ADF} -> 201

Test controls (no auth):
  POST /_control {"fail_next": [429, 429], "retry_after": 1} | {"fail_next": [500]} | {"malformed_next": 1}
                 | {"search_lag": 30}
  GET  /_control/issues  {"issues": [...], "comments": {...}, "requests": [{method, path, t, status}]}

Writes its port to --port-file once it accepts connections.
"""
import argparse
import base64
import http.server
import json
import os
import re
import signal
import threading
import time
import urllib.parse

STATUSES = {
    "To Do": {"id": "10000", "name": "To Do", "statusCategory": {"id": 2, "key": "new", "name": "To Do"}},
    "In Progress": {"id": "3", "name": "In Progress",
                    "statusCategory": {"id": 4, "key": "indeterminate", "name": "In Progress"}},
    "Done": {"id": "10001", "name": "Done", "statusCategory": {"id": 3, "key": "done", "name": "Done"}},
}
TRANSITIONS = [("11", "To Do"), ("21", "In Progress"), ("31", "Done")]
INLINE = {"text", "hardBreak", "mention", "emoji", "inlineCard", "date", "status"}
BLOCK = {"paragraph", "heading", "bulletList", "orderedList", "listItem", "codeBlock", "blockquote", "rule",
         "panel", "table", "tableRow", "tableCell", "tableHeader", "mediaSingle", "media"}

lock = threading.Lock()
issues = {}        # id -> issue
snapshots = {}     # id -> (written_at, issue as the index last saw it before that write, or None)
comments = {}      # id -> [comment]
counter = {"id": 10000, "number": {}, "comment": 10000}
requests_log = []
control = {"fail_next": [], "retry_after": None, "malformed_next": 0, "search_lag": 0.0}


def errors(field_errors=None, messages=()):
    return {"errorMessages": list(messages), "errors": field_errors or {}}


def valid_adf(doc):
    if not isinstance(doc, dict) or doc.get("type") != "doc" or doc.get("version") != 1:
        return False
    if not isinstance(doc.get("content"), list):
        return False

    def node_ok(node):
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            return False
        kind = node["type"]
        if kind == "text":
            return isinstance(node.get("text"), str) and node["text"] != ""
        if kind not in INLINE and kind not in BLOCK:
            return False
        return all(node_ok(child) for child in node.get("content", []))

    return all(node_ok(n) and n["type"] in BLOCK for n in doc["content"])


def parse_jql(jql):
    """-> (clauses [(field, value)], order (field, desc) or None); raises ValueError with Jira's message."""
    text = jql.strip()
    order = None
    m = re.search(r"\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?\s*$", text, re.IGNORECASE)
    if m:
        order = (m.group(1).lower(), (m.group(2) or "ASC").upper() == "DESC")
        text = text[:m.start()]
    clauses = []
    for part in re.split(r"\s+AND\s+", text, flags=re.IGNORECASE) if text else []:
        cm = re.fullmatch(r'\s*(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))\s*', part)
        if not cm:
            raise ValueError("Error in the JQL Query: unable to parse '%s'." % part.strip())
        field = cm.group(1).lower()
        value = cm.group(2) if cm.group(2) is not None else cm.group(3)
        value = re.sub(r"\\(.)", r"\1", value)
        if field not in ("project", "labels", "key", "status"):
            raise ValueError("Field '%s' does not exist or you do not have permission to view it." % cm.group(1))
        clauses.append((field, value))
    return clauses, order


def matches(issue, clauses):
    f = issue["fields"]
    for field, value in clauses:
        if field == "project" and f["project"]["key"] != value:
            return False
        if field == "labels" and value not in f["labels"]:
            return False
        if field == "key" and issue["key"] != value:
            return False
        if field == "status" and f["status"]["name"].lower() != value.lower():
            return False
    return True


def view(issue, fields):
    out = {"id": issue["id"], "key": issue["key"], "self": issue["self"]}
    if fields is None:
        out["fields"] = json.loads(json.dumps(issue["fields"]))
    else:
        out["fields"] = {k: issue["fields"][k] for k in fields if k in issue["fields"]}
    return out


def make_handler(email, token, projects, issue_types):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            print("%.3f jira:" % time.time(), fmt % args, flush=True)

        def reply(self, status, body=None, headers=()):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json;charset=UTF-8")
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.status_sent = status

        def handle_any(self):
            self.status_sent = None
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if url.path.startswith("/_control"):
                return self.control(raw)
            entry = {"method": self.command, "path": self.path, "t": time.time()}
            try:
                with lock:
                    self.route(url, raw)
            finally:
                entry["status"] = self.status_sent
                with lock:
                    requests_log.append(entry)

        def authenticated(self):
            header = self.headers.get("Authorization") or ""
            if not header.startswith("Basic "):
                return False
            try:
                return base64.b64decode(header[6:]).decode() == "%s:%s" % (email, token)
            except Exception:
                return False

        def injected(self):
            if control["fail_next"]:
                status = control["fail_next"].pop(0)
                headers = []
                if status == 429 and control["retry_after"] is not None:
                    headers.append(("Retry-After", str(control["retry_after"])))
                messages = {429: "Rate limit exceeded.", 403: "You do not have permission to create issues in this project.",
                            401: "You are not authenticated. Authentication required to perform this operation."}
                self.reply(status, errors(messages=[messages.get(status, "Internal server error")]), headers)
                return True
            if control["malformed_next"]:
                control["malformed_next"] -= 1
                self.reply(200, {"unexpected": "shape"})
                return True
            return False

        def route(self, url, raw):
            if self.injected():
                return
            if not self.authenticated():
                return self.reply(401, errors(messages=[
                    "You are not authenticated. Authentication required to perform this operation."]))
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                return self.reply(400, errors(messages=["Unexpected character: the request body is not valid JSON."]))
            path = url.path.rstrip("/")
            params = dict(urllib.parse.parse_qsl(url.query))
            if path == "/rest/api/3/search":
                return self.reply(410, errors(messages=[
                    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."]))
            if path == "/rest/api/3/search/jql" and self.command == "POST":
                return self.search(body or {})
            if path == "/rest/api/3/issue" and self.command == "POST":
                return self.create(body)
            m = re.fullmatch(r"/rest/api/3/issue/([^/]+)(/transitions|/comment)?", path)
            if not m:
                return self.reply(404, errors(messages=["No resource found for %s" % path]))
            issue = issues.get(m.group(1)) or next((i for i in issues.values() if i["key"] == m.group(1)), None)
            if issue is None:
                return self.reply(404, errors(messages=["Issue does not exist or you do not have permission to see it."]))
            sub = m.group(2)
            if sub is None and self.command == "GET":
                fields = params["fields"].split(",") if "fields" in params else None
                return self.reply(200, view(issue, fields))
            if sub is None and self.command == "PUT":
                return self.edit(issue, body)
            if sub == "/transitions" and self.command == "GET":
                current = issue["fields"]["status"]["name"]
                return self.reply(200, {"expand": "transitions", "transitions": [
                    {"id": tid, "name": name, "to": STATUSES[name], "hasScreen": False, "isAvailable": True}
                    for tid, name in TRANSITIONS if name != current]})
            if sub == "/transitions" and self.command == "POST":
                return self.transition(issue, body)
            if sub == "/comment" and self.command == "POST":
                return self.comment(issue, body)
            return self.reply(405, errors(messages=["Method %s is not allowed here." % self.command]))

        def field_errors(self, fields, creating):
            errs = {}
            if creating:
                key = (fields.get("project") or {}).get("key") if isinstance(fields.get("project"), dict) else None
                if key not in projects:
                    errs["project"] = "Specify a valid project ID or key"
                itype = fields.get("issuetype")
                name = itype.get("name") if isinstance(itype, dict) else None
                if not name:
                    errs["issuetype"] = "Specify an issue type"
                elif name not in issue_types:
                    errs["issuetype"] = "The issue type selected is invalid."
            if creating or "summary" in fields:
                summary = fields.get("summary")
                if not isinstance(summary, str) or not summary.strip():
                    errs["summary"] = "You must specify a summary of the issue."
                elif len(summary) > 255:
                    errs["summary"] = "Summary must be less than 255 characters."
                elif "\n" in summary:
                    errs["summary"] = "The summary is invalid because it contains newline characters."
            if "description" in fields and fields["description"] is not None and not valid_adf(fields["description"]):
                errs["description"] = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
            if "labels" in fields:
                labels = fields["labels"]
                if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                    errs["labels"] = "Labels must be a list of strings."
                else:
                    bad = [x for x in labels if re.search(r"\s", x) or not x or len(x) > 255]
                    if bad:
                        errs["labels"] = "The label '%s' contains spaces which is invalid." % bad[0]
            return errs

        def remember(self, issue):
            """Keep what the (eventually consistent) search index saw before this write."""
            previous = snapshots.get(issue["id"])
            if previous is not None and time.time() - previous[0] < control["search_lag"]:
                indexed = previous[1]
            elif issue["id"] in issues:
                indexed = json.loads(json.dumps(issue))
            else:
                indexed = None
            snapshots[issue["id"]] = (time.time(), indexed)

        def create(self, body):
            if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
                return self.reply(400, errors(messages=["Request body must contain a fields object."]))
            fields = body["fields"]
            errs = self.field_errors(fields, creating=True)
            if errs:
                return self.reply(400, errors(errs))
            project = fields["project"]["key"]
            counter["id"] += 1
            number = counter["number"].get(project, 0) + 1
            counter["number"][project] = number
            issue_id = str(counter["id"])
            key = "%s-%d" % (project, number)
            issue = {"id": issue_id, "key": key, "self": "%s/rest/api/3/issue/%s" % (self.base(), issue_id),
                     "created_seq": counter["id"],
                     "fields": {"project": {"key": project}, "summary": fields["summary"],
                                "issuetype": {"name": fields["issuetype"]["name"]},
                                "description": fields.get("description"), "labels": list(fields.get("labels") or []),
                                "status": STATUSES["To Do"], "created": time.strftime("%Y-%m-%dT%H:%M:%S.000+0000")}}
            self.remember(issue)
            issues[issue_id] = issue
            self.reply(201, {"id": issue_id, "key": key, "self": issue["self"]})

        def edit(self, issue, body):
            if not isinstance(body, dict) or not isinstance(body.get("fields", {}), dict):
                return self.reply(400, errors(messages=["Request body must contain a fields object."]))
            fields = body.get("fields", {})
            errs = self.field_errors(fields, creating=False)
            if errs:
                return self.reply(400, errors(errs))
            self.remember(issue)
            for name in ("summary", "description", "labels"):
                if name in fields:
                    issue["fields"][name] = fields[name]
            self.reply(204)

        def transition(self, issue, body):
            tid = ((body or {}).get("transition") or {}).get("id")
            current = issue["fields"]["status"]["name"]
            target = next((name for t, name in TRANSITIONS if t == str(tid) and name != current), None)
            if target is None:
                return self.reply(400, errors(messages=[
                    "Transition id '%s' is not valid for this issue." % tid]))
            self.remember(issue)
            issue["fields"]["status"] = STATUSES[target]
            self.reply(204)

        def comment(self, issue, body):
            doc = (body or {}).get("body")
            if not valid_adf(doc) or not doc["content"]:
                return self.reply(400, errors({"comment": "Comment body can not be empty!"}))
            counter["comment"] += 1
            c = {"id": str(counter["comment"]), "body": doc, "created": time.strftime("%Y-%m-%dT%H:%M:%S.000+0000")}
            comments.setdefault(issue["id"], []).append(c)
            self.reply(201, c)

        def search(self, body):
            if not isinstance(body.get("jql"), str):
                return self.reply(400, errors(messages=["Invalid request payload. Refer to the REST API documentation and try again."]))
            try:
                clauses, order = parse_jql(body["jql"])
            except ValueError as e:
                return self.reply(400, errors(messages=[str(e)]))
            if not clauses:
                return self.reply(400, errors(messages=["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."]))
            reconcile = {str(i) for i in body.get("reconcileIssues") or []}
            lag = control["search_lag"]
            visible = []
            for issue in issues.values():
                snap = snapshots.get(issue["id"])
                if issue["id"] in reconcile or snap is None or time.time() - snap[0] >= lag:
                    visible.append(issue)
                elif snap[1] is not None:
                    visible.append(snap[1])
            found = [i for i in visible if matches(i, clauses)]
            if order and order[0] == "created":
                found.sort(key=lambda i: i["created_seq"], reverse=order[1])
            limit = int(body.get("maxResults") or 50)
            start = int(body.get("nextPageToken") or 0)
            page = found[start:start + limit]
            out = {"issues": [view(i, body.get("fields") or ["summary", "status"]) for i in page],
                   "isLast": start + limit >= len(found)}
            if not out["isLast"]:
                out["nextPageToken"] = str(start + limit)
            self.reply(200, out)

        def base(self):
            return "http://%s" % (self.headers.get("Host") or "127.0.0.1")

        def control(self, raw):
            with lock:
                if self.command == "POST":
                    body = json.loads(raw or b"{}")
                    if "fail_next" in body:
                        control["fail_next"] = list(body["fail_next"])
                    for key in ("retry_after", "search_lag"):
                        if key in body:
                            control[key] = body[key]
                    if "malformed_next" in body:
                        control["malformed_next"] = int(body["malformed_next"])
                    return self.reply(200, {"ok": True})
                return self.reply(200, {"issues": sorted(issues.values(), key=lambda i: i["created_seq"]),
                                        "comments": comments, "requests": requests_log})

        do_GET = do_POST = do_PUT = do_DELETE = handle_any

    return Handler


def main():
    # Stop at once on SIGTERM, even when the parent started us with signals blocked.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--email", default="bot@example.com")
    parser.add_argument("--token", default="jira-api-t0ken")
    parser.add_argument("--project", action="append", default=None)
    parser.add_argument("--issue-type", action="append", default=None)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", args.port),
        make_handler(args.email, args.token, set(args.project or ["SEC"]),
                     set(args.issue_type or ["Task", "Bug", "Story"])))
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    print("jira contract server on port", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
