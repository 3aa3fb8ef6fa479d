#!/usr/bin/env python3
"""Checks the CI templates (ci/templates/) and the Slurm job scripts (ci/slurm/).

    ci/templates/check.py NETGRADE
    ci/templates/check.py --context    prints the Kubernetes image's build context, a file a line

1. Every YAML template parses, and says what its README section promises (a GitHub
   workflow on push and pull_request that grades with --format github; a matrix of N shards
   and a merge job that needs them; a GitLab job in debian:12, never privileged, that grades
   once and writes its JUnit and text reports from that one run; an Indexed Job whose shard
   is JOB_COMPLETION_INDEX+1 of as many as its completions; a GitHub Classroom workflow whose
   autograding reporter gets netgrade's points case by case: github-classroom/check_classroom.py).
   That the students' ones (GitHub, GitHub Classroom, GitLab) keep the answers away from
   students and compile nothing: no git clone of netgrade, no cmake, cpack or cache, but the
   grader bundle (ci/bundle.sh) downloaded from a pinned URL and checked against a pinned
   sha256 before anything is unpacked or installed (exit 2 on a mismatch), and the spec graded
   from it; that the course's publish-bundle.yml makes that bundle on the students' runner
   image. And that the course's batch-matrix.yml, which still builds, builds only the netgrade
   target and caches netgrade's package keyed on netgrade's commit (and the runner's OS),
   never a build folder, which a fresh checkout would make older than its sources.
2. Every netgrade command line in the templates and job scripts names a subcommand, options
   and --format values the built NETGRADE has (read from its --help), so a template cannot
   drift from the CLI unnoticed.
3. No template runs a student's code outside netgrade: no `make` (a submission's Makefile is
   built by the spec's `build:`, in netgrade's sandbox). And the Kubernetes image's build
   context, computed from Dockerfile.dockerignore as Docker reads it, holds no reference/,
   tests/ (fixtures, golden reports), build tree or .git, yet every path the Dockerfile copies.
Prints one line per problem and exits 1, or prints a summary and exits 0.
"""
import importlib.util
import os
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


def check_github_cache(path, job, name):
    """The job caches netgrade's package under a key naming its commit and the runner's OS,
    builds it only when the cache missed, and never caches a build folder."""
    steps = job.get("steps", [])
    caches = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    if len(caches) != 1:
        problem(path, f"job {name}: {len(caches)} actions/cache steps, expected the package's one")
        return
    cache = caches[0]
    key, cached = str(cache["with"].get("key", "")), str(cache["with"].get("path", ""))
    if "env.NETGRADE_COMMIT" not in key or "runner.os" not in key:
        problem(path, f"job {name}: the cache key {key!r} does not name netgrade's commit and runner.os")
    if re.search(r"(^|/)build\b", cached):
        problem(path, f"job {name}: caches {cached!r}, a build folder (recompiled after every checkout)")
    builds = [s for s in steps if "cmake --build" in str(s.get("run", ""))]
    hit = f"steps.{cache.get('id')}.outputs.cache-hit != 'true'"
    if not builds or any(str(s.get("if", "")).strip() != hit for s in builds):
        problem(path, f"job {name}: netgrade is built even when the cache has it (if: {hit})")
    if not any(f"-B {cached}" in str(s.get("run", "")) and "cpack" in str(s.get("run", ""))
               for s in builds):
        problem(path, f"job {name}: the build step does not write the package into {cached!r}")


def check_bundle_script(path, name, env, script):
    """A student job's script (its steps' or before_script's and script's lines, in order):
    the bundle downloaded from the pinned URL, its digest checked with sha256sum -c against
    the pinned NETGRADE_BUNDLE_SHA256 before it is unpacked and before anything is installed
    from it, a mismatch exit 2; no clone of netgrade, nothing compiled, nothing cached."""
    url, digest = str(env.get("NETGRADE_BUNDLE_URL", "")), str(env.get("NETGRADE_BUNDLE_SHA256", ""))
    if not re.match(r"https://\S+/netgrade-bundle-[^/\s]+\.tar\.gz$", url):
        problem(path, f"job {name}: NETGRADE_BUNDLE_URL {url!r} is not an https URL of a netgrade-bundle-*.tar.gz")
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        problem(path, f"job {name}: NETGRADE_BUNDLE_SHA256 {digest!r} is not a pinned sha256 (64 hex digits)")
    for word, why in (("git clone", "clones netgrade (its repository holds the answers)"),
                      ("cmake", "compiles netgrade"), ("cpack", "packages netgrade itself"),
                      ("install-deps", "installs netgrade's build packages")):
        if word in script:
            problem(path, f"job {name}: {why}: use the bundle")
    lines = script.splitlines()

    def first(pattern):
        return next((i for i, l in enumerate(lines) if re.search(pattern, l)), None)

    fetch = first(r"curl\b.*\$NETGRADE_BUNDLE_URL")
    verify = first(r"\$NETGRADE_BUNDLE_SHA256.*\|\s*sha256sum -c")
    unpack = first(r"\btar\b.*-\w*x\w*z?f?\b.*netgrade-bundle\.tar\.gz")
    install = first(r"apt-get install.*netgrade-bundle/netgrade_\*\.deb|dpkg -i")
    order = [("download", fetch), ("sha256sum -c", verify), ("unpack", unpack), ("install", install)]
    missing = [what for what, i in order if i is None]
    if missing:
        problem(path, f"job {name}: no {', no '.join(missing)} of the grader bundle")
        return
    if not fetch < verify < unpack < install:
        problem(path, f"job {name}: the bundle is not checked before it is unpacked and installed "
                      f"(lines {fetch}, {verify}, {unpack}, {install})")
    if not any(re.search(r"\bexit 2\b", l) for l in lines[verify:unpack]):
        problem(path, f"job {name}: a bundle whose digest does not match does not exit 2 before unpacking")
    release = first(r"grep -qx \"release=\$release\" \S*MANIFEST")
    if release is None or not unpack < release < install:
        problem(path, f"job {name}: does not check the bundle's release (its MANIFEST) before installing its package")
    if not re.search(r"netgrade-bundle/\$SPEC", script):
        problem(path, f"job {name}: does not grade the bundle's spec (netgrade-bundle/$SPEC)")


def check_github_bundle(path, job, name):
    steps = job.get("steps", [])
    for step in steps:
        if str(step.get("uses", "")).startswith("actions/cache@"):
            problem(path, f"job {name}: caches something: the bundle is all it installs")
    env = dict(job.get("env") or {})
    check_bundle_script(path, name, env, steps_text(job))


def check_publish(path):
    """The course's workflow that makes the bundle: on a tag, on the students' runner image,
    with ci/bundle.sh, published with its .sha256."""
    doc = load(path)
    if doc is None:
        return
    on = doc.get("on", doc.get(True))
    if not isinstance(on, dict) or "tags" not in (on.get("push") or {}):
        problem(path, "does not run on a tag push")
    for name, job in doc.get("jobs", {}).items():
        if job.get("runs-on") != "ubuntu-24.04":
            problem(path, f"job {name}: not on ubuntu-24.04, the students' runner image")
        run = steps_text(job)
        if "ci/bundle.sh" not in run or "ci/setup" not in run:
            problem(path, f"job {name}: does not build netgrade (ci/setup) and make the bundle (ci/bundle.sh)")
        if ".sha256" not in run:
            problem(path, f"job {name}: does not publish the bundle's .sha256")


def check_github_grade(path):
    doc = load(path)
    if doc is None:
        return
    for name, job in doc.get("jobs", {}).items():
        check_github_bundle(path, job, name)
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
    # One job builds (or takes from the cache) the package; the shards and the merge install it.
    if "netgrade" not in jobs or grade.get("needs") != "netgrade":
        problem(path, "no netgrade job that the grade jobs need (the package, built once)")
    else:
        check_github_cache(path, jobs["netgrade"], "netgrade")
    for name in ("grade", "merge"):
        if "cmake --build" in steps_text(jobs.get(name, {})):
            problem(path, f"job {name} builds netgrade: it installs the netgrade job's package")


def check_gitlab(path):
    doc = load(path)
    if doc is None:
        return
    if (doc.get("default") or {}).get("image") != "debian:12":
        problem(path, "the default image is not debian:12")
    if re.search(r"^\s*privileged:|docker:dind", path.read_text(), re.M):
        problem(path, "asks for a privileged container: it must run in a default one")
    jobs = {n: j for n, j in doc.items() if isinstance(j, dict) and "script" in j}
    scripts = "\n".join(
        "\n".join(job.get("before_script", []) + job.get("script", [])) for job in jobs.values()
    )
    # One grading, whose reports are the JUnit one GitLab reads and the text one in the log:
    # two runs could disagree (a timing-dependent case passing in one, failing in the other).
    runs = re.findall(r"\bnetgrade (check|batch)\b[^\n]*", scripts)
    if len(runs) != 1:
        problem(path, f"grades {len(runs)} times (netgrade check or batch): expected once")
    else:
        run = re.search(r"\bnetgrade (?:check|batch)\b[^\n]*", scripts).group(0)
        if "--format junit" not in run or "--format text" not in run:
            problem(path, "the grading run does not write both the JUnit and the text report")
    for name, job in jobs.items():
        if "junit" not in str((job.get("artifacts") or {}).get("reports", {})):
            problem(path, f"job {name}: no JUnit report for GitLab")
        if job.get("cache"):
            problem(path, f"job {name}: caches something: the bundle is all it installs")
        env = dict(doc.get("variables") or {}, **(job.get("variables") or {}))
        check_bundle_script(path, name, env,
                            "\n".join(job.get("before_script", []) + job.get("script", [])))


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


def check_builds_only_netgrade(path):
    """A template that builds netgrade builds the netgrade target, not the tests and fixtures."""
    for line in logical_lines(path.read_text()):
        if re.search(r"\bcmake --build\b", line) and "--target netgrade" not in line:
            problem(path, f"builds more than netgrade: {line.strip()}")


def check_dockerfile(path):
    text = path.read_text()
    check_builds_only_netgrade(path)
    stages = re.findall(r"^FROM\s", text, re.M)
    if len(stages) < 2 or "COPY --from=build" not in text:
        problem(path, "the image is not built in two stages (the package, then an image without the build)")


# --- no student code outside netgrade ---------------------------------------------------------

# `make` where a command starts: a line (or a YAML list item, a run: key), after ; & | ( {, or
# after then/do/else/timeout N. Not `cmake`, not the word in a comment (logical_lines drops them).
MAKE = re.compile(r"(?:^\s*(?:-\s+)?(?:run:\s*)?|[;&|({]\s*|\b(?:then|do|else|timeout\s+\S+)\s+)make\b")


def check_runs_no_student_code(path):
    for line in logical_lines(path.read_text()):
        if MAKE.search(line):
            problem(path, f"runs make outside netgrade (use the spec's build: make): {line.strip()}")


# --- the Kubernetes image's build context ----------------------------------------------------


def ignore_rules(path):
    """Dockerfile.dockerignore's patterns as Docker reads them: (regex, let back in), comments
    and blank lines left out, each pattern cleaned of a leading / and ./; `*` and `?` do not
    cross a /. `**` is refused: this checker does not implement it."""
    rules = []
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        back_in = line.startswith("!")
        pattern = os.path.normpath(line[1:].strip() if back_in else line).lstrip("/")
        if "**" in pattern:
            problem(path, f"{line}: ** is not understood by check.py: list the paths")
            continue
        regex = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c)
                        for c in pattern)
        rules.append((re.compile(regex + "$"), back_in))
    return rules


def ignored(rules, rel):
    """Docker's rule: the last pattern matching the path or one of its parent folders decides."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    out = False
    for regex, back_in in rules:
        if any(regex.match(p) for p in prefixes):
            out = not back_in
    return out


def build_context(rules):
    """The files (relative to the repository) Docker sends as the context of `docker build .`.
    A folder is entered when it is let in or a !pattern names something under it."""
    wanted = [r.pattern for r, back_in in rules if back_in]
    files = []
    for top, dirs, names in os.walk(REPO):
        rel_top = os.path.relpath(top, REPO)
        rel_top = "" if rel_top == "." else rel_top + "/"
        dirs[:] = [d for d in dirs if not ignored(rules, rel_top + d)
                   or any(w.startswith(re.escape(rel_top + d + "/")) for w in wanted)]
        files += [rel_top + n for n in names if not ignored(rules, rel_top + n)]
    return sorted(files)


# Never in the image, nor in what is sent to build it: answers a student's code could copy.
FORBIDDEN = re.compile(r"^(reference|tests|\.git|build[^/]*)(/|$)|(^|/)(golden|CMakeCache\.txt)(/|$)")


def check_docker_context(dockerfile, dockerignore):
    context = build_context(ignore_rules(dockerignore))
    leaked = [f for f in context if FORBIDDEN.search(f)]
    if leaked:
        problem(dockerignore, f"the build context holds {len(leaked)} files it must not, "
                f"e.g. {', '.join(leaked[:3])}")
    if "CMakeLists.txt" not in context or not any(f.startswith("harness/") for f in context):
        problem(dockerignore, "the build context lacks CMakeLists.txt or harness/: netgrade cannot build")
    for line in logical_lines(dockerfile.read_text()):
        m = re.match(r"\s*(?:COPY|ADD)\s+(.*)", line)
        if not m or "--from=" in line:
            continue
        sources = [a for a in m.group(1).split() if not a.startswith("--")][:-1]
        for src in sources:
            src = os.path.normpath(src)
            if src == ".":
                problem(dockerfile, f"copies the whole context: name the paths it needs ({line.strip()})")
            elif FORBIDDEN.search(src):
                problem(dockerfile, f"copies {src} into the image")
            elif not any(f == src or f.startswith(src + "/") for f in context):
                problem(dockerfile, f"copies {src}, which Dockerfile.dockerignore leaves out of the context")
    return len(context)


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
        sys.exit("usage: check.py NETGRADE | --context")
    if sys.argv[1] == "--context":
        print("\n".join(build_context(ignore_rules(HERE / "kubernetes/Dockerfile.dockerignore"))))
        sys.exit(1 if problems else 0)
    check_github_grade(HERE / "github/grade.yml")
    check_publish(HERE / "github/publish-bundle.yml")
    check_github_matrix(HERE / "github/batch-matrix.yml")
    check_gitlab(HERE / "gitlab/.gitlab-ci.yml")
    check_kubernetes(HERE / "kubernetes/indexed-job.yaml")
    check_dockerfile(HERE / "kubernetes/Dockerfile")
    context = check_docker_context(HERE / "kubernetes/Dockerfile",
                                   HERE / "kubernetes/Dockerfile.dockerignore")
    # GitHub Classroom: the workflow, and netgrade's points as its reporter reads them.
    classroom = importlib.util.spec_from_file_location(
        "check_classroom", HERE / "github-classroom/check_classroom.py")
    check_classroom = importlib.util.module_from_spec(classroom)
    classroom.loader.exec_module(check_classroom)
    classroom_checked = check_classroom.check(HERE / "github-classroom/classroom.yml", sys.argv[1],
                                              problem, check_github_bundle)
    templates = sorted(p for p in HERE.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))
    for path in templates:
        load(path)
    scripts = [HERE / "gradescope/run_autograder", HERE / "gradescope/setup.sh"]
    for path in templates + scripts + [HERE / "kubernetes/Dockerfile"]:
        check_builds_only_netgrade(path)
        check_runs_no_student_code(path)
    scripts += sorted((REPO / "ci/slurm").glob("*.sbatch"))
    calls = check_invocations(sys.argv[1], templates + scripts)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"templates: {len(templates)} YAML files parse; {calls} netgrade command lines use "
          "subcommands, options and formats the built netgrade has; none runs make; the "
          f"Kubernetes build context is {context} files, none of reference/, tests/ or a build; "
          f"GitHub Classroom gets netgrade's points per case ({', '.join(classroom_checked)}); "
          "the students' templates install a pinned, checked bundle and clone and compile nothing")


main()
