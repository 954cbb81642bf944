#!/usr/bin/env python3
"""The explorer benchmark's comparison: the same questions as Palisade's explorer, written against networkx.

Reads nodes.tsv (index, kind, name, insight kinds) and edges.tsv (src, dst, kind, unknown) into a networkx
MultiDiGraph (not timed), then times each question `iterations` times in thread CPU time, as the Swift side
measures, and prints {"version", "queries": {name: {"p50" ms, "answer"}}}. Answers are printed
as the explorer's are: counts joined by '/' for the path queries, "N rows" for templates."""
import json
import statistics
import sys
import time

import networkx as nx


def load(d):
    g = nx.MultiDiGraph()
    kind, name, flags = {}, {}, {}
    with open(f"{d}/nodes.tsv") as f:
        for line in f:
            i, k, n, ins = line.rstrip("\n").split("\t")
            i = int(i)
            kind[i], name[i], flags[i] = k, n, set(ins.split(",")) if ins else set()
            g.add_node(i)
    with open(f"{d}/edges.tsv") as f:
        for line in f:
            s, t, k, u = line.rstrip("\n").split("\t")
            g.add_edge(int(s), int(t), kind=k, unknown=u == "1")
    internet = next(i for i, k in kind.items() if k == "internet")
    return g, kind, name, flags, internet


def out(g, n, kinds):
    for _, t, data in g.out_edges(n, data=True):
        if data["kind"] in kinds:
            yield t, data


def main(d, iterations):
    g, kind, name, flags, internet = load(d)

    def two_hop():
        pairs, reached = 0, set()
        for w, _ in out(g, internet, {"exposes"}):
            if kind[w] != "aws.ec2.instance":
                continue
            for a, _ in out(g, w, {"can_reach"}):
                pairs += 1
                reached.add(a)
        return f"{pairs}/{len(reached)}"

    def three_hop():
        paths, buckets = 0, set()
        for w, _ in out(g, internet, {"exposes"}):
            for r, _ in out(g, w, {"has_role"}):
                if kind[r] != "aws.iam.role":
                    continue
                for b, _ in out(g, r, {"can_read", "can_write"}):
                    if kind[b] == "aws.s3.bucket" and "sensitive_data" in flags[b]:
                        paths += 1
                        buckets.add(b)
        return f"{paths}/{len(buckets)}"

    def three_hop_var():
        kinds = {"exposes", "can_reach", "has_role"}
        count = 0

        def walk(n, depth, used):
            nonlocal count
            if depth == 3:
                if kind[n] == "aws.iam.role":
                    count += 1
                return
            for _, t, key, data in g.out_edges(n, keys=True, data=True):
                if data["kind"] in kinds and (n, t, key) not in used:
                    used.add((n, t, key))
                    walk(t, depth + 1, used)
                    used.discard((n, t, key))
        walk(internet, 0, set())
        return f"{count}"

    def high_findings():
        rows = [w for w, e in out(g, internet, {"exposes"})
                if not e["unknown"] and kind[w] == "aws.ec2.instance" and "high_severity_findings" in flags[w]]
        return f"{len(rows)} rows"

    def readers():
        rows = 0
        for s, t, data in g.edges(data=True):
            if data["kind"] == "can_read" and not data["unknown"] and kind[t] == "aws.s3.bucket" \
                    and "sensitive_data" in flags[t]:
                rows += 1
        return f"{rows} rows"

    def secrets():
        rows = set()
        for c, e in out(g, internet, {"exposes"}):
            if e["unknown"]:
                continue
            for r, _ in out(g, c, {"has_role"}):
                if kind[r] != "aws.iam.role":
                    continue
                # Roles reachable in 0..2 assume steps (each walk uses an edge once; distinct rows anyway).
                frontier, seen = [r], [r]
                for _ in range(2):
                    nxt = []
                    for x in frontier:
                        for y, _ in out(g, x, {"can_assume"}):
                            nxt.append(y)
                    seen += nxt
                    frontier = nxt
                for role in set(seen):
                    if kind[role] != "aws.iam.role":
                        continue
                    for s, _ in out(g, role, {"can_get_secret"}):
                        rows.add((name[c], name[role], name[s]))  # RETURN DISTINCT of the names
        return f"{len(rows)} rows"

    questions = {
        "2-hop: exposed instance → reachable": two_hop,
        "3-hop: exposed → role → sensitive bucket": three_hop,
        "3-hop var-length: internet →*3 role": three_hop_var,
        "internet-exposed-instances-with-high-severity-findings": high_findings,
        "principals-that-can-read-sensitive-buckets": readers,
        "secrets-readable-from-internet-exposed-compute": secrets,
    }
    result = {}
    for q, fn in questions.items():
        answer = fn()
        times = []
        for _ in range(iterations):
            t0 = time.thread_time()
            fn()
            times.append((time.thread_time() - t0) * 1000)
        result[q] = {"p50": statistics.median(times), "answer": answer}
    print(json.dumps({"version": nx.__version__, "queries": result}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
