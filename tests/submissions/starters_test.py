#!/usr/bin/env python3
"""Checks the handouts and starters of every bundled exercise (exercises/<name>/).

    tests/submissions/starters_test.py NETGRADE

1. Each handout's `netgrade check` lines (and the index's, exercises/README.md) name a spec
   that exists, and only roles and cases that spec has; a handout names only program files
   the specs it names accept (server.py, ./client, tcpServer.py...); the index lists every
   exercise.
2. The starters (starter/python/*.py, starter/cpp/*.cpp) are one per role of the spec, and
   every "(README, <role> step N)" their TODOs point at is a step the handout has.
3. The C++ starters build with their Makefile, without a warning, in a copy (the source
   tree stays clean), two at a time while the Python starters are graded.
4. Untouched, the Python and the C++ starters are graded with one case per role: netgrade
   exits 1 (failed, not 2 or 3), and the report shows the starter's own message for step 1,
   "TODO: create a TCP socket: ... (README, server step 1)".
5. The Python starters with every todo("what: CODE (README, ...)") replaced by its CODE
   pass the same cases: the calls the TODOs name are the right ones. (Not a transport lab's:
   there the socket is given, and the TODOs are the protocol, not one call each.)
Prints one line per problem and exits 1, or prints a summary and exits 0.
"""
import ast
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
problems = []


def problem(path, message):
    problems.append(f"{path.relative_to(REPO) if path.is_absolute() else path}: {message}")


def load_spec(path):
    return yaml.safe_load(path.read_text())


def accepted_names(spec):
    """Lower-case file stems the spec's roles accept."""
    return {n.lower() for role in spec["roles"].values() for n in role["names"]}


def check_commands(readme, text):
    """The handout's `netgrade check` lines; returns the specs they name."""
    specs = {}
    lines = [l.strip() for l in text.splitlines() if "netgrade check " in l]
    for line in lines:
        line = line.strip("`").split("`")[0]
        words = shlex.split(line[line.index("netgrade check"):])[2:]
        spec_path = next((w for w in words if w.endswith(".yaml")), None)
        if spec_path is None:
            problem(readme, f"no spec in: {line}")
            continue
        if not (REPO / spec_path).is_file():
            problem(readme, f"names {spec_path}, which does not exist: {line}")
            continue
        spec = specs.setdefault(spec_path, load_spec(REPO / spec_path))
        if "--submission" not in words:
            problem(readme, f"no --submission in: {line}")
        for flag, known in (("--case", {c["name"] for c in spec["cases"]}),
                            ("--role", set(spec["roles"]))):
            for i, w in enumerate(words[:-1]):
                if w == flag and words[i + 1] not in known and not words[i + 1].isupper():
                    problem(readme, f"{flag} {words[i + 1]}: not in {spec_path}: {line}")
    if not lines:
        problem(readme, "has no `netgrade check` line")
    return specs


def check_program_names(readme, text):
    """Program files the handout names (x.py, x.cpp, ./x) must be ones the specs it names
    (specs/x.yaml, anywhere in it) accept."""
    names = set()
    for spec_path in set(re.findall(r"specs/[\w.-]+\.yaml", text)):
        if (REPO / spec_path).is_file():
            names |= accepted_names(load_spec(REPO / spec_path))
    for m in re.finditer(r"(?<![\w/.-])\./([A-Za-z_]\w*)\b(?![./])|(?<![\w.-])([A-Za-z_]\w*)\.(?:py|cpp)\b",
                         text):
        stem = (m.group(1) or m.group(2)).lower()
        if stem not in names:
            problem(readme, f"names the program file {m.group(0)!r}, which no spec it names "
                            f"accepts ({', '.join(sorted(names))})")


def readme_steps(text):
    """{role: {step numbers}} from the headings '### The <role>, step by step'."""
    steps, role = {}, None
    for line in text.splitlines():
        heading = re.match(r"#+ The (\w+), step by step", line)
        if heading:
            role = heading.group(1).lower()
            steps[role] = set()
        elif line.startswith("#"):
            role = None
        elif role and re.match(r"\d+\. ", line):
            steps[role].add(int(line.split(".")[0]))
    return steps


def check_starters(folder, spec, steps):
    roles = set(spec["roles"])
    for lang, ext in (("python", ".py"), ("cpp", ".cpp")):
        files = sorted((folder / "starter" / lang).glob("*" + ext))
        if {f.stem for f in files} != roles:
            problem(folder, f"starter/{lang} holds {[f.name for f in files]}, "
                            f"not one file per role {sorted(roles)}")
        for f in files:
            for role, n in re.findall(r"README, (\w+) step (\d+)", f.read_text()):
                if int(n) not in steps.get(role, set()):
                    problem(f, f"points at README {role} step {n}, which the handout lacks")


def build_cpp(folder, into):
    copy = into / folder.name
    shutil.copytree(folder / "starter" / "cpp", copy)
    made = subprocess.run(["make", "-s", "-C", str(copy)], capture_output=True, text=True)
    if made.returncode != 0:
        problem(folder, f"starter/cpp does not build: {made.stderr.strip()[-500:]}")
    elif made.stderr.strip():
        problem(folder, f"starter/cpp builds with warnings: {made.stderr.strip()[-500:]}")
    return copy


# A Python string literal in double or single quotes.
STRING = r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"""


def filled_in(source):
    """The starter with each todo("...: CODE (README, ...)") call replaced by CODE."""
    def code(call):
        text = "".join(ast.literal_eval(s) for s in re.findall(STRING, call))
        return text[text.index(": ") + 2:text.rindex(" (README")]
    return re.sub(rf"\btodo\(((?:\s*(?:{STRING}))+)\s*\)", lambda m: code(m.group(1)), source)


def one_case_per_role(netgrade, spec_path, spec, submission):
    cases = {}
    for c in spec["cases"]:
        cases.setdefault(c["role"], c["name"])
    args = [netgrade, "check", str(spec_path), "--submission", str(submission)]
    for name in cases.values():
        args += ["--case", name]
    return cases, args, subprocess.run(args, capture_output=True, text=True, cwd=REPO,
                                       timeout=120)


def grade_filled_in(netgrade, spec_path, spec, folder, into):
    # A transport lab's TODOs are the protocol itself (a window, a timer), not one call each:
    # its starters are graded untouched only.
    if spec["protocol"] == "transport":
        return
    copy = into / (folder.name + "-filled-in")
    copy.mkdir()
    for f in (folder / "starter" / "python").glob("*.py"):
        (copy / f.name).write_text(filled_in(f.read_text()))
    _, args, ran = one_case_per_role(netgrade, spec_path, spec, copy)
    if ran.returncode != 0:
        problem(folder, f"starter/python filled in with the calls its TODOs name fails "
                        f"(status {ran.returncode}): {' '.join(args[1:])}\n{ran.stdout}{ran.stderr}")


def grade_untouched(netgrade, spec_path, spec, submission, label):
    """One case per role; the report must carry each role's step-1 message."""
    cases, args, ran = one_case_per_role(netgrade, spec_path, spec, submission)
    where = f"{label} starters ({' '.join(args[1:])})"
    if ran.returncode != 1:
        problem(pathlib.Path(label), f"exit status {ran.returncode}, not 1 (failed): {where}\n"
                                     f"{ran.stdout}{ran.stderr}")
        return
    protocol = spec["protocol"].upper()
    for role, case in cases.items():
        article = "an" if protocol == "ICMP" else "a"  # "an ICMP", "a UDP"
        # A transport lab's starters give the socket; their first TODO is the protocol's.
        want = "TODO: " if protocol == "TRANSPORT" else f"TODO: create {article} {protocol} socket: "
        step = f"(README, {role} step 1)"
        block = ran.stdout.split(f"FAIL  {case} ", 1)
        if len(block) < 2:
            problem(pathlib.Path(label), f"{case} did not fail: {where}\n{ran.stdout}")
        elif want not in block[1].split("\n  FAIL", 1)[0] or step not in block[1]:
            problem(pathlib.Path(label),
                    f"{case}: the report lacks {want!r} ... {step!r}: {where}\n{ran.stdout}")


def main():
    netgrade = str(pathlib.Path(sys.argv[1]).resolve())
    folders = sorted(p.parent for p in (REPO / "exercises").glob("*/README.md"))
    index_path = REPO / "exercises" / "README.md"
    index = index_path.read_text()
    check_commands(index_path, index)
    check_program_names(index_path, index)
    graded = 0
    with tempfile.TemporaryDirectory(prefix="netgrade-starters-") as tmp:
        with ThreadPoolExecutor(max_workers=2) as pool:
            builds = {f: pool.submit(build_cpp, f, pathlib.Path(tmp)) for f in folders}
            for folder in folders:
                readme = folder / "README.md"
                text = readme.read_text()
                spec_path = REPO / "specs" / f"{folder.name}.yaml"
                if not spec_path.is_file():
                    problem(folder, f"no spec {spec_path.relative_to(REPO)}")
                    continue
                if f"({folder.name}/README.md)" not in index:
                    problem(REPO / "exercises/README.md", f"does not list {folder.name}")
                spec = load_spec(spec_path)
                specs = check_commands(readme, text)
                if str(spec_path.relative_to(REPO)) not in specs:
                    problem(readme, f"no `netgrade check` line for {spec_path.relative_to(REPO)}")
                check_program_names(readme, text)
                check_starters(folder, spec, readme_steps(text))
                grade_untouched(netgrade, spec_path, spec, folder / "starter" / "python",
                                f"{folder.name} Python")
                grade_filled_in(netgrade, spec_path, spec, folder, pathlib.Path(tmp))
                graded += 1
            for folder, build in builds.items():
                copy = build.result()
                if (REPO / "specs" / f"{folder.name}.yaml").is_file():
                    spec_path = REPO / "specs" / f"{folder.name}.yaml"
                    grade_untouched(netgrade, spec_path, load_spec(spec_path), copy,
                                    f"{folder.name} C++")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{graded} exercises: handouts, Python and C++ starters checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
