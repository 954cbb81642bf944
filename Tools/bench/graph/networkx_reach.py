#!/usr/bin/env python3
"""The graph benchmark's comparison: the same per-entry reachability as Palisade's PathEngine, with networkx.

Reads the exported graph (edges.txt: `src dst weight movement`), the entries and the targets; loads them into a
networkx DiGraph (not timed); then, timed: for every entry, Dijkstra over the movement edges (weights 2 definite,
8 conditional, as PathSearch), and the targets reached — a target node reached by a movement edge, or the end of an
access edge from a reached node. Prints {"seconds", "pairs"}: pairs = (entry, target) pairs, which must equal
Palisade's (the synthetic graph keeps every chain within PathSearch's hop bound)."""
import json
import sys
import time

import networkx as nx


def main(d):
    movement = nx.DiGraph()
    access = {}
    with open(f"{d}/edges.txt") as f:
        for line in f:
            s, t, w, m = line.split()
            s, t = int(s), int(t)
            if m == "1":
                # Parallel edges: keep the cheaper one, as the search would.
                if not movement.has_edge(s, t) or movement[s][t]["w"] > int(w):
                    movement.add_edge(s, t, w=int(w))
            else:
                access.setdefault(s, []).append(t)
    entries = [int(x) for x in open(f"{d}/entries.txt").read().split()]
    targets = set(int(x) for x in open(f"{d}/targets.txt").read().split())

    start = time.process_time()  # CPU time of this (single-threaded) process, as the Swift side measures
    pairs = 0
    for e in entries:
        if e not in movement:
            reached = {e: 0}
        else:
            _, reached = nx.dijkstra_predecessor_and_distance(movement, e, weight="w")
        found = set()
        for u in reached:
            if u != e and u in targets:
                found.add(u)
            for t in access.get(u, ()):
                if t != e and t in targets:
                    found.add(t)
            if u in movement:
                for t in movement.successors(u):
                    if t != e and t in targets:
                        found.add(t)
        pairs += len(found)
    seconds = time.process_time() - start
    print(json.dumps({"seconds": seconds, "pairs": pairs}))


if __name__ == "__main__":
    main(sys.argv[1])
