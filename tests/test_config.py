"""Config discovery, validation errors, defaults, command-line overrides and config glob matching."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from textwrap import dedent

import pytest

from loglint.config import (
    DEFAULT_DEV_SETTINGS,
    DEFAULT_EXCLUDES,
    DEFAULT_EXPECTED_EXCEPTIONS,
    DEFAULT_PRINT_ALLOWED,
    DEFAULT_SENSITIVE_NAMES,
    Config,
    ConfigError,
    find_config_file,
    glob_matches,
    load_config,
)


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load_error(directory: Path, text: str, name: str = "pyproject.toml") -> ConfigError:
    write(directory / name, text)
    with pytest.raises(ConfigError) as info:
        load_config(directory)
    return info.value


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory that is also the cwd, so error messages show relative file names."""
    directory = tmp_path / "project"
    directory.mkdir()
    monkeypatch.chdir(directory)
    return directory


def test_walks_up_from_a_subdirectory_to_the_nearest_config(project: Path) -> None:
    config_file = write(project / "pyproject.toml", "[tool.loglint]\nselect = ['LL0']\n")
    start = project / "app" / "sub"
    start.mkdir(parents=True)
    config = load_config(start)
    assert (config.path, config.root, config.select) == (config_file.resolve(), project.resolve(), ("LL0",))


def test_pyproject_without_a_loglint_table_is_skipped(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    outer = write(project.parent / "loglint.toml", "ignore = ['LL001']\n")
    assert load_config(project).path == outer.resolve()


def test_loglint_toml_has_its_keys_at_top_level(project: Path) -> None:
    write(project / "loglint.toml", "extend-select = ['LL0']\n[orm]\nmin-confidence = 'high'\n")
    config = load_config(project)
    assert (config.extend_select, config.orm.min_confidence) == (("LL0",), "high")


def test_dot_loglint_toml_is_found(project: Path) -> None:
    write(project / ".loglint.toml", "external = ['E501']\n")
    assert load_config(project).external == ("E501",)


def test_pyproject_with_table_wins_over_loglint_toml_in_the_same_directory(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.loglint]\nexternal = ['G']\n")
    write(project / "loglint.toml", "external = ['E']\n")
    assert load_config(project).external == ("G",)


def test_nearest_directory_wins_over_a_parent_config(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.loglint]\nexternal = ['G']\n")
    inner = write(project / "sub" / ".loglint.toml", "external = ['E']\n")
    config = load_config(project / "sub")
    assert (config.path, config.root, config.external) == (inner.resolve(), inner.parent.resolve(), ("E",))


def test_find_config_file_names_the_file_load_config_uses(project: Path) -> None:
    expected = write(project / "loglint.toml", "")
    assert find_config_file(project) == expected.resolve()


def test_explicit_config_replaces_discovery(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.loglint]\nexternal = ['G']\n")
    explicit = write(project / "ci" / "lint.toml", "external = ['E']\n")
    config = load_config(project, explicit=explicit)
    assert (config.path, config.root) == (explicit.resolve(), explicit.parent.resolve())
    assert config.external == ("E",)


def test_explicit_pyproject_without_a_table_is_an_empty_config(project: Path) -> None:
    explicit = write(project / "pyproject.toml", "[project]\nname = 'x'\n")
    config = load_config(project, explicit=explicit)
    assert config == Config(path=explicit.resolve(), root=project.resolve())


def test_explicit_config_that_does_not_exist_is_an_error(project: Path) -> None:
    error = pytest.raises(ConfigError, load_config, project, explicit=project / "nope.toml").value
    assert (error.key, str(error)) == ("--config", "nope.toml: no such config file")


def test_isolated_ignores_every_config_file(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.loglint]\nselect = ['LL0']\n")
    assert load_config(project, isolated=True) == Config(root=project.resolve())


def test_isolated_with_an_explicit_config_is_an_error(project: Path) -> None:
    explicit = write(project / "loglint.toml", "")
    with pytest.raises(ConfigError, match="--isolated"):
        load_config(project, explicit=explicit, isolated=True)


def test_no_config_file_gives_the_defaults_rooted_at_the_start_directory(project: Path) -> None:
    config = load_config(project, isolated=True)
    assert (config.path, config.root, config.select) == (None, project.resolve(), None)


def test_defaults_come_from_the_rule_catalog() -> None:
    config = Config()
    assert config.exclude == DEFAULT_EXCLUDES
    assert {"venv", ".git", "migrations", ".loglint_cache"} <= set(config.exclude)
    assert config.dev_settings == DEFAULT_DEV_SETTINGS
    assert config.logging.sensitive_names == DEFAULT_SENSITIVE_NAMES and "password" in DEFAULT_SENSITIVE_NAMES
    assert config.print.allowed == DEFAULT_PRINT_ALLOWED and "manage.py" in DEFAULT_PRINT_ALLOWED
    assert config.levels.expected_exceptions == DEFAULT_EXPECTED_EXCEPTIONS
    assert (config.sentry.max_sample_rate, config.orm.min_confidence) == (0.25, "medium")


def test_every_key_is_read_into_typed_immutable_values(project: Path) -> None:
    write(
        project / "pyproject.toml",
        """
        [tool.loglint]
        select = ["LL"]
        ignore = ["syntax-error"]
        extend-select = ["LL001"]
        exclude = ["vendor"]
        extend-exclude = ["scripts/legacy/*"]
        baseline = ".loglint-baseline.json"
        external = ["E501", "G004"]
        force-exclude = true
        dev-settings = ["conf/dev.py"]
        max-file-size = 1048576

        [tool.loglint.per-file-ignores]
        "tests/*" = ["LL0"]

        [tool.loglint.logging]
        logger-objects = ["myproj.log.logger"]
        sanitizers = ["myproj.redact"]

        [tool.loglint.print]
        allowed = ["tools/"]

        [tool.loglint.sentry]
        max-sample-rate = 1

        [tool.loglint.levels]
        expected-exceptions = ["MyError"]
        """,
    )
    config = load_config(project)
    assert (config.select, config.ignore, config.extend_select) == (("LL",), ("syntax-error",), ("LL001",))
    assert (config.exclude, config.extend_exclude) == (("vendor",), ("scripts/legacy/*",))
    assert config.baseline == project.resolve() / ".loglint-baseline.json"
    assert (config.external, config.force_exclude) == (("E501", "G004"), True)
    assert config.dev_settings == ("conf/dev.py",)
    assert config.max_file_size == 1048576
    assert config.per_file_ignores == (("tests/*", ("LL0",)),)
    assert config.logging.logger_objects == ("myproj.log.logger",)
    assert config.logging.sanitizers == ("myproj.redact",)
    assert (config.print.allowed, config.levels.expected_exceptions) == (("tools/",), ("MyError",))
    assert config.sentry.max_sample_rate == 1.0 and isinstance(config.sentry.max_sample_rate, float)


def test_config_is_frozen_and_hashable() -> None:
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.select = ("LL",)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.logging.sanitizers = ()  # type: ignore[misc]
    assert hash(config) == hash(Config(root=config.root))


def test_sensitive_names_replace_the_defaults_and_extend_adds(project: Path) -> None:
    write(project / "loglint.toml", "[logging]\nextend-sensitive-names = ['pin', 'token']\n")
    assert load_config(project).logging.sensitive_names == DEFAULT_SENSITIVE_NAMES + ("pin",)
    write(project / "loglint.toml", "[logging]\nsensitive-names = ['pin']\nextend-sensitive-names = ['otp']")
    assert load_config(project).logging.sensitive_names == ("pin", "otp")


def test_unknown_top_level_key_names_file_key_and_closest_key(project: Path) -> None:
    error = load_error(project, "[tool.loglint]\nselct = ['LL0']\n")
    assert (error.file, error.key) == ((project / "pyproject.toml").resolve(), "tool.loglint.selct")
    assert error.hint == "did you mean 'select'?"
    assert str(error) == "pyproject.toml: unknown key 'tool.loglint.selct': did you mean 'select'?"


def test_unknown_key_in_a_sub_table_suggests_the_sibling_key(project: Path) -> None:
    error = load_error(project, "[tool.loglint.logging]\nlogger-objcts = []\n")
    assert (error.key, error.hint) == ("tool.loglint.logging.logger-objcts", "did you mean 'logger-objects'?")


def test_key_in_the_wrong_table_suggests_where_it_belongs(project: Path) -> None:
    error = load_error(project, "[tool.loglint]\nlogger-objects = []\n")
    assert error.hint == "did you mean 'tool.loglint.logging.logger-objects'?"


def test_unknown_key_in_loglint_toml_has_no_tool_prefix(project: Path) -> None:
    error = load_error(project, "[sentry]\nmax-sample-rat = 0.1\n", name="loglint.toml")
    assert str(error) == "loglint.toml: unknown key 'sentry.max-sample-rat': did you mean 'max-sample-rate'?"


def test_unknown_key_far_from_any_valid_key_lists_the_valid_ones(project: Path) -> None:
    error = load_error(project, "[tool.loglint.orm]\nzzz = 1\n")
    assert error.hint == "valid keys in tool.loglint.orm: min-confidence"


def test_string_where_an_array_is_expected_says_how_to_write_it(project: Path) -> None:
    error = load_error(project, "[tool.loglint]\nselect = 'LL001'\n")
    assert error.key == "tool.loglint.select"
    assert "must be an array of strings, got a string" in error.message and error.hint == 'write ["LL001"]'


@pytest.mark.parametrize(
    ("toml", "key", "expected"),
    [
        ("force-exclude = 'yes'", "tool.loglint.force-exclude", "must be a boolean, got a string"),
        ("select = [1]", "tool.loglint.select", "item 1 must be a string, got an integer"),
        ("baseline = 3", "tool.loglint.baseline", "must be a string, got an integer"),
        ("per-file-ignores = ['x']", "tool.loglint.per-file-ignores", "must be a table"),
        ("logging = 3", "tool.loglint.logging", "must be a table, got an integer"),
        ("sentry = {max-sample-rate = true}", "tool.loglint.sentry.max-sample-rate", "got a boolean"),
        ("max-file-size = '5MB'", "tool.loglint.max-file-size", "must be a number of bytes, got a string"),
        ("max-file-size = true", "tool.loglint.max-file-size", "must be a number of bytes, got a boolean"),
        ("max-file-size = 0", "tool.loglint.max-file-size", "must be a positive number of bytes, got 0"),
    ],
)
def test_wrong_type_names_the_expected_and_the_given_type(
    project: Path, toml: str, key: str, expected: str
) -> None:
    error = load_error(project, f"[tool.loglint]\n{toml}\n")
    assert error.key == key and expected in error.message


def test_loglint_table_that_is_not_a_table_is_an_error(project: Path) -> None:
    error = load_error(project, "[tool]\nloglint = 1\n")
    assert error.key == "tool.loglint"


@pytest.mark.parametrize("key", ["select", "ignore", "extend-select"])
def test_bad_rule_code_suggests_the_closest_valid_one(project: Path, key: str) -> None:
    error = load_error(project, f"[tool.loglint]\n{key} = ['LL01']\n")
    assert error.key == f"tool.loglint.{key}"
    message = f"unknown rule selector 'LL01' in 'tool.loglint.{key}'"
    assert str(error) == f"pyproject.toml: {message}: did you mean 'LL001'?"


def test_bad_rule_code_without_a_close_one_points_to_the_rule_list(project: Path) -> None:
    error = load_error(project, "[tool.loglint]\nselect = ['XYZ']\n")
    assert "'XYZ'" in error.message and "loglint rules" in (error.hint or "")


def test_bad_rule_code_in_per_file_ignores_names_the_glob(project: Path) -> None:
    error = load_error(project, "[tool.loglint.per-file-ignores]\n'tests/*' = ['LL9999']\n")
    assert error.key == 'tool.loglint.per-file-ignores."tests/*"' and "'LL9999'" in error.message


@pytest.mark.parametrize(
    ("toml", "expected", "hint"),
    [
        ("[tool.loglint.sentry]\nmax-sample-rate = 1.5", "between 0 and 1, got 1.5", None),
        ("[tool.loglint.orm]\nmin-confidence = 'hgh'", "must be one of high, medium", "did you mean 'high'?"),
        ("[tool.loglint.logging]\nlogger-objects = ['my logger']", "not a dotted name", None),
        ("[tool.loglint]\nexternal = ['E-501']", "not a noqa code", None),
        ("[tool.loglint]\nexclude = ['']", "item 1 is empty", None),
    ],
)
def test_invalid_values_are_errors(project: Path, toml: str, expected: str, hint: str | None) -> None:
    error = load_error(project, toml + "\n")
    assert expected in error.message
    if hint:
        assert error.hint == hint


def test_toml_syntax_error_names_the_file_and_the_toml_message(project: Path) -> None:
    error = load_error(project, "[tool.loglint]\nselect = ['LL0' 'LL1']\n", name=".loglint.toml")
    assert error.file == (project / ".loglint.toml").resolve()
    assert str(error).startswith(".loglint.toml: invalid TOML: ") and "line" in str(error)


def test_with_overrides_select_replaces_and_the_others_add(project: Path) -> None:
    write(
        project / "loglint.toml",
        """
        select = ['LL0']
        ignore = ['LL001']
        extend-exclude = ['a']
        external = ['E']
        """,
    )
    config = load_config(project).with_overrides(
        select=["LL,ALL"],
        ignore=["syntax-error"],
        extend_select=["LL001"],
        extend_exclude=["b"],
        external=["G"],
    )
    assert (config.select, config.extend_select) == (("LL", "ALL"), ("LL001",))
    assert config.ignore == ("LL001", "syntax-error")
    assert (config.extend_exclude, config.external) == (("a", "b"), ("E", "G"))


def test_with_overrides_without_values_changes_nothing() -> None:
    config = Config()
    assert config.with_overrides(select=None, ignore=(), exclude=None, baseline=None) == config


def test_with_overrides_exclude_replaces_the_defaults() -> None:
    assert Config().with_overrides(exclude=["vendor"]).exclude == ("vendor",)


def test_with_overrides_per_file_ignores_accepts_glob_colon_codes_and_mappings() -> None:
    config = Config(per_file_ignores=(("a/*", ("LL0",)),))
    config = config.with_overrides(per_file_ignores=["tests/*:LL001,LL0"])
    config = config.with_overrides(per_file_ignores={"b.py": ["LL"]})
    assert config.per_file_ignores == (("a/*", ("LL0",)), ("tests/*", ("LL001", "LL0")), ("b.py", ("LL",)))


def test_with_overrides_rejects_a_bad_code_naming_the_option() -> None:
    error = pytest.raises(ConfigError, Config().with_overrides, select=["LL01"]).value
    assert (error.file, error.key) == (None, "--select")
    assert str(error) == "unknown rule selector 'LL01' in '--select': did you mean 'LL001'?"


def test_with_overrides_rejects_a_per_file_ignore_without_a_colon() -> None:
    with pytest.raises(ConfigError, match="GLOB:CODES"):
        Config().with_overrides(per_file_ignores=["tests/*"])


def test_with_overrides_baseline_is_taken_from_the_cwd_and_force_exclude_set(project: Path) -> None:
    config = Config(root=project / "elsewhere").with_overrides(baseline="b.json", force_exclude=True)
    assert (config.baseline, config.force_exclude) == (project / "b.json", True)


def test_ignores_for_collects_the_codes_of_every_matching_glob(tmp_path: Path) -> None:
    ignores = (("tests/*", ("LL0",)), ("*.pyi", ("LL001",)), ("x/*", ("LL",)))
    config = Config(root=tmp_path, per_file_ignores=ignores)
    assert config.ignores_for(tmp_path / "tests" / "deep" / "t.pyi") == ("LL0", "LL001")


def test_selected_rules_always_include_the_syntax_error_rule() -> None:
    assert "LL001" in {rule.code for rule in Config(select=()).selected_rules()}


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "expected"),
    [
        ("venv", "a/venv/lib/x.py", False, True),
        ("venv", "a/venvs/x.py", False, False),
        ("test_*.py", "pkg/test_views.py", False, True),
        ("tests/", "tests/x.py", False, True),
        ("tests/", "pkg/tests", False, False),
        ("tests/", "pkg/tests", True, True),
        ("scripts/legacy", "scripts/legacy/x.py", False, True),
        ("scripts/legacy", "app/scripts/legacy/x.py", False, False),
        ("*/migrations/*", "a/b/migrations/0001.py", False, True),
        ("**/settings/{dev,ci}*.py", "settings/dev.py", False, True),
        ("**/settings/{dev,ci}*.py", "proj/settings/ci_local.py", False, True),
        ("**/settings/{dev,ci}*.py", "proj/settings/prod.py", False, False),
        ("/top.py", "top.py", False, True),
        ("/top.py", "a/top.py", False, False),
        ("file[0-9].py", "file7.py", False, True),
        ("{unbalanced", "{unbalanced", False, True),
    ],
)
def test_glob_semantics_follow_ruff(pattern: str, path: str, is_dir: bool, expected: bool) -> None:
    assert glob_matches(pattern, path, is_dir=is_dir) is expected


def test_a_walk_step_tests_only_the_entry_not_its_directories() -> None:
    assert not glob_matches("venv", "venv/lib", is_dir=True, ancestors=False)
    assert glob_matches("venv", "x/venv", is_dir=True, ancestors=False)


def test_default_dev_settings_globs_match_the_catalog_examples() -> None:
    config = Config()
    for path in ["proj/settings/local.py", "proj/settings_test.py", "proj/dev_settings.py"]:
        assert any(glob_matches(glob, path) for glob in config.dev_settings), path
    assert not any(glob_matches(glob, "proj/settings/production.py") for glob in config.dev_settings)
