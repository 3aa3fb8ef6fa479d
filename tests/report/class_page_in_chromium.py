#!/usr/bin/env python3
"""The class page of netgrade batch (OUT/index.html) in a real browser: grades a class of four
(the reference server, one that reads once per connection, an echo server, and a zip file where
a folder should be), renders the page in headless Chromium, and checks what an instructor sees.

  class_page_in_chromium.py NETGRADE [--save PNG]

The screenshot must show the score distribution as blue bars, one per score some submission
got, each as long as its count says (the longest the most common score), and the pass rate of
each case as a green bar as long as summary.json's rate says. The rendered DOM must say the
counts, each case's "N of 4", the most common diagnoses with the students who got them, link
every student to a report that exists, and hold no script. --save copies the screenshot.
Exit 77 (skipped) when Chromium is not installed.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import unquote

from html_in_chromium import fail, read_png

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 1100, 1500
BLUE = (0x15, 0x65, 0xC0)   # .bar.count in class_summary.cc
GREEN = (0x2E, 0x7D, 0x32)  # .bar.rate
TRACK_PX = 256               # .track: 16rem at 16 px


def bands(rows, color):
    """The bars of one colour, top to bottom: (first row, width in px) of each run of at least
    12 rows (a bar is 16 px high; text in the same colour is not) that hold a run of at least 3
    pixels of exactly that colour."""
    needle = bytes(color) * 3
    found, current = [], None
    for y, row in enumerate(rows):
        at, width = row.find(needle), 0
        while at != -1:
            if at % 3:
                at = row.find(needle, at + 1)
                continue
            end = at
            while row[end:end + 3] == bytes(color):
                end += 3
            width = max(width, (end - at) // 3)
            at = row.find(needle, end)
        if width and current is None:
            current = [y, width, 1]
            found.append(current)
        elif width:
            current[1] = max(current[1], width)
            current[2] += 1
        else:
            current = None
    return [(y, w) for y, w, high in found if high >= 12]


def check_screenshot(path, summary):
    width, height, rows = read_png(path)
    if (width, height) != (WIDTH, HEIGHT):
        fail(f"screenshot is {width}x{height}, not {WIDTH}x{HEIGHT}")
    counts = [b["count"] for b in summary["distribution"] if b["count"]]
    blue = bands(rows, BLUE)
    if len(blue) != len(counts):
        fail(f"{len(blue)} blue bars for {len(counts)} scores some submission got: {blue}")
    most = max(counts)
    for (y, got), count in zip(blue, counts):
        want = TRACK_PX * count / most
        if abs(got - want) > 3:
            fail(f"the bar at y={y} is {got} px for {count} submissions; {want:.0f} expected")
    rates = [c["pass_rate"] for c in summary["cases"] if c["pass_rate"] > 0]
    green = bands(rows, GREEN)
    if len(green) != len(rates):
        fail(f"{len(green)} green bars for {len(rates)} cases some submission passed")
    for (y, got), rate in zip(green, rates):
        if abs(got - TRACK_PX * rate) > 3:
            fail(f"the pass-rate bar at y={y} is {got} px for {rate:.0%}")
    if not all(b[0] < g[0] for b in blue for g in green):
        fail("the distribution is not above the pass rates")
    print(f"screenshot {width}x{height}: {len(blue)} distribution bars {[w for _, w in blue]} px, "
          f"{len(green)} pass-rate bars")


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.links, self.scripts = "", [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))

    def handle_data(self, data):
        self.text += data + " "  # one cell from the next


def check_dom(dom_text, summary, out):
    dom = Dom()
    dom.feed(dom_text)
    if dom.scripts:
        fail("the rendered page holds a script")
    text = " ".join(dom.text.split())
    want = ["tcp-capitalize — class of 4", "1 passed · 2 failed · 1 not graded (layout)"]
    for c in summary["cases"]:
        want.append(f"{c['name']} {c['points'] if c['points'] else '0 (not graded)'} "
                    f"{c['passed']} of {c['passed'] + c['failed']}")
    top = summary["diagnoses"][0]
    want.append(f"{top['diagnosis']}")
    for words in want:
        if words not in text:
            fail(f"the rendered page does not say {words!r}")
    for student in summary["students"]:
        if student["report"] not in [unquote(h) for h in dom.links]:
            fail(f"no link to {student['submission']}'s report")
    for href in dom.links:
        if not os.path.isfile(os.path.join(out, unquote(href))):
            fail(f"the link {href} leads to no file")
    print(f"DOM: the counts, {len(summary['cases'])} cases, {len(dom.links)} links to reports "
          "that exist")


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--save"):
        print(__doc__)
        return 2
    netgrade = sys.argv[1]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: chromium is not installed (ci/install-deps.sh installs it)")
        return 77
    with tempfile.TemporaryDirectory(prefix="netgrade-class-page-") as tmp:
        subs, out = os.path.join(tmp, "subs"), os.path.join(tmp, "out")
        os.mkdir(subs)
        for name, source in (("alice", "reference/tcp-capitalize/python"),
                             ("bob", "tests/submissions/tcp-capitalize/one-recv-per-connection"),
                             ("dave", "tests/submissions/tcp-capitalize/echo-server")):
            shutil.copytree(os.path.join(SOURCE, source), os.path.join(subs, name))
        open(os.path.join(subs, "carol.zip"), "w").write("not a folder\n")
        graded = subprocess.run(
            [netgrade, "batch", "specs/tcp-capitalize.yaml", "--submissions", subs, "--out", out,
             "--jobs", "2", "--format", "html"],
            cwd=SOURCE, capture_output=True, timeout=300, env=dict(os.environ, TMPDIR=tmp))
        if graded.returncode != 1:
            fail(f"netgrade batch exited {graded.returncode}, not 1:\n{graded.stderr.decode()}")
        summary = json.load(open(os.path.join(out, "summary.json")))
        shot = os.path.join(tmp, "class.png")
        browser = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
             "--disable-dev-shm-usage",
             "--force-device-scale-factor=1", f"--user-data-dir={os.path.join(tmp, 'profile')}",
             f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", "--dump-dom",
             "file://" + os.path.join(out, "index.html")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            env=dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp))
        try:
            dom_text, errors = browser.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.communicate()
            fail("chromium did not finish within 60 s")
        finally:
            try:
                os.killpg(browser.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if browser.returncode != 0 or not os.path.exists(shot):
            fail(f"chromium exited {browser.returncode}:\n{errors.decode(errors='replace')[-2000:]}")
        check_dom(dom_text.decode("utf-8"), summary, out)
        check_screenshot(shot, summary)
        if len(sys.argv) == 4:
            shutil.copyfile(shot, sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
