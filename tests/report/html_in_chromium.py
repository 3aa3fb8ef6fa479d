#!/usr/bin/env python3
"""--format html in a real browser: grades a bundled UDP client whose first datagram the proxy
drops, renders the page in headless Chromium, and checks what a person would see.

  html_in_chromium.py NETGRADE [--save PNG]

The screenshot must be a PNG of the window's size in which the sequence diagram is drawn: three
lifeline boxes side by side, below them a red X on the proxy's lifeline (the drop) and a dark
arrow that runs from the student's lifeline to the reference server's (the datagram that
passed). The rendered DOM (--dump-dom) must hold the diagram's elements and the diagnosis, and
no script. --save copies the screenshot (the README's picture, ci/screenshots/report.png).
Exit 77 (skipped) when Chromium is not installed.
"""
import itertools
import operator
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib
from html.parser import HTMLParser

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 1100, 640
LIFELINE_FILL = (0xE8, 0xEA, 0xF6)  # the boxes' fill in sequence_svg.cc, nowhere else
DROP_RED = (0xC6, 0x28, 0x28)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def read_png(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG, as Chromium writes."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        fail(f"unexpected PNG form: depth {depth}, colour type {color}, interlace {interlace}")
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytes(stride)
    for y in range(height):
        at = y * (stride + 1)
        filt, line = raw[at], raw[at + 1:at + 1 + stride]
        # Sub and Up are undone with C-level iteration (a few ms a row in a Python loop).
        if filt == 1:
            line = bytearray(stride)
            for k in range(bpp):
                line[k::bpp] = bytes(map((255).__and__, itertools.accumulate(raw[at + 1 + k:at + 1 + stride:bpp])))
        elif filt == 2:
            line = bytes(map((255).__and__, map(operator.add, line, prev)))
        elif filt in (3, 4):
            line = bytearray(line)
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                if filt == 3:
                    line[i] = (line[i] + ((a + b) >> 1)) & 255
                    continue
                c = prev[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rgb = line
        if bpp == 4:  # the alpha channel left out
            rgb = bytearray(width * 3)
            for k in range(3):
                rgb[k::3] = line[k::4]
        rows.append(bytes(rgb))
        prev = line
    return width, height, rows


def pixel(row, x):
    return tuple(row[3 * x:3 * x + 3])


def near(p, color, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(p, color))


def check_screenshot(path):
    width, height, rows = read_png(path)
    if (width, height) != (WIDTH, HEIGHT):
        fail(f"screenshot is {width}x{height}, not {WIDTH}x{HEIGHT}")
    # The lifeline boxes: the first row with three runs of their fill (at least 100 px each)
    # side by side. Searched as bytes: a pixel by pixel loop in Python takes seconds.
    fill, boxes = bytes(LIFELINE_FILL), None
    for y, row in enumerate(rows):
        runs, at = [], row.find(fill * 100)
        while at != -1:
            if at % 3:  # not at a pixel's start
                at = row.find(fill * 100, at + 1)
                continue
            end = at
            while row[end:end + 3] == fill:
                end += 3
            runs.append((at // 3 + end // 3) // 2)
            at = row.find(fill * 100, end)
        if len(runs) == 3:
            boxes = (y, runs)
            break
    if not boxes:
        fail("no row with the three lifeline boxes side by side: the diagram was not drawn")
    top, (student, proxy, peer) = boxes
    band = rows[top + 30:min(height, top + 230)]
    # Ink: bytes of the region that are not white.
    ink = sum(len(r) - r.count(255) for r in (row[3 * (student - 120):3 * (peer + 120)] for row in band))
    if ink < 5000:
        fail(f"the diagram's region is nearly blank: {ink} bytes not white")
    red = sum(1 for row in band for x in range(proxy - 14, proxy + 15)
              if near(pixel(row, x), DROP_RED))
    if red < 30:
        fail(f"no drop mark (red X) on the proxy's lifeline at x={proxy}: {red} red pixels")
    # The arrow that passed: a row whose dark pixels (red, green and blue all low) span most of
    # the way from the student's lifeline to the peer's.
    longest = 0
    for row in band:
        seg = row[3 * student:3 * (peer + 1)]
        dark = [max(t) < 100 for t in zip(seg[0::3], seg[1::3], seg[2::3])]
        longest = max(longest, sum(dark))
    if longest < 0.8 * (peer - student):
        fail(f"no arrow from the student's lifeline to the peer's (longest dark run {longest} px "
             f"of {peer - student})")
    print(f"screenshot {width}x{height}: lifelines at x={student},{proxy},{peer} (y={top}), "
          f"{ink} bytes of ink, {red} red pixels at the proxy, an arrow of {longest} px")


class Dom(HTMLParser):
    """Counts the sequence diagram's elements (not the legend's) and collects the page's text."""

    def __init__(self):
        super().__init__()
        self.in_diagram, self.depth, self.classes, self.text, self.scripts = False, 0, [], "", 0

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "script":
            self.scripts += 1
        if tag == "svg" and cls == "sequence":
            self.in_diagram, self.depth = True, 0
        if self.in_diagram:
            self.depth += 1
            self.classes.append(cls)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.in_diagram:
            self.depth -= 1
            if tag == "svg" and self.depth == 0:
                self.in_diagram = False

    def handle_data(self, data):
        self.text += data


def check_dom(dom_text):
    dom = Dom()
    dom.feed(dom_text)
    count = lambda cls: sum(1 for c in dom.classes if c == cls or c.startswith(cls + " "))
    want = {"lifeline": 3, "event": 3, "event dropped": 1, "drop-mark": 1, "arrow": 3}
    got = {cls: count(cls) for cls in want}
    if got != want:
        fail(f"the rendered diagram has {got}, not {want}")
    if dom.scripts:
        fail("the rendered page holds a script")
    # The messages are drawn from the seed (specs/FORMAT.md): their words are not known here.
    for words in (r"did not send '[^']+' again after its timeout", r"'[^']+' \u00b7 \d+ B",
                  r"client\.py", "reference server", r"Score: 0/1"):
        if not re.search(words, dom.text):
            fail(f"the rendered page does not say {words!r}")
    print(f"DOM: {got}, and the diagnosis")


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--save"):
        print(__doc__)
        return 2
    netgrade = sys.argv[1]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: chromium is not installed (ci/install-deps.sh installs it)")
        return 77
    with tempfile.TemporaryDirectory(prefix="netgrade-html-") as tmp:
        page = os.path.join(tmp, "report.html")
        graded = subprocess.run(
            [netgrade, "check", "specs/udp-capitalize.yaml", "--submission",
             "tests/submissions/udp-capitalize/no-resend-client", "--role", "client", "--case",
             "client-first-datagram-dropped", "--format", "html"],
            cwd=SOURCE, capture_output=True, timeout=120)
        if graded.returncode != 1:
            fail(f"netgrade exited {graded.returncode}, not 1:\n{graded.stderr.decode()}")
        open(page, "wb").write(graded.stdout)
        shot = os.path.join(tmp, "report.png")
        # A profile of its own, no GPU, no first-run UI: the same picture on any machine.
        browser = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
             "--disable-dev-shm-usage",
             "--force-device-scale-factor=1", f"--user-data-dir={os.path.join(tmp, 'profile')}",
             f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", "--dump-dom",
             "file://" + page],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            env=dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp))
        try:
            dom_text, errors = browser.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.communicate()
            fail("chromium did not finish within 60 s")
        finally:
            # Chromium's helper processes go with it.
            try:
                os.killpg(browser.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if browser.returncode != 0 or not os.path.exists(shot):
            fail(f"chromium exited {browser.returncode}:\n{errors.decode(errors='replace')[-2000:]}")
        check_dom(dom_text.decode("utf-8"))
        check_screenshot(shot)
        if len(sys.argv) == 4:
            shutil.copyfile(shot, sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
