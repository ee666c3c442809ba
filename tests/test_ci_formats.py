"""The CI formats (sarif, gitlab, junit, github) read back as their consumers read them.

SARIF is validated against the official SARIF 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json, the
rtm.5 schema that became the OASIS standard) and checked for what GitHub code scanning requires on top of
it; GitLab Code Quality for the fields GitLab reads; JUnit parsed as XML with the elements and attributes
GitLab and Jenkins read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from cli_helpers import FSTRING, MIXED, insert_lines_above, invoke, write
from loglint.registry import all_rules

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        {
            "app/views.py": MIXED,
            "app/café x.py": FSTRING,
            "app/broken.py": "def f(:\n",
            "app/clean.py": "import logging\nlogging.getLogger(__name__).info('ok %s', 1)\n",
        },
    )


def run_format(root: Path, fmt: str, *args: str) -> str:
    result = invoke(root, "app", "--output-format", fmt, *args)
    assert result.exit_code == 1, result.stderr
    assert result.stderr == "", "machine formats print no summary"
    return result.stdout


# -- SARIF ---------------------------------------------------------------------------------------


def sarif(root: Path) -> dict:
    return json.loads(run_format(root, "sarif"))


def test_sarif_validates_against_the_schema(project):
    log = sarif(project)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert len(log["runs"][0]["results"]) == 5


def test_sarif_validates_with_no_findings(tmp_path):
    write(tmp_path, {"app/clean.py": "x = 1\n"})
    result = invoke(tmp_path, "app", "--output-format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_results_have_what_github_code_scanning_requires(project):
    log = sarif(project)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "loglint" and driver["version"]
    rules = driver["rules"]
    levels = set()
    for result in run["results"]:
        assert result["message"]["text"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "file:")), "relative to the checkout"
        assert re.fullmatch(r"[A-Za-z0-9/%._~-]+", artifact["uri"]), "percent-encoded"
        assert (project / unquote(artifact["uri"])).is_file()
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]
        levels.add(result["level"])
    assert levels == {"error", "warning"}, "levels follow the rule kinds"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "app/caf%C3%A9%20x.py" in uris


def test_sarif_levels_come_from_the_rule_kind(project):
    run = sarif(project)["runs"][0]
    by_code = {r["ruleId"]: r["level"] for r in run["results"]}
    assert by_code == {"LL001": "error", "LL101": "warning", "LL303": "warning", "LL115": "error"}


def test_sarif_rules_are_documented_from_the_docstrings(project):
    rules = sarif(project)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in all_rules()]
    for descriptor, rule in zip(rules, all_rules()):
        what = rule.doc_sections()["What it does"].split()
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"].split()[:3] == [w.strip("`") for w in what[:3]]
        assert len(descriptor["fullDescription"]["text"]) > len(descriptor["shortDescription"]["text"])
        assert "```" not in descriptor["fullDescription"]["text"]
        assert "What it does" in descriptor["help"]["text"] and "## What it does" in descriptor["help"]["markdown"]
        page = descriptor["helpUri"].split("/blob/main/", 1)[1]
        assert (REPO / page).is_file(), page
        assert descriptor["defaultConfiguration"]["level"] == rule.kind.value
        # GitHub: at most 20 tags, and these precision / problem.severity values only.
        assert len(descriptor["properties"]["tags"]) <= 20
        assert descriptor["properties"]["precision"] in {"very-high", "high", "medium", "low"}
        assert descriptor["properties"]["problem.severity"] in {"error", "warning", "recommendation"}


def fingerprints(log: dict) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for result in log["runs"][0]["results"]:
        key = (result["ruleId"], result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        out.setdefault(key, []).append(result["partialFingerprints"]["loglint/statementHash/v1"])
    return out


def test_sarif_fingerprints_survive_moved_lines_but_not_edits(project):
    before = sarif(project)
    views = project / "app" / "views.py"
    insert_lines_above(views, "def login", "import os\n\n\ndef unrelated():\n    return os.sep\n\n\n")
    moved = sarif(project)
    lines = lambda log: sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"])
    assert lines(moved) != lines(before), "the findings did move"
    assert fingerprints(moved) == fingerprints(before)
    views.write_text(views.read_text().replace("logged in", "signed in"), encoding="utf-8")
    edited, original = fingerprints(sarif(project)), fingerprints(before)
    assert edited[("LL101", "app/views.py")] != original[("LL101", "app/views.py")]
    assert edited[("LL303", "app/views.py")] == original[("LL303", "app/views.py")]


def test_identical_statements_get_distinct_fingerprints(tmp_path):
    write(tmp_path, {"app/x.py": FSTRING + '    logger.info(f"user {user} logged in")\n'})
    results = json.loads(run_format(tmp_path, "sarif"))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_sarif_is_deterministic(project):
    assert run_format(project, "sarif") == run_format(project, "sarif")


def test_output_file_receives_the_report(project):
    result = invoke(project, "app", "--output-format", "sarif", "-o", "reports/loglint.sarif")
    assert result.exit_code == 1 and result.stdout == ""
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads((project / "reports/loglint.sarif").read_text()))


# -- GitLab Code Quality -------------------------------------------------------------------------


def test_gitlab_code_quality_fields(project):
    issues = json.loads(run_format(project, "gitlab"))
    assert isinstance(issues, list) and len(issues) == 5
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"LL\d{3}", issue["check_name"])
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert (project / issue["location"]["path"]).is_file(), "relative to the repository root"
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab needs unique fingerprints"
    assert {i["check_name"]: i["severity"] for i in issues}["LL115"] == "major"
    assert {i["check_name"]: i["severity"] for i in issues}["LL101"] == "minor"


def test_gitlab_fingerprints_survive_moved_lines(project):
    before = {i["fingerprint"] for i in json.loads(run_format(project, "gitlab"))}
    insert_lines_above(project / "app" / "views.py", "def login", "\n\nCONSTANT = 1\n")
    assert {i["fingerprint"] for i in json.loads(run_format(project, "gitlab"))} == before


# -- JUnit ---------------------------------------------------------------------------------------


def test_junit_parses_with_the_fields_ci_systems_read(project):
    root = ET.fromstring(run_format(project, "junit").encode("utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "5" and root.get("failures") == "5"
    suites = root.findall("testsuite")
    assert sorted(s.get("name") for s in suites) == ["app/broken.py", "app/café x.py", "app/views.py"]
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 5
    for suite in suites:
        assert int(suite.get("tests")) == len(suite.findall("testcase")) == int(suite.get("failures"))
    for case in cases:
        assert case.get("name", "").startswith("org.loglint.LL") and case.get("classname")
        assert int(case.get("line")) >= 1 and float(case.get("time")) == 0
        failure = case.find("failure")
        assert failure is not None and failure.get("message") and failure.text.startswith("line ")


def test_junit_without_findings_is_one_passing_case(tmp_path):
    write(tmp_path, {"app/clean.py": "x = 1\n"})
    result = invoke(tmp_path, "app", "--output-format", "junit")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout.encode("utf-8"))
    [case] = root.findall("testsuite/testcase")
    assert case.find("failure") is None and root.get("failures") == "0"


def test_junit_escapes_what_xml_cannot_carry(tmp_path):
    write(tmp_path, {"app/x.py": 'import logging\nlogging.getLogger(__name__).info(f"<&\\x01> {1}")\n'})
    text = run_format(tmp_path, "junit")
    ET.fromstring(text.encode("utf-8"))


# -- GitHub annotations --------------------------------------------------------------------------

_ANNOTATION = re.compile(r"::(error|warning) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=(LL\d{3})::(.+)")


def test_github_annotations_parse_with_the_runners_syntax(project):
    lines = run_format(project, "github").splitlines()
    assert len(lines) == 5
    for line in lines:
        match = _ANNOTATION.fullmatch(line)
        assert match, line
        path = match.group(2).replace("%2C", ",").replace("%3A", ":").replace("%25", "%")
        assert (project / path).is_file()
    assert {_ANNOTATION.fullmatch(l).group(1) for l in lines} == {"error", "warning"}


# -- the README's CI examples --------------------------------------------------------------------


def readme_yaml_blocks() -> list[dict]:
    import yaml  # comes with pre-commit, a test dependency

    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    return [b for b in blocks if isinstance(b, dict)]


def _report_option(command: str) -> tuple[str, str]:
    words = command.split()
    return words[words.index("--output-format") + 1], words[words.index("-o") + 1]


def test_the_github_actions_example_uploads_the_sarif_it_writes(tmp_path):
    [workflow] = [b for b in readme_yaml_blocks() if "jobs" in b]
    steps = workflow["jobs"]["loglint"]["steps"]
    [command] = [s["run"] for s in steps if "run" in s and s["run"].startswith("loglint ")]
    fmt, target = _report_option(command)
    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert fmt == "sarif" and upload["with"]["sarif_file"] == target
    assert workflow["jobs"]["loglint"]["permissions"]["security-events"] == "write"
    write(tmp_path, {"app/x.py": FSTRING})
    assert invoke(tmp_path, *command.split()[1:]).exit_code == 1
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads((tmp_path / target).read_text()))


def test_the_gitlab_example_reports_the_code_quality_file_it_writes(tmp_path):
    [job] = [b["loglint"] for b in readme_yaml_blocks() if "loglint" in b and "script" in b["loglint"]]
    [command] = [line for line in job["script"] if line.startswith("loglint ")]
    fmt, target = _report_option(command)
    assert fmt == "gitlab" and job["artifacts"]["reports"]["codequality"] == target
    write(tmp_path, {"app/x.py": FSTRING})
    assert invoke(tmp_path, *command.split()[1:]).exit_code == 1
    assert json.loads((tmp_path / target).read_text())[0]["check_name"] == "LL101"
