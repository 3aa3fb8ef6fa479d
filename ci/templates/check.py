#!/usr/bin/env python3
"""Checks the CI templates (ci/templates/) and the Slurm job scripts (ci/slurm/).

    ci/templates/check.py NETGRADE

1. Every YAML template parses, and says what its README section promises (a GitHub
   workflow on push and pull_request that grades with --format github; a matrix of N shards
   and a merge job that needs them; a GitLab job in debian:12, never privileged; an Indexed
   Job whose shard is JOB_COMPLETION_INDEX+1 of as many as its completions).
2. Every netgrade command line in the templates and job scripts names a subcommand, options
   and --format values the built NETGRADE has (read from its --help), so a template cannot
   drift from the CLI unnoticed.
Prints one line per problem and exits 1, or prints a summary and exits 0.
"""
import pathlib
import re
import subprocess
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
problems = []


def problem(path, message):
    problems.append(f"{path.relative_to(REPO)}: {message}")


def load(path):
    try:
        return yaml.safe_load(path.read_text())
    except yaml.YAMLError as e:
        problem(path, f"not YAML: {e}")
        return None


def steps_text(job):
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def check_github_grade(path):
    doc = load(path)
    if doc is None:
        return
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads the key `on` as true
    if not isinstance(on, dict) or "push" not in on or "pull_request" not in on:
        problem(path, "does not run on push and pull_request")
    run = "\n".join(steps_text(job) for job in doc.get("jobs", {}).values())
    if not re.search(r"netgrade check .*--format github", run):
        problem(path, "no step runs netgrade check --format github")
    if "GITHUB_STEP_SUMMARY" not in run:
        problem(path, "the grading step does not keep GITHUB_STEP_SUMMARY (the summary page)")


def check_github_matrix(path):
    doc = load(path)
    if doc is None:
        return
    jobs = doc.get("jobs", {})
    grade, merge = jobs.get("grade", {}), jobs.get("merge", {})
    shards = (grade.get("strategy") or {}).get("matrix", {}).get("shard")
    count = int(doc.get("env", {}).get("SHARDS", 0))
    if shards != list(range(1, count + 1)):
        problem(path, f"the matrix's shards {shards} are not 1..SHARDS ({count})")
    if "--shard \"${{ matrix.shard }}/$SHARDS\"" not in steps_text(grade):
        problem(path, "the grade job does not pass --shard MATRIX/SHARDS")
    if merge.get("needs") != "grade" or "netgrade merge" not in steps_text(merge):
        problem(path, "no merge job that needs the grade jobs and runs netgrade merge")


def check_gitlab(path):
    doc = load(path)
    if doc is None:
        return
    if (doc.get("default") or {}).get("image") != "debian:12":
        problem(path, "the default image is not debian:12")
    if re.search(r"^\s*privileged:|docker:dind", path.read_text(), re.M):
        problem(path, "asks for a privileged container: it must run in a default one")
    scripts = "\n".join(
        "\n".join(job.get("script", []))
        for job in doc.values()
        if isinstance(job, dict) and "script" in job
    )
    if "netgrade check" not in scripts:
        problem(path, "no job runs netgrade check")


def check_kubernetes(path):
    doc = load(path)
    if doc is None:
        return
    spec = doc.get("spec", {})
    container = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    if spec.get("completionMode") != "Indexed":
        problem(path, "completionMode is not Indexed")
    if not spec.get("completions") == spec.get("parallelism") == int(env.get("SHARDS", -1)):
        problem(path, "completions, parallelism and SHARDS differ")
    script = " ".join(container.get("args", []))
    if "k=$((JOB_COMPLETION_INDEX + 1))" not in script or '--shard "$k/$SHARDS"' not in script:
        problem(path, "the shard is not JOB_COMPLETION_INDEX+1 of SHARDS")


# --- netgrade command lines -----------------------------------------------------------------


def help_text(netgrade, *args):
    return subprocess.run([netgrade, *args, "--help"], capture_output=True, text=True).stdout


def logical_lines(text):
    """Lines with their backslash continuations joined, comments left out."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [l for l in joined.splitlines() if not l.lstrip().startswith("#")]


# The binary, then its subcommand: a path ending in /netgrade, "$netgrade", or the bare name
# where a command starts (a line, after ; && || |, after sudo and its options) — not the
# folder argument of `git -C netgrade` nor the word in a sentence.
INVOCATION = re.compile(
    r"""(?:\S*/netgrade|"?\$\{?netgrade\}?"?|(?:^|[;&|]|\bsudo(?:\s+-\S+)*)\s*netgrade)"""
    r"""\s+([a-z][a-z-]*)(.*)"""
)


def check_invocations(netgrade, files):
    top = help_text(netgrade)
    subcommands = set(re.findall(r"^  ([a-z][a-z-]*)\s", top.split("Subcommands:")[-1], re.M))
    calls = 0
    for path in files:
        for line in logical_lines(path.read_text()):
            for m in INVOCATION.finditer(line):
                sub, rest = m.group(1), m.group(2)
                calls += 1
                if sub not in subcommands:
                    problem(path, f"netgrade {sub}: no such subcommand")
                    continue
                usage = help_text(netgrade, sub)
                for flag, value in re.findall(r"(--[a-z][a-z-]*)(?:[= ]+([\"']?[\w$-]+))?", rest):
                    if not re.search(rf"(^|[\s,]){flag}\b", usage, re.M):
                        problem(path, f"netgrade {sub} has no {flag}")
                        continue
                    allowed = re.search(rf"{flag} TEXT:\{{([^}}]*)\}}", usage)
                    if allowed and value.strip("\"'") not in allowed.group(1).split(","):
                        problem(path, f"netgrade {sub} {flag}: {value} not in {{{allowed.group(1)}}}")
    return calls


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check.py NETGRADE")
    check_github_grade(HERE / "github/grade.yml")
    check_github_matrix(HERE / "github/batch-matrix.yml")
    check_gitlab(HERE / "gitlab/.gitlab-ci.yml")
    check_kubernetes(HERE / "kubernetes/indexed-job.yaml")
    templates = sorted(p for p in HERE.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))
    for path in templates:
        load(path)
    scripts = [HERE / "gradescope/run_autograder", HERE / "gradescope/setup.sh"]
    scripts += sorted((REPO / "ci/slurm").glob("*.sbatch"))
    calls = check_invocations(sys.argv[1], templates + scripts)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"templates: {len(templates)} YAML files parse; {calls} netgrade command lines use "
          "subcommands, options and formats the built netgrade has")


main()
