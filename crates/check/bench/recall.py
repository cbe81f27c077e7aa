#!/usr/bin/env python3
"""Recall of `corresp check` on hand-labelled responses (labels.json in this folder).

Usage: recall.py CLAIMS_JSONL [CORPUS_ROOT]
CLAIMS_JSONL: the output of `cargo run --release -p corresp-check --example claims -- CORPUS_ROOT`
(one line per letter: its path and claims). A prose statement is found when one claim's text holds
all its figures; a table fact when one claim states its figure (within 0.005) and its text holds the
figures it is recomputed from. Found statements are split by verdict; 'weak' consistent claims are
counted apart. Prints one line per miss, then the totals.
"""
import json, os, re, sys

def norm(s):
    return re.sub(r"\s+", " ", s)

labels = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "labels.json")))
claims = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    acc = os.path.basename(os.path.dirname(d["path"]))
    claims[acc] = d["claims"]

def verdict(c):
    return "weak" if c.get("weak") else c["verdict"]

tot = {"prose": [0, {}], "table": [0, {}]}
for L in labels["letters"]:
    cl = claims.get(L["accession"])
    if cl is None:
        print(f"missing letter {L['accession']}")
        cl = []
    for figs in L["prose"]:
        tot["prose"][0] += 1
        hit = [c for c in cl if all(f in norm(c["text"]) for f in figs)]
        v = verdict(hit[0]) if hit else "missed"
        tot["prose"][1][v] = tot["prose"][1].get(v, 0) + 1
        if not hit:
            print(f"miss prose {L['accession']}: {figs}")
    for fact in L["table"]:
        tot["table"][0] += 1
        want = float(fact["stated"])
        hit = [c for c in cl if c.get("stated") is not None and abs(abs(c["stated"]) - abs(want)) < 0.005
               and all(p in norm(c["text"]) for p in fact["parts"])]
        v = verdict(hit[0]) if hit else "missed"
        tot["table"][1][v] = tot["table"][1].get(v, 0) + 1
        if not hit:
            print(f"miss table {L['accession']}: {fact}")
for k, (n, by) in tot.items():
    found = n - by.get("missed", 0)
    print(f"{k}: {n} labelled, {found} found ({found / max(n, 1):.0%}): " + ", ".join(f"{v} {x}" for x, v in sorted(by.items())))
