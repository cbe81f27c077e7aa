#!/usr/bin/env python3
"""Generates a corpus of filing-review letters at EDGAR's size, in EDGAR's folder layout, for the
ingest benchmark (bench/scale.sh). Not part of the product: a bench tool.

    python3 bench/gen_corpus.py --letters 600000 --out /tmp/edgar600k [--from ../shared/corpus] [--seed 1]

How the letters follow the real ones. The generator reads the DEV corpus at run time (never copies
its text into this repository) and learns from it:
  - thread shapes: documents per thread, and the order of staff (UPLOAD, PDF) and company
    (CORRESP, HTML) letters, from the folders of real threads;
  - lengths: words per staff letter and per company response, and numbered comments per staff
    letter (paragraphs opening with "N."), sampled from their empirical distributions;
  - vocabulary: a word-bigram model of staff comments and one of company answers, so words, their
    frequencies and common phrases behave as in real letters while no sentence is a real one.
Each letter is assembled in the shape the parser reads: date, Re: block naming a filing, salutation,
captions with page references, numbered comments (restated in the response, each followed by
"Response:"), acknowledgment and signature. Staff letters are PDFs: a share (`--real-pdf-share`,
default 0.5) are copies of real DEV staff PDFs (embedded fonts, as EDGAR's are), the rest are PDFs
this script writes (Helvetica text, one Flate stream per page), which are cheaper to read than
real ones: the mix keeps PDF extraction's share of the time realistic. Company letters are HTML.
A closing letter ends each review ("We have completed our review of your filing").

Deterministic for a seed; streams to disk (memory stays flat whatever --letters); the layout is
<out>/sec/<TICKER>/<THREAD>/filings/<ACCESSION>/{filename1.pdf|filename1.htm,index.json} with
<out>/sec/<TICKER>/company_submissions.json, as in the DEV corpus.
"""
import argparse
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zlib


def words_of(text):
    return re.findall(r"[A-Za-z][A-Za-z'&\-]*|\d[\d,.%$]*|[.,;:?()]", text)


class Bigrams:
    """Word-bigram model: successors per word, sentence openers."""

    def __init__(self):
        self.next = {}
        self.starts = []

    def learn(self, text):
        prev = "."
        for w in words_of(text):
            if prev in ".?":
                if w[0].isupper():
                    self.starts.append(w)
            self.next.setdefault(prev, []).append(w)
            prev = w

    def sentence(self, rng, limit=60):
        w = rng.choice(self.starts) if self.starts else "Please"
        out = [w]
        for _ in range(limit):
            nxt = self.next.get(w)
            if not nxt:
                break
            w = rng.choice(nxt)
            out.append(w)
            if w in ".?":
                break
        if out[-1] not in ".?":
            out.append(".")
        s = " ".join(out)
        return re.sub(r" ([.,;:?)])", r"\1", s).replace("( ", "(")

    def text(self, rng, n_words):
        out, n = [], 0
        while n < n_words:
            s = self.sentence(rng)
            out.append(s)
            n += s.count(" ") + 1
        return " ".join(out)


def html_text(raw):
    raw = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def pdf_text(path):
    try:
        return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, timeout=30).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return ""


COMMENT = re.compile(r"(?m)^\s*(\d{1,2})\.\s+([A-Z].*)$")


def learn(corpus, rng, max_pdfs):
    """Statistics and text models from the DEV corpus."""
    staff, company = Bigrams(), Bigrams()
    thread_shapes, staff_words, company_words, comment_counts, real_pdfs = [], [], [], [], []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        if os.path.basename(root) == "filings":
            shape = []
            for acc in sorted(dirs):
                names = os.listdir(os.path.join(root, acc))
                if "filename1.pdf" in names:
                    shape.append("S")
                    real_pdfs.append(os.path.join(root, acc, "filename1.pdf"))
                elif "filename1.htm" in names:
                    shape.append("C")
                    path = os.path.join(root, acc, "filename1.htm")
                    with open(path, encoding="utf-8", errors="replace") as f:
                        t = html_text(f.read())
                    company.learn(t)
                    company_words.append(len(t.split()))
            if shape:
                thread_shapes.append("".join(shape))
    rng.shuffle(real_pdfs)
    have_pdftotext = shutil.which("pdftotext") is not None
    for path in real_pdfs[:max_pdfs] if have_pdftotext else []:
        t = pdf_text(path)
        staff.learn(" ".join(m.group(2) for m in COMMENT.finditer(t)) or t)
        staff_words.append(len(t.split()))
        comment_counts.append(len({m.group(1) for m in COMMENT.finditer(t)}))
    if not staff.starts:  # no pdftotext: staff words from the company letters' restated comments
        staff = company
        staff_words = [max(200, w // 4) for w in company_words]
        comment_counts = [5]
    return {
        "staff": staff,
        "company": company,
        "shapes": thread_shapes or ["SCS"],
        "staff_words": staff_words or [600],
        "company_words": company_words or [2500],
        "comments": [c for c in comment_counts if c > 0] or [4],
        "real_pdfs": real_pdfs,
    }


FORMS = ["Form 10-K for the Fiscal Year Ended December 31, {y}", "Form 10-Q for the Quarterly Period Ended June 30, {y}",
         "Registration Statement on Form S-1", "Form 20-F for the Fiscal Year Ended December 31, {y}",
         "Definitive Proxy Statement on Schedule 14A", "Form 8-K Filed {d}"]
CAPTIONS = ["Management's Discussion and Analysis of Financial Condition and Results of Operations",
            "Results of Operations, page {p}", "Liquidity and Capital Resources, page {p}",
            "Critical Accounting Estimates, page {p}", "Notes to Consolidated Financial Statements",
            "Note {n}. Revenue Recognition, page F-{p}", "Note {n}. Segment Information, page F-{p}",
            "Non-GAAP Financial Measures, page {p}", "Risk Factors, page {p}", "Goodwill, page F-{p}"]
NAMES = ["Smith", "Garcia", "Chen", "Patel", "Johnson", "Nguyen", "Okafor", "Rossi", "Kim", "Larsen"]


def staff_letter(m, rng, company, re_line, date, n_comments, n_words):
    per = max(25, n_words // max(1, n_comments))
    lines = [date.strftime("%B %-d, %Y"), "", f"Mr. {rng.choice(NAMES)}", "Chief Financial Officer", company,
             f"{rng.randint(10, 9999)} Main Street", "Springfield, IL 62701", "", f"Re: {company}", f"    {re_line}",
             f"    File No. 001-{rng.randint(10000, 39999)}", "", f"Dear Mr. {rng.choice(NAMES)}:", "",
             "We have reviewed your filing and have the following comments. In some of our comments, we may ask you to "
             "provide us with information so we may better understand your disclosure.", ""]
    for i in range(1, n_comments + 1):
        if i == 1 or rng.random() < 0.4:
            lines += [rng.choice(CAPTIONS).format(p=rng.randint(3, 120), n=rng.randint(1, 20)), ""]
        lines += [f"{i}. {m['staff'].text(rng, per)}", ""]
    lines += ["We remind you that the company and its management are responsible for the accuracy and adequacy of "
              "their disclosures, notwithstanding any review, comments, action or absence of action by the staff.", "",
              "Sincerely,", "", f"/s/ {rng.choice(NAMES)}", "Division of Corporation Finance", "Office of Trade & Services"]
    return lines


def closing_letter(rng, company, re_line, date):
    return [date.strftime("%B %-d, %Y"), "", company, "", f"Re: {company}", f"    {re_line}", "",
            f"Dear Mr. {rng.choice(NAMES)}:", "",
            "We have completed our review of your filing. We remind you that the company and its management are "
            "responsible for the accuracy and adequacy of their disclosures, notwithstanding any review, comments, "
            "action or absence of action by the staff.", "", "Sincerely,", "", "/s/ Division of Corporation Finance"]


def response_html(m, rng, company, re_line, date, staff_date, n_comments, n_words):
    per = max(40, n_words // max(1, n_comments))
    p = [f"<p>{date.strftime('%B %-d, %Y')}</p>", "<p>VIA EDGAR</p>",
         "<p>U.S. Securities and Exchange Commission<br>Division of Corporation Finance<br>100 F Street, N.E.<br>Washington, D.C. 20549</p>",
         f"<p>Re: {html.escape(company)}<br>{html.escape(re_line)}</p>", f"<p>Dear Mr. {rng.choice(NAMES)}:</p>",
         f"<p>{html.escape(company)} (the &#8220;Company&#8221;) submits this letter in response to the comments of the staff "
         f"contained in the letter dated {staff_date.strftime('%B %-d, %Y')}. For convenience, each comment is restated "
         "in bold below, followed by the Company&#8217;s response.</p>"]
    for i in range(1, n_comments + 1):
        p.append(f"<p><b>{i}. {html.escape(m['staff'].text(rng, max(25, per // 4)))}</b></p>")
        p.append(f"<p><u>Response</u>: {html.escape(m['company'].text(rng, per))}</p>")
        if rng.random() < 0.3:
            a, b = rng.randint(100, 9000), rng.randint(100, 9000)
            p.append("<table><tr><td></td><td>2023</td><td>2022</td></tr>"
                     f"<tr><td>Revenue</td><td>${a:,}</td><td>${b:,}</td></tr>"
                     f"<tr><td>Cost of revenue</td><td>{a // 2:,}</td><td>{b // 2:,}</td></tr>"
                     f"<tr><td>Gross profit</td><td>${a - a // 2:,}</td><td>${b - b // 2:,}</td></tr></table>")
            p.append("<p>The Company will revise its disclosure in future filings.</p>")
    p += ["<p>Sincerely,</p>", f"<p>/s/ {rng.choice(NAMES)}<br>Chief Financial Officer</p>"]
    return "<html><body>\n" + "\n".join(p) + "\n</body></html>\n"


def pdf_bytes(lines):
    """A plain PDF of the lines: Helvetica 10 pt, 56 lines per page, wrapped at 92 characters."""
    wrapped = []
    for ln in lines:
        while len(ln) > 92:
            cut = ln.rfind(" ", 0, 92)
            cut = cut if cut > 20 else 92
            wrapped.append(ln[:cut])
            ln = ln[cut:].lstrip()
        wrapped.append(ln)
    pages = [wrapped[i:i + 56] for i in range(0, len(wrapped), 56)] or [[""]]
    objs = []  # bodies, object n at objs[n-1]
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(None)  # pages, filled below
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for pg in pages:
        ops = ["BT /F1 10 Tf 12 TL 72 740 Td"]
        for ln in pg:
            t = ln.encode("cp1252", "replace").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({t}) Tj T*")
        ops.append("ET")
        data = zlib.compress("\n".join(ops).encode("latin-1"), 6)
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--letters", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--from", dest="corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real-pdf-share", type=float, default=0.5)
    ap.add_argument("--letters-per-company", type=int, default=12, help="about; EDGAR has ~20,000 companies with reviews")
    ap.add_argument("--learn-pdfs", type=int, default=150, help="staff PDFs read to learn from (pdftotext)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    m = learn(a.corpus, rng, a.learn_pdfs)
    sec = os.path.join(a.out, "sec")
    os.makedirs(sec, exist_ok=True)
    written, company_no, staff_no, stats = 0, 0, 0, {"pdf": 0, "real_pdf": 0, "htm": 0, "bytes": 0}
    while written < a.letters:
        company_no += 1
        cik = 2_000_000 + company_no
        ticker = f"GEN{company_no:06d}"
        company = f"{rng.choice(['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Adatum', 'Litware', 'Proseware'])} {rng.choice(['Holdings', 'Industries', 'Systems', 'Bancorp', 'Therapeutics', 'Energy'])} {company_no}, Inc."
        rows = {"accessionNumber": [], "filingDate": [], "acceptanceDateTime": [], "form": []}
        budget = max(1, int(rng.expovariate(1 / a.letters_per_company)) + 1)
        seq = 0
        while budget > 0 and written < a.letters:
            shape = rng.choice(m["shapes"])
            shape = shape[: a.letters - written]
            year = rng.randint(2005, 2025)
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
            re_line = rng.choice(FORMS).format(y=year - 1, d=day.strftime("%B %-d, %Y"))
            thread = None
            staff_date = day
            for k, who in enumerate(shape):
                seq += 1
                if who == "S":
                    staff_no += 1  # staff accessions are unique across companies, as on EDGAR
                    acc = f"0000000000-{year % 100:02d}-{staff_no % 1000000:06d}"
                else:
                    acc = f"{cik:010d}-{year % 100:02d}-{seq:06d}"
                thread = thread or f"{ticker}_{acc}"
                folder = os.path.join(sec, ticker, thread, "filings", acc)
                os.makedirs(folder, exist_ok=True)
                n_comments = rng.choice(m["comments"])
                if who == "S":
                    staff_date = day
                    last = k == len(shape) - 1 and k > 0
                    path = os.path.join(folder, "filename1.pdf")
                    if not last and m["real_pdfs"] and rng.random() < a.real_pdf_share:
                        shutil.copyfile(rng.choice(m["real_pdfs"]), path)
                        stats["real_pdf"] += 1
                    else:
                        lines = closing_letter(rng, company, re_line, day) if last else staff_letter(
                            m, rng, company, re_line, day, n_comments, rng.choice(m["staff_words"]))
                        with open(path, "wb") as f:
                            f.write(pdf_bytes(lines))
                    stats["pdf"] += 1
                    form, name = "UPLOAD", "filename1.pdf"
                else:
                    path = os.path.join(folder, "filename1.htm")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(response_html(m, rng, company, re_line, day, staff_date, n_comments, rng.choice(m["company_words"])))
                    stats["htm"] += 1
                    form, name = "CORRESP", "filename1.htm"
                stats["bytes"] += os.path.getsize(path)
                accepted = dt.datetime.combine(day, dt.time(14, rng.randint(0, 59), rng.randint(0, 59)))
                with open(os.path.join(folder, "index.json"), "w") as f:
                    json.dump({"directory": {"name": f"/Archives/edgar/data/{cik}/{acc.replace('-', '')}", "item": [
                        {"name": name, "type": "", "size": str(os.path.getsize(path)), "last-modified": accepted.strftime("%Y-%m-%d %H:%M:%S")}]}}, f)
                rows["accessionNumber"].append(acc)
                rows["filingDate"].append(day.isoformat())
                rows["acceptanceDateTime"].append((accepted + dt.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
                rows["form"].append(form)
                written += 1
                budget -= 1
                day += dt.timedelta(days=rng.randint(10, 40))
        with open(os.path.join(sec, ticker, "company_submissions.json"), "w") as f:
            json.dump({"cik": f"{cik:010d}", "name": company.upper(), "filings": {"recent": rows}}, f)
        if company_no % 500 == 0:
            print(f"gen: {written} letters", file=sys.stderr)
    print(json.dumps({"letters": written, "companies": company_no, **stats}))


if __name__ == "__main__":
    main()
