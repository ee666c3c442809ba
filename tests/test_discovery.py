"""File discovery: Python files only, excludes, .gitignore, named paths, --force-exclude and symlinks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Sequence, Union

import pytest

from loglint.config import Config
from loglint.discovery import Discovery, DiscoveryError, discover


def make(directory: Path, *names: str, text: str = "x = 1\n") -> None:
    for name in names:
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


Paths = Sequence[Union[str, Path]]


def run(paths: Paths = (".",), config: Optional[Config] = None, **kwargs: bool) -> Discovery:
    return discover(paths, config or Config(root=Path.cwd().resolve()), **kwargs)


def found(paths: Paths = (".",), config: Optional[Config] = None, **kwargs: bool) -> list[str]:
    return [path.as_posix() for path in run(paths, config, **kwargs).files]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project root, also the cwd, so that found files read as relative paths."""
    directory = tmp_path / "project"
    directory.mkdir()
    monkeypatch.chdir(directory)
    return directory


def test_finds_py_and_pyi_files_sorted_and_nothing_else(project: Path) -> None:
    make(project, "b.py", "a/z.pyi", "a/y.py", "notes.txt", "a/x.pyc", "script")
    assert found() == ["a/y.py", "a/z.pyi", "b.py"]


def test_default_excludes_skip_virtualenvs_builds_and_migrations(project: Path) -> None:
    make(project, "app/views.py", "app/migrations/0001_initial.py", "venv/lib/x.py", ".venv/x.py")
    make(project, "node_modules/x.py", "build/x.py", ".git/hooks/x.py", ".loglint_cache/x.py")
    assert found() == ["app/views.py"]


def test_exclude_replaces_the_default_list(project: Path) -> None:
    make(project, "venv/x.py", "vendor/x.py")
    assert found(config=Config(root=project.resolve(), exclude=("vendor",))) == ["venv/x.py"]


def test_extend_exclude_adds_names_root_paths_and_any_depth_globs(project: Path) -> None:
    make(project, "legacy/a.py", "scripts/old/b.py", "scripts/new/c.py", "x/y/generated/d.py", "e.py")
    config = Config(root=project.resolve(), extend_exclude=("legacy", "scripts/old/*", "*/generated/*"))
    assert found(config=config) == ["e.py", "scripts/new/c.py"]


def test_gitignore_directories_and_file_patterns_are_skipped(project: Path) -> None:
    make(project, "ignored_dir/y.py", "app/gen_models.py", "app/models.py")
    (project / ".gitignore").write_text("ignored_dir/\ngen_*.py\n")
    assert found() == ["app/models.py"]


def test_nested_gitignore_is_relative_to_its_own_directory(project: Path) -> None:
    make(project, "local.py", "app/local.py", "app/sub/local.py")
    (project / "app" / ".gitignore").write_text("/local.py\n")
    assert found() == ["app/sub/local.py", "local.py"]


def test_negation_reincludes_within_a_file_and_from_a_deeper_file(project: Path) -> None:
    make(project, "gen_a.py", "gen_keep.py", "app/gen_b.py", "app/gen_c.py")
    (project / ".gitignore").write_text("gen_*.py\n!gen_keep.py\n")
    (project / "app" / ".gitignore").write_text("!gen_c.py\n")
    assert found() == ["app/gen_c.py", "gen_keep.py"]


def test_git_info_exclude_is_respected(project: Path) -> None:
    make(project, "private.py", "public.py")
    (project / ".git" / "info").mkdir(parents=True)
    (project / ".git" / "info" / "exclude").write_text("private.py\n")
    assert found() == ["public.py"]


def test_gitignore_above_the_root_applies_inside_the_same_git_work_tree(project: Path) -> None:
    (project.parent / ".git").mkdir()
    (project.parent / ".gitignore").write_text("generated/\n")
    make(project, "generated/x.py", "y.py")
    assert found() == ["y.py"]


def test_gitignore_above_the_root_outside_git_is_not_the_projects(project: Path) -> None:
    (project.parent / ".gitignore").write_text("*.py\n")
    make(project, "y.py")
    assert found() == ["y.py"]


def test_named_file_in_an_excluded_directory_is_linted(project: Path) -> None:
    make(project, "app/migrations/0001_initial.py")
    assert found(["app/migrations/0001_initial.py"]) == ["app/migrations/0001_initial.py"]


def test_force_exclude_skips_a_named_file_in_an_excluded_directory(project: Path) -> None:
    make(project, "app/migrations/0001_initial.py", "app/views.py")
    paths = ["app/migrations/0001_initial.py", "app/views.py"]
    assert found(paths, force_exclude=True) == ["app/views.py"]
    assert found(paths, Config(root=project.resolve(), force_exclude=True)) == ["app/views.py"]


def test_force_exclude_applies_gitignore_to_named_files(project: Path) -> None:
    make(project, "ignored_dir/y.py")
    (project / ".gitignore").write_text("ignored_dir/\n")
    assert found(["ignored_dir/y.py"]) == ["ignored_dir/y.py"]
    assert found(["ignored_dir/y.py"], force_exclude=True) == []


def test_named_excluded_directory_is_walked_unless_force_exclude(project: Path) -> None:
    make(project, "venv/lib/x.py")
    assert found(["venv"]) == ["venv/lib/x.py"]
    assert found(["venv"], force_exclude=True) == []


def test_named_file_is_linted_whatever_its_suffix(project: Path) -> None:
    make(project, "bin/deploy")
    assert found(["bin/deploy"]) == ["bin/deploy"]


def test_missing_path_is_a_discovery_error(project: Path) -> None:
    with pytest.raises(DiscoveryError) as info:
        run(["nope.py"])
    assert str(info.value) == "nope.py: no such file or directory"


def test_each_file_is_listed_once_however_often_it_is_named(project: Path) -> None:
    make(project, "app/x.py")
    assert found(["app", "app/x.py", ".", "./app/x.py"]) == ["app/x.py"]


def test_paths_outside_the_cwd_are_shown_absolute(tmp_path: Path, project: Path) -> None:
    make(tmp_path, "other/x.py")
    assert run([tmp_path / "other"]).files == [tmp_path / "other" / "x.py"]


def test_symlink_out_of_the_root_is_skipped_with_a_message(tmp_path: Path, project: Path) -> None:
    make(tmp_path, "outside/x.py")
    make(project, "app.py")
    (project / "linked_dir").symlink_to(tmp_path / "outside")
    (project / "linked.py").symlink_to(tmp_path / "outside" / "x.py")
    result = run()
    assert [path.as_posix() for path in result.files] == ["app.py"]
    assert len(result.messages) == 2 and all("outside the project root" in m for m in result.messages)


def test_symlink_inside_the_root_is_followed_and_deduplicated_under_the_real_path(project: Path) -> None:
    make(project, "lib/real.py", "shared/util.py")
    (project / "a_alias").symlink_to(project / "lib")
    (project / "a_file.py").symlink_to(project / "lib" / "real.py")
    (project / "lib" / "shared").symlink_to(project / "shared")
    assert found(["lib"]) == ["lib/real.py", "lib/shared/util.py"]
    assert found() == ["lib/real.py", "shared/util.py"]


def test_symlink_loop_to_an_ancestor_terminates_with_a_message(project: Path) -> None:
    make(project, "a/x.py")
    (project / "a" / "up").symlink_to(project)
    result = run()
    assert [path.as_posix() for path in result.files] == ["a/x.py"]
    assert result.messages == ["a/up: symlink loop (points to %s), skipped" % project.resolve()]


def test_symlinks_pointing_at_each_other_terminate_with_a_message(project: Path) -> None:
    (project / "one.py").symlink_to(project / "two.py")
    (project / "two.py").symlink_to(project / "one.py")
    result = run()
    assert result.files == []
    assert result.messages == ["one.py: symlink loop, skipped", "two.py: symlink loop, skipped"]


def test_named_symlink_loop_is_a_discovery_error(project: Path) -> None:
    (project / "one.py").symlink_to(project / "two.py")
    (project / "two.py").symlink_to(project / "one.py")
    with pytest.raises(DiscoveryError, match="symlink loop"):
        run(["one.py"])


def test_broken_python_symlink_is_reported(project: Path) -> None:
    (project / "gone.py").symlink_to(project / "missing.py")
    assert run().messages == ["gone.py: broken symlink, skipped"]


def test_unreadable_directory_is_skipped_with_a_message(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(project, "locked/x.py", "ok.py")
    real_scandir = os.scandir

    def scandir(path: Union[str, Path]) -> "os._ScandirIterator[str]":  # type: ignore[name-defined]
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run()
    assert [path.as_posix() for path in result.files] == ["ok.py"]
    assert result.messages == ["locked: cannot read directory (Permission denied), skipped"]
