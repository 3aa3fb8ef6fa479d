#!/usr/bin/env python3
"""netgrade's points per case for GitHub Classroom's autograding reporter.

    classroom_results.py OUT

OUT is what `netgrade batch` wrote for the one submission of the repository (batch.json,
results/<name>.json). The reporter (classroom-resources/autograding-grading-reporter) reads
the results of each "runner" named in its `runners` input from the environment variable
<RUNNER IN CAPITALS>_RESULTS: a base64-encoded JSON document

    {"version": 1, "status": "pass"|"fail"|"error", "max_score": N,
     "tests": [{"name", "status", "score", "message", "test_code", "filename", "line_no",
                "execution_time"}]}

It shows each runner's points as (tests passed / tests) x max_score and sends GitHub Classroom
the sum of every test's score over the runners that have a max_score. So each case of the spec
is one runner with one test, max_score its points and score what netgrade gave it: the
autograding tab shows netgrade's points case by case, and the total is netgrade's score.

Writes <RUNNER>_RESULTS=... lines to $GITHUB_ENV (for the steps after this one) and
runners=<ids> to $GITHUB_OUTPUT. A runner's id is the case's name in [a-z0-9-].

A layout error (no program found) fails every case with its message; a grader error is status
"error" (the reporter fails the run, and no case scores: it is not the student's). A case worth
0 points is not graded: its test shows whether it passed, but its runner's status is "pass", so
that its failure fails nothing (as netgrade's exit status). A case whose details the spec hides
shows its result and points, not why.
"""
import base64
import json
import os
import pathlib
import re
import shlex
import sys


def runner_id(name, taken):
    base = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "case"
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(rid)
    return rid


def hidden(case):
    return {
        "hidden": "details hidden",
        "after_due_date": "details hidden until after the due date",
        "after_published": "details hidden until the grades are published",
    }.get(case.get("visibility", "visible"), "")


def test_of(case_name, points, result, spec, layout_error):
    """One case's runner document."""
    rerun = f"netgrade check {shlex.quote(spec)} --submission . --case {shlex.quote(case_name)}"
    if layout_error is not None:
        status, score, message, seconds = "fail", 0, layout_error, 0.0
    elif result is None:  # the spec has it, the result not (another --role): not run
        status, score, message, seconds = "fail", 0, "This case was not run.", 0.0
    else:
        status = {"pass": "pass", "fail": "fail"}.get(result.get("verdict"), "error")
        score = int(result.get("score", 0)) if status != "error" else 0
        message = hidden(result) and f"({hidden(result)})" or result.get("message", "")
        seconds = float(result.get("wall_ms", 0)) / 1000
        rerun += f" --seed {result.get('seed', 1)}"
    test = {
        "name": case_name,
        "status": status,
        "score": score,
        "message": message or ("passed" if status == "pass" else ""),
        "test_code": rerun,
        "filename": "",
        "line_no": 0,
        "execution_time": f"{seconds:.2f}s",
    }
    overall = status if points > 0 or status == "error" else "pass"
    return {"version": 1, "status": overall, "max_score": points, "tests": [test]}


def documents(out):
    """[(runner id, document)] in the spec's order, from batch's OUT."""
    out = pathlib.Path(out)
    manifest = json.loads((out / "batch.json").read_text())
    results = sorted((out / "results").glob("*.json"))
    if len(results) != 1:
        sys.exit(f"classroom_results.py: {out}/results holds {len(results)} results, not the "
                 "one submission's")
    result = json.loads(results[0].read_text())
    layout_error = result.get("layout_error")
    by_name = {c["name"]: c for c in result.get("cases", [])}
    taken = set()
    return [(runner_id(c["name"], taken),
             test_of(c["name"], int(c["points"]), by_name.get(c["name"]), manifest["spec"],
                     layout_error))
            for c in manifest["cases"]]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    docs = documents(sys.argv[1])
    env_file, output_file = os.environ.get("GITHUB_ENV"), os.environ.get("GITHUB_OUTPUT")
    if not env_file or not output_file:
        sys.exit("classroom_results.py: GITHUB_ENV and GITHUB_OUTPUT must name files")
    with open(env_file, "a") as env:
        for rid, doc in docs:
            encoded = base64.b64encode(json.dumps(doc).encode()).decode()
            env.write(f"{rid.upper()}_RESULTS={encoded}\n")
    with open(output_file, "a") as output:
        output.write("runners=" + ",".join(rid for rid, _ in docs) + "\n")
    for rid, doc in docs:
        t = doc["tests"][0]
        print(f"{rid}: {t['status']} {t['score']}/{doc['max_score']}")


if __name__ == "__main__":
    main()
