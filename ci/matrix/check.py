#!/usr/bin/env python3
"""Judges one netgrade run of ci/matrix.sh: prints nothing and exits 0 when it is right, else
prints why (one line per problem) and exits 1.

  check.py reference OUT ERR RC
      a reference solution: exit status 0, every case passed, full score.
  check.py fixture OUT ERR RC EXPECTED_YAML
      a buggy fixture: each case expected.yaml lists under fail: failed with its code and its
      says: sentence, every other graded case passed, note: in every graded case's notes;
      exit status 1 when a case failed (0 when none should), never 2 or 3.
  check.py containment PROBE_JSON PROBE_RC VERBOSE_ERR PLAIN_ERR GRADER_UID HOST_NETNS ENV
      the sandbox object netgrade reported against what the probe program (ci/matrix/probe)
      saw of itself inside a case; the stderr line of `check --verbose` against that object;
      the student's sentence of a plain `check` of a fixed-port spec. Prints first one line,
      "containment: ...", summing up what was reported, for the table.

OUT is the JSON report (--format json), ERR netgrade's stderr, RC its exit status.
"""
import json
import re
import sys

import yaml


def load_report(path, problems):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f"no JSON report ({e})")
        return None
    if isinstance(doc, list):
        if len(doc) != 1:
            problems.append(f"{len(doc)} reports, one expected")
            return None
        doc = doc[0]
    return doc


def tail(path, lines=6):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def grader_errors(cases):
    """The cases the grader itself failed, grouped by message: one line per message."""
    groups = {}
    for c in cases:
        if c.get("verdict") == "grader_error" or c.get("diagnosis") == "grader_problem":
            msg = (c.get("message") or "").strip().replace("\n", " | ")[:300]
            groups.setdefault(msg, []).append(c["name"])
    return [f"grader error in {len(names)} case(s) ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''}): {msg}"
            for msg, names in groups.items()]


def reference(out, err, rc):
    problems = []
    rc = int(rc)
    if rc != 0:
        problems.append(f"exit status {rc}, 0 expected; stderr: {tail(err)}")
    doc = load_report(out, problems)
    if doc is not None:
        if doc.get("score") != doc.get("max_score") or not doc.get("passed"):
            problems.append(f"score {doc.get('score')}/{doc.get('max_score')}, 100% expected")
        problems += grader_errors(doc.get("cases", []))
        for c in doc.get("cases", []):
            if not c.get("passed") and c.get("verdict") != "grader_error" and c.get("diagnosis") != "grader_problem":
                msg = (c.get("message") or "").strip().replace("\n", " | ")[:400]
                problems.append(f"case {c['name']} {c.get('verdict')} [{c.get('diagnosis')}]: {msg}")
        if not doc.get("cases"):
            problems.append("no case was run")
    return problems


def fixture(out, err, rc, expected_file):
    problems = []
    rc = int(rc)
    with open(expected_file, encoding="utf-8") as f:
        exp = yaml.safe_load(f)
    all_says = exp.get("says")
    fail = {}
    for name, v in (exp.get("fail") or {}).items():
        if isinstance(v, dict):
            fail[name] = (v["code"], v.get("says", all_says))
        else:
            fail[name] = (v, all_says)
    note = exp.get("note")
    doc = load_report(out, problems)
    if doc is None:
        problems.append(f"exit status {rc}; stderr: {tail(err)}")
        return problems
    graded = [c for c in doc.get("cases", []) if c.get("max_score", 0) > 0]
    if not graded:
        problems.append("no graded case was run")
    names = {c["name"] for c in graded}
    for name in fail:
        if name not in names:
            problems.append(f"case {name}: expected.yaml says it fails, but it was not graded")
    any_failed = False
    problems += grader_errors(graded)
    for c in graded:
        name = c["name"]
        if c.get("verdict") == "grader_error" or c.get("diagnosis") == "grader_problem":
            any_failed = True
            continue
        msg = c.get("message") or ""
        if name in fail:
            code, says = fail[name]
            if c.get("passed"):
                problems.append(f"case {name} passed; expected to fail [{code}]")
                continue
            any_failed = True
            if c.get("diagnosis") != code:
                short = msg.strip().replace("\n", " | ")[:300]
                problems.append(f"case {name}: diagnosis [{c.get('diagnosis')}], [{code}] expected: {short}")
            if says and says not in msg:
                short = msg.strip().replace("\n", " | ")[:300]
                problems.append(f"case {name}: message lacks {says!r}: {short}")
        elif not c.get("passed"):
            any_failed = True
            short = msg.strip().replace("\n", " | ")[:300]
            problems.append(f"case {name} failed [{c.get('diagnosis')}], expected to pass: {short}")
        if note and not any(note in n for n in (c.get("notes") or [])):
            problems.append(f"case {name}: no note containing {note!r} (notes: {c.get('notes')})")
    want = 1 if fail else 0
    if rc != want:
        problems.append(f"exit status {rc}, {want} expected; stderr: {tail(err)}")
    elif rc == 1 and not any_failed:
        problems.append("exit status 1 but no case failed")
    return problems


PROBE = re.compile(r"PROBE (\S+)=(.*)")


def probe_facts(doc):
    """The facts ci/matrix/probe/server.py printed on stderr, from the diagnosis message."""
    facts = {}
    for c in doc.get("cases", []):
        for line in (c.get("message") or "").splitlines():
            m = PROBE.search(line)
            if m:
                facts[m.group(1)] = m.group(2).strip()
    return facts


def cgroup_path(facts, controller):
    for entry in facts.get("cgroup", "").split(" "):
        controllers, _, path = entry.partition(":")  # the probe prints "controllers:path"
        if path and controller in controllers.split(","):
            return path
    return None


def containment(probe_json, probe_rc, verbose_err, plain_err, grader_uid, host_netns, env):
    problems = []
    rc = int(probe_rc)
    if rc != 1:
        problems.append(f"probe: exit status {rc}, 1 expected (it crashes on purpose)")
    doc = load_report(probe_json, problems)
    if doc is None:
        return problems, ""
    box = doc.get("sandbox")
    if not isinstance(box, dict):
        return problems + ["the JSON report has no sandbox object"], ""
    facts = probe_facts(doc)
    for key in ("uid", "net", "nproc", "data", "hosts", "cgroup"):
        if key not in facts:
            problems.append(f"probe: the program's stderr did not reach the report ({key} missing): "
                            + (doc.get("cases") or [{}])[0].get("message", "")[:300].replace("\n", " | "))
            return problems, ""
    weaker = box.get("weaker") or []
    joined = "; ".join(weaker)
    # Network namespace: claimed exactly when the program's was not the grader's.
    separate_net = facts["net"] != host_netns
    # The line ci/matrix.sh reads to decide whether a program that dials a LAN address may
    # run: only where the report and the program agree it has a network of its own.
    print(f"separate-netns: {'yes' if separate_net and box.get('network_namespace') else 'no'}")
    if box.get("network_namespace") != separate_net:
        problems.append(
            f"sandbox.network_namespace is {box.get('network_namespace')}, but the program ran in "
            f"{'a network namespace of its own' if separate_net else 'the machine network namespace'} "
            f"({facts['net']}, the machine's is {host_netns})")
    if not box.get("network_namespace") and "no network namespaces" not in joined:
        problems.append(f"no network namespace, and sandbox.weaker does not say so: {weaker}")
    # Without one, the connect guard (unix_sockets "own folders") answers the programs' reads
    # of /etc/hosts with the textbook's names added; where it cannot run, the report says the
    # names resolve only where /etc/hosts maps them.
    guarded = box.get("unix_sockets") == "own folders"
    if not box.get("network_namespace") and not guarded and "servername" not in joined:
        problems.append("no network namespace nor connect guard, and sandbox.weaker does not say "
                        f"that the textbook's host names resolve only where /etc/hosts maps them: {weaker}")
    if not box.get("network_namespace") and guarded and "servername" in joined:
        problems.append("the connect guard answers reads of /etc/hosts with the textbook's names, "
                        f"yet sandbox.weaker says they resolve only where /etc/hosts maps them: {weaker}")
    # The user the programs ran as.
    uid = int(facts["uid"])
    user = box.get("user", "")
    if int(grader_uid) == 0:
        # A uid of the case's own from FIRST up (sandbox/case_user.h: 4096 of them), else the
        # fallback uid.
        m = re.fullmatch(r"a uid of the case's own \((\d+) and up\), else uid (\d+)", user)
        if not m:
            problems.append(f"sandbox.user is {user!r}; as root 'a uid of the case's own (N and "
                            "up), else uid M' expected")
        elif not (int(m.group(1)) <= uid < int(m.group(1)) + 4096 or uid == int(m.group(2))):
            problems.append(f"sandbox.user says {user!r}, but the program ran as uid {uid}")
        if uid == 0:
            problems.append("the program ran as root")
    else:
        if user != "same as grader":
            problems.append(f"sandbox.user is {user!r}; 'same as grader' expected for a normal user")
        if uid != int(grader_uid):
            problems.append(f"sandbox.user says 'same as grader' (uid {grader_uid}), "
                            f"but the program ran as uid {uid}")
        if "the programs run as the grader's own user" not in joined:
            problems.append(f"not root, and sandbox.weaker does not say so: {weaker}")
    # Caps: claimed only with something that caps; not claimed, then said.
    pids = cgroup_path(facts, "pids")
    mem = cgroup_path(facts, "memory")
    nproc = facts["nproc"]
    if box.get("process_cap"):
        capped = (pids is not None and "netgrade" in pids) or (nproc != "-1" and int(nproc) <= 4096)
        if not capped:
            problems.append(f"sandbox.process_cap is true, but the program's pids cgroup is {pids!r} "
                            f"and its RLIMIT_NPROC {nproc}")
    elif "processes" not in joined:
        problems.append(f"no process cap, and sandbox.weaker does not say so: {weaker}")
    if box.get("memory_cap"):
        if mem is None or "netgrade" not in mem:
            problems.append(f"sandbox.memory_cap is true, but the program's memory cgroup is {mem!r}")
    else:
        if "memory not capped across processes by the kernel" not in joined:
            problems.append(f"no memory cap, and sandbox.weaker does not say so: {weaker}")
        if box.get("memory_cap_by") != "a watcher and RLIMIT_DATA per process":
            problems.append(f"no memory cgroup, and sandbox.memory_cap_by says {box.get('memory_cap_by')!r}")
        if facts["data"] == "-1":
            problems.append("no memory cap and no RLIMIT_DATA either")
    if box.get("cgroups") not in ("v1", "v2", "none"):
        problems.append(f"sandbox.cgroups is {box.get('cgroups')!r}")
    # The operator's line (check --verbose): there exactly when weaker than full, naming each.
    with open(verbose_err, encoding="utf-8", errors="replace") as f:
        verr = f.read()
    line = next((l for l in verr.splitlines() if l.startswith("netgrade: containment weaker than full:")), None)
    if weaker and line is None:
        problems.append(f"check --verbose printed no 'containment weaker than full' line; stderr: {verr.strip()[:300]}")
    if line is not None:
        if not weaker:
            problems.append(f"full containment reported, yet check --verbose says: {line}")
        for w in weaker:
            if w not in line:
                problems.append(f"check --verbose's line lacks {w!r}: {line}")
    # The student's sentence, for a spec with a fixed port: only without a network namespace.
    with open(plain_err, encoding="utf-8", errors="replace") as f:
        perr = f.read()
    sentence = "netgrade could not give your program a network of its own here"
    if box.get("network_namespace") and sentence in perr:
        problems.append(f"a network namespace, yet check told the student: {perr.strip()[:300]}")
    if not box.get("network_namespace") and sentence not in perr:
        problems.append(f"no network namespace, and check (fixed-port spec) did not tell the student; "
                        f"stderr: {perr.strip()[:300]!r}")
    if "containment weaker than full" in perr:
        problems.append("a plain check (no --verbose) printed the operator's containment line")
    summary = (f"netns={'yes' if box.get('network_namespace') else 'no'} "
               f"user={'per-case-uid' if user.startswith('a uid of the case') else 'grader'} "
               f"cg={box.get('cgroups')} procs={'cap' if box.get('process_cap') else 'no'} "
               f"mem={'cap' if box.get('memory_cap') else 'rlimit'} "
               f"socks={box.get('sockets_found_by')}")
    return problems, summary


def main(argv):
    kind = argv[1]
    if kind == "reference":
        problems = reference(*argv[2:5])
    elif kind == "fixture":
        problems = fixture(*argv[2:6])
    elif kind == "containment":
        problems, summary = containment(*argv[2:9])
        print("containment: " + (summary or "(no report)"))
    else:
        print(f"unknown check {kind}")
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
