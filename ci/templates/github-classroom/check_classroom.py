"""Checks of the GitHub Classroom template, called by ci/templates/check.py.

check(path, netgrade, problem) reads classroom.yml and
1. checks the workflow GitHub Classroom runs: named "Autograding Tests" (the check run the
   reporter writes its points on), on push, allowed to write checks, skipped for the
   classroom bot's own commits; a step that grades with netgrade batch and prints the text
   report; the step that runs classroom_results.py; and the reporter, its runners that step's
   output;
2. grades two classes of one with the built NETGRADE (a server that reads once per connection,
   and a folder with no program: a layout error), runs classroom_results.py on each as the
   workflow does, then reads its output as the reporter reads it (src/main.js: the runners
   input, <RUNNER>_RESULTS base64 JSON; src/helpers/test-helpers.js: a runner's points are
   passed tests / tests x max_score; src/notify-classroom.js: Classroom's total is the sum of
   the tests' scores over runners with a max_score). Each runner's points must be netgrade's
   for its case, the total netgrade's score, and the maximum the spec's.
"""
import base64
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import yaml

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
SPEC = "specs/tcp-capitalize.yaml"


def check_workflow(path, problem):
    doc = yaml.safe_load(path.read_text())
    if doc.get("name") != "Autograding Tests":
        problem(path, "the workflow is not named 'Autograding Tests'")
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads the key `on` as true
    if not isinstance(on, dict) or "push" not in on:
        problem(path, "does not run on push")
    if (doc.get("permissions") or {}).get("checks") != "write":
        problem(path, "no permission to write checks (the reporter's points)")
    jobs = doc.get("jobs", {})
    if len(jobs) != 1:
        problem(path, f"{len(jobs)} jobs; the reporter needs the grading in its own job")
        return
    job = next(iter(jobs.values()))
    if job.get("name") != "Autograding Tests":
        problem(path, "the job is not named 'Autograding Tests' (the check run the reporter updates)")
    if "github-classroom[bot]" not in str(job.get("if", "")):
        problem(path, "runs for GitHub Classroom's own commits too")
    steps = job.get("steps", [])
    runs = [str(s.get("run", "")) for s in steps]
    if not any("netgrade batch" in r and "--format text" in r and "reports/" in r for r in runs):
        problem(path, "no step grades with netgrade batch --format text and prints its report")
    ids = [s.get("id") for s in steps if "classroom_results.py" in str(s.get("run", ""))]
    reporters = [s for s in steps
                 if str(s.get("uses", "")).startswith("classroom-resources/autograding-grading-reporter@")]
    if len(ids) != 1 or not ids[0]:
        problem(path, "no step with an id runs classroom_results.py")
    elif len(reporters) != 1:
        problem(path, f"{len(reporters)} autograding reporter steps, expected 1")
    elif (reporters[0].get("with") or {}).get("runners") != f"${{{{ steps.{ids[0]}.outputs.runners }}}}":
        problem(path, f"the reporter's runners are not steps.{ids[0]}.outputs.runners")
    elif steps.index(reporters[0]) < [s.get("id") for s in steps].index(ids[0]):
        problem(path, "the reporter runs before the points are written")


def as_the_reporter_reads(env_text, runners):
    """{runner: results} from the GITHUB_ENV lines, as src/main.js reads process.env."""
    env = dict(line.split("=", 1) for line in env_text.splitlines() if "=" in line)
    out = {}
    for runner in runners.split(","):
        encoded = env[f"{runner.strip().upper()}_RESULTS"]
        out[runner.strip()] = json.loads(base64.b64decode(encoded).decode("utf-8"))
    return out


def runner_points(results):
    """src/helpers/test-helpers.js getTestScore."""
    passed = sum(1 for t in results["tests"] if t["status"] == "pass")
    return passed / len(results["tests"]) * (results.get("max_score") or 0)


def classroom_total(all_results):
    """src/notify-classroom.js: (total points, max points)."""
    total = maximum = 0
    for results in all_results.values():
        if not results.get("max_score"):
            continue
        maximum += results["max_score"]
        total += sum(t["score"] for t in results["tests"])
    return total, maximum


def grade_and_report(netgrade, tmp, submission, problem, path):
    """Grades `submission` (a folder to copy, or None: an empty one) as the workflow does;
    returns (the result document, {runner: results}, the lines the script printed)."""
    work = pathlib.Path(tmp)
    (work / "class").mkdir()
    if submission:
        shutil.copytree(REPO / submission, work / "class/submission")
    else:
        (work / "class/submission").mkdir()
    graded = subprocess.run(
        [netgrade, "batch", str(REPO / SPEC), "--submissions", str(work / "class"), "--out",
         str(work / "graded"), "--format", "text"],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, TMPDIR=str(work)))
    if graded.returncode not in (0, 1) or not (work / "graded/reports/submission.txt").exists():
        problem(path, f"netgrade batch exited {graded.returncode}: {graded.stderr[-500:]}")
        return None
    env_file, output_file = work / "env", work / "output"
    env_file.write_text("")
    output_file.write_text("")
    ran = subprocess.run(
        ["python3", str(HERE / "classroom_results.py"), str(work / "graded")],
        capture_output=True, text=True, timeout=60,
        env=dict(os.environ, GITHUB_ENV=str(env_file), GITHUB_OUTPUT=str(output_file)))
    if ran.returncode != 0:
        problem(path, f"classroom_results.py exited {ran.returncode}: {ran.stderr[-500:]}")
        return None
    runners = dict(l.split("=", 1) for l in output_file.read_text().splitlines())["runners"]
    result = json.loads((work / "graded/results/submission.json").read_text())
    return result, as_the_reporter_reads(env_file.read_text(), runners)


def check_points(netgrade, path, problem):
    spec_cases = None
    checked = []
    for submission in ("tests/submissions/tcp-capitalize/one-recv-per-connection", None):
        with tempfile.TemporaryDirectory(prefix="netgrade-classroom-") as tmp:
            got = grade_and_report(netgrade, tmp, submission, problem, path)
            if got is None:
                return
            result, reported = got
            spec_cases = spec_cases or json.loads(
                (pathlib.Path(tmp) / "graded/batch.json").read_text())["cases"]
        names = [t["tests"][0]["name"] for t in reported.values()]
        if names != [c["name"] for c in spec_cases]:
            problem(path, f"the runners' cases {names} are not the spec's")
            continue
        by_case = {c["name"]: c for c in result.get("cases", [])}
        for case, results in zip(spec_cases, reported.values()):
            mine = by_case.get(case["name"])
            want = mine["score"] if mine else 0
            if results["max_score"] != case["points"]:
                problem(path, f"{case['name']}: max_score {results['max_score']}, not {case['points']}")
            # A case worth points is all or nothing, as the reporter counts a runner.
            if case["points"] and runner_points(results) != want:
                problem(path, f"{case['name']}: the reporter shows {runner_points(results)}, netgrade gave {want}")
            if results["tests"][0]["score"] != want:
                problem(path, f"{case['name']}: test score {results['tests'][0]['score']}, netgrade gave {want}")
            passed = bool(mine and mine["passed"])
            if (results["tests"][0]["status"] == "pass") != passed:
                problem(path, f"{case['name']}: status {results['tests'][0]['status']}, netgrade passed={passed}")
        total = classroom_total(reported)
        if total != (result["score"], result["max_score"]):
            problem(path, f"GitHub Classroom would get {total}, netgrade says "
                          f"{result['score']}/{result['max_score']}")
        failed_runs = [r for r in reported.values() if r["status"] == "fail"]
        if bool(failed_runs) == result["passed"]:
            problem(path, "the reporter's pass/fail of the run is not netgrade's")
        checked.append(f"{total[0]}/{total[1]}")
    return checked


def check(path, netgrade, problem, check_github_bundle):
    """check_github_bundle: check.py's rule for a student job that installs netgrade from the
    pinned grader bundle."""
    check_workflow(path, problem)
    for name, job in (yaml.safe_load(path.read_text()).get("jobs") or {}).items():
        check_github_bundle(path, job, name)
    checked = check_points(netgrade, path, problem)
    return checked or []
