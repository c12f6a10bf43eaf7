"""Parses .eml files with Python's email package and checks them (run by tests/email.rs).

Usage: python3 tests/email/check_eml.py FILE=EXPECTED_LOCALE ...
Prints one JSON object per file; exits 1 when a check fails.
"""
import email
import email.policy
import json
import sys

failed = False
for arg in sys.argv[1:]:
    path, expected = arg.rsplit("=", 1)
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    problems = []
    if msg.defects:
        problems.append("defects: %r" % msg.defects)
    if msg.get_content_type() != "multipart/alternative":
        problems.append("not multipart/alternative: " + msg.get_content_type())
    parts = list(msg.iter_parts())
    types = [p.get_content_type() for p in parts]
    if types != ["text/plain", "text/html"]:
        problems.append("parts: %r" % types)
    for part in parts:
        if (part.get_content_charset() or "").lower() != "utf-8":
            problems.append("charset of %s: %r" % (part.get_content_type(), part.get_content_charset()))
        if part.defects:
            problems.append("part defects: %r" % part.defects)
    for header in ["From", "To", "Subject", "Date", "Message-ID", "Content-Language", "Auto-Submitted", "MIME-Version"]:
        if msg[header] is None:
            problems.append("missing header " + header)
    if str(msg["Content-Language"]) != expected:
        problems.append("Content-Language %s, expected %s" % (msg["Content-Language"], expected))
    if str(msg["Auto-Submitted"]) != "auto-generated":
        problems.append("Auto-Submitted: %s" % msg["Auto-Submitted"])
    for line in raw.split(b"\r\n"):
        if len(line) > 998:
            problems.append("line longer than 998 octets")
            break
    try:
        raw.decode("ascii")
    except UnicodeDecodeError:
        problems.append("raw message is not 7-bit ASCII")
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    if 'lang="%s"' % expected not in html:
        problems.append("html has no lang=%s" % expected)
    if "<img" in html.lower() or "src=\"http" in html.lower():
        problems.append("html loads a remote resource")
    report = {
        "file": path,
        "to": str(msg["To"]),
        "subject": str(msg["Subject"]),
        "language": str(msg["Content-Language"]),
        "text_start": text[:60],
        "problems": problems,
    }
    print(json.dumps(report, ensure_ascii=False))
    failed = failed or bool(problems)
sys.exit(1 if failed else 0)
