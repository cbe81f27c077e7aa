#!/usr/bin/env python3
"""Builds a DIR for shared/tools/score_check.py from a letter whose figures all agree (the seed):
clean.txt, ten copies with one figure changed each, and cases.tsv (file, changed figure, note).

Usage: check_cases.py SEED_TXT OUT_DIR

The figures are picked by the kind of statement they sit in, not by position, so the script works on
any letter written like the seed; it stops with a message if a kind is missing. Each figure is moved
by a few percent and printed at its original precision.
"""
import os, re, sys

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

def fmt_like(v, like):
    dec = len(like.split(".")[1]) if "." in like else 0
    s = f"{v:,.{dec}f}" if "," in like else f"{v:.{dec}f}"
    return s

# (note, regex whose group 1 is the figure to change, which match (0-based), factor)
KINDS = [
    ("percentage of a change", r"increased by (" + NUM + r")%", 0, 1.06),
    ("another percentage of a change", r"increased by (" + NUM + r")%", 2, 0.93),
    ("RMB end of a change, also translated", r"\bto RMB(" + NUM + r") million \(US", 0, 1.04),
    ("RMB start of a change", r"from RMB(" + NUM + r") million", 0, 0.95),
    ("RMB amount translated only", r"of RMB(" + NUM + r") million \(US", 1, 1.08),
    ("US$ translation in a change sentence", r"US\\?\$(" + NUM + r") million\) in", 0, 1.05),
    ("US$ translation in a list", r"US\\?\$(" + NUM + r") million\)", 10, 0.9),
    ("share percentage", r"accounted for (" + NUM + r")% of total", 0, 1.08),
    ("share percentage of a smaller part", r"accounted for (" + NUM + r")% of total", 3, 1.2),
    ("part of a share", r"RMB(" + NUM + r") million(?: in \d{4})?, which accounted", 2, 1.1),
]

def main():
    seed, out = sys.argv[1], sys.argv[2]
    text = open(seed, encoding="utf-8").read()
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, "clean.txt"), "w", encoding="utf-8").write(text)
    rows = ["file\tfigure\tnote"]
    for n, (note, pat, which, factor) in enumerate(KINDS, 1):
        ms = list(re.finditer(pat, text))
        if len(ms) <= which:
            sys.exit(f"no statement of kind {note!r} (pattern {pat})")
        m = ms[which]
        old = m.group(1)
        new = fmt_like(float(old.replace(",", "")) * factor, old)
        assert new != old
        mutated = text[: m.start(1)] + new + text[m.end(1):]
        name = f"m{n:02d}.txt"
        open(os.path.join(out, name), "w", encoding="utf-8").write(mutated)
        rows.append(f"{name}\t{new}\t{note}: {old} -> {new}")
    open(os.path.join(out, "cases.tsv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
    print(f"{out}: clean.txt and {len(KINDS)} mutated copies")

if __name__ == "__main__":
    main()
