#!/usr/bin/env python3
"""Writes staff_letter.pdf: a two-page staff comment letter made up for the tests, laid out as
2018-2024 EDGAR staff letters are (visible running header on page 2, then the same header again
as invisible template text, render mode 3). Page 2's content stream is Flate-compressed.
Run from this folder: python3 make_staff_letter_pdf.py"""
import zlib

def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

def page(lines):
    """lines: (x, y, text, invisible)"""
    ops = ["BT /F1 11 Tf"]
    for x, y, text, hidden in lines:
        ops.append(f"{3 if hidden else 0} Tr 1 0 0 1 {x} {y} Tm ({esc(text)}) Tj")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")

p1 = [(400, 740, "February 25, 2031", False),
      (72, 710, "Orla Penhallow", False),
      (72, 696, "Chief Financial Officer", False),
      (72, 682, "Quillfeather Instruments, Inc.", False),
      (72, 668, "12 Harbor Lane", False),
      (72, 654, "Portland, Maine 04101", False),
      (108, 626, "Re: Quillfeather Instruments, Inc.", False),
      (130, 612, "Form 10-K for the Fiscal Year Ended December 31, 2030", False),
      (130, 598, "File No. 001-99999", False),
      (72, 570, "Dear Ms. Penhallow:", False),
      (108, 542, "We have limited our review of your filing to the financial statements and", False),
      (72, 528, "related disclosures and have the following comments.", False),
      (72, 500, "Management's Discussion and Analysis, page 31", False),
      (72, 472, "1.", False),
      (108, 472, "Please quantify each factor that contributed to the 12% increase in net", False),
      (108, 458, "sales, including price and volume.", False),
      (72, 430, "2.", False),
      (108, 430, "Please tell us why the warranty reserve decreased while sales rose.", False)]
p2 = [(72, 740, "Orla Penhallow", False),
      (72, 726, "Quillfeather Instruments, Inc.", False),
      (72, 712, "February 25, 2031", False),
      (72, 698, "Page 2", False),
      (72, 684, "FirstName LastNameOrla Penhallow", True),
      (72, 670, "Comapany NameQuillfeather Instruments, Inc.", True),
      (72, 656, "February 25, 2031 Page 2", True),
      (72, 620, "Notes to Financial Statements", False),
      (72, 592, "3.", False),
      (108, 592, "Please disclose the accounting policy for the warranty reserve.", False),
      (108, 564, "You may contact Wren Adair at (202) 555-0199 with any questions.", False),
      (300, 536, "Sincerely,", False),
      (300, 508, "Division of Corporation Finance", False),
      (72, 100, "FirstName LastName", True)]

c1 = page(p1)
c2 = zlib.compress(page(p2))
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 /MediaBox [0 0 612 792] >>",
    b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(c1) + c1 + b"\nendstream",
    b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>",
    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(c2) + c2 + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
]
out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open("staff_letter.pdf", "wb").write(out)
