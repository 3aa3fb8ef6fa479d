#!/usr/bin/env python3
"""Turns a student CI template's job into a shell script that runs its steps as written.

    template_job.py github|gitlab TEMPLATE OUT_DIR

OUT_DIR/job.sh runs, from the folder it is started in (the job's workspace):
  github: the job's env; each step in order: actions/checkout copies /student (with a .git
          folder, as a checkout has) into the step's path; another `uses:` step is left out
          and named; a `run:` step runs as GitHub runs it on Linux (bash --noprofile --norc
          -eo pipefail, in its working-directory, with what earlier steps wrote to GITHUB_ENV).
          The first step that fails ends the job with its status.
  gitlab: the top-level and the job's variables, then /student copied into the workspace
          (with a .git folder, as GitLab's clone has) and the job's before_script and script
          lines in one bash -eo pipefail, as GitLab's Docker executor runs them.
NETGRADE_BUNDLE_URL and NETGRADE_BUNDLE_SHA256, when set in this script's environment, take
the place of the template's pins (a course sets them; the test points them at its loopback
server). Steps using GitHub expressions (${{ }}) in what is run are refused: they cannot run
here as written.
"""
import os
import pathlib
import shlex
import sys

import yaml

PINS = ("NETGRADE_BUNDLE_URL", "NETGRADE_BUNDLE_SHA256")


def env_lines(env):
    out = []
    for name, value in env.items():
        if name in PINS and os.environ.get(name):
            value = os.environ[name]
        if "${{" in str(value):
            sys.exit(f"template_job.py: {name}={value} is a GitHub expression")
        out.append(f"export {name}={shlex.quote(str(value))}")
    return out


def github(doc, out):
    jobs = doc.get("jobs") or {}
    if len(jobs) != 1:
        sys.exit(f"template_job.py: {len(jobs)} jobs, expected one")
    job = next(iter(jobs.values()))
    lines = ["#!/bin/bash", "set -u", 'jobdir=$(cd "$(dirname "$0")" && pwd)', 'ws=$PWD', 'mkdir -p "$ws/.github"',
             'export GITHUB_WORKSPACE=$ws GITHUB_ENV=$ws/.github/env GITHUB_OUTPUT=$ws/.github/output',
             'export GITHUB_STEP_SUMMARY=$ws/.github/summary',
             ': >"$GITHUB_ENV"; : >"$GITHUB_OUTPUT"; : >"$GITHUB_STEP_SUMMARY"']
    lines += env_lines(dict(doc.get("env") or {}, **(job.get("env") or {})))
    for n, step in enumerate(job.get("steps", []), 1):
        name = step.get("name", f"step {n}")
        uses = str(step.get("uses", ""))
        lines.append(f"echo {shlex.quote(f'--- step {n}: {name}')}")
        if uses.startswith("actions/checkout@"):
            path = (step.get("with") or {}).get("path", ".")
            lines.append(f"mkdir -p {shlex.quote(path)} && cp -a /student/. {shlex.quote(path)}/ && "
                         f"mkdir -p {shlex.quote(path)}/.git")
            continue
        if uses:
            lines.append(f"echo {shlex.quote(f'(left out: uses {uses}, which runs on GitHub only)')}")
            continue
        run = str(step.get("run", ""))
        if "${{" in run:
            sys.exit(f"template_job.py: step {name!r} runs a GitHub expression")
        (out / f"step-{n}.sh").write_text(run)
        wd = shlex.quote(step.get("working-directory", "."))
        lines += [
            'while IFS= read -r kv; do [ -n "$kv" ] && export "$kv"; done <"$GITHUB_ENV"',
            f'(cd {wd} && exec bash --noprofile --norc -eo pipefail "$jobdir/step-{n}.sh")'
            f" || {{ rc=$?; echo {shlex.quote(f'--- step {n} ({name}) failed:')} exit $rc; exit $rc; }}",
        ]
    lines.append("echo '--- job succeeded'")
    return lines


def gitlab(doc, out):
    jobs = {n: j for n, j in doc.items() if isinstance(j, dict) and "script" in j}
    if len(jobs) != 1:
        sys.exit(f"template_job.py: {len(jobs)} jobs, expected one")
    job = next(iter(jobs.values()))
    lines = ["#!/bin/bash", "set -u", 'jobdir=$(cd "$(dirname "$0")" && pwd)']
    lines += env_lines(dict(doc.get("variables") or {}, **(job.get("variables") or {})))
    lines.append("cp -a /student/. . && mkdir -p .git")
    script = "\n".join(job.get("before_script", []) + job.get("script", []))
    (out / "script.sh").write_text(script + "\n")
    lines.append('bash --noprofile --norc -eo pipefail "$jobdir/script.sh"'
                 " || { rc=$?; echo \"--- job failed: exit $rc\"; exit $rc; }")
    lines.append("echo '--- job succeeded'")
    return lines


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("github", "gitlab"):
        sys.exit("usage: template_job.py github|gitlab TEMPLATE OUT_DIR")
    kind, template, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    doc = yaml.safe_load(template.read_text())
    lines = github(doc, out) if kind == "github" else gitlab(doc, out)
    (out / "job.sh").write_text("\n".join(lines) + "\n")
    (out / "job.sh").chmod(0o755)


main()
