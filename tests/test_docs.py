"""The documentation holds together: every relative link of README.md, docs/*.md and benchmarks/README.md points to a
file that exists and, when it names a heading (`file.md#anchor`), to a heading of that file as GitHub anchors it;
the README stays short, its first screen says what to run and where to read more."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md"]

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", flags=re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", flags=re.S)
LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _prose(markdown: str) -> str:
    """The Markdown without fenced code blocks and code spans, where brackets are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", markdown))


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: its text in lower case, punctuation removed, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a document's headings (a repeated heading gets -1, -2, ...)."""
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", FENCE.sub("", markdown), flags=re.M):
        slug = _slug(heading)
        found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return found


def broken_links(path: Path) -> list[str]:
    """Each relative link of a Markdown file that points nowhere, with the reason."""
    broken = []
    for target in LINK.findall(_prose(path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
        elif not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(ROOT)}")
    return broken


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_every_relative_link_points_to_a_file_and_heading(path):
    assert broken_links(path) == []


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "other.md").write_text("# Other\n\n## Running again after fixing a file\n\n## Notes\n\n## Notes\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n## Surveys: how each answer is read\n\n"
        "[ok](other.md#running-again-after-fixing-a-file) [ok](other.md#notes-1) "
        "[ok](#surveys-how-each-answer-is-read)\n"
        "[gone](gone.md) [no heading](other.md#speed) [web](https://example.org/x#y)\n"
        "`[not a link](nowhere.md)`\n\n```\n[not a link either](nowhere.md)\n```\n"
    )
    assert broken_links(page) == ["gone.md: no such file", "other.md#speed: no heading #speed in other.md"]


def test_the_docs_the_task_names_exist():
    for name in (
        "user-guide",
        "exports-and-configuration",
        "privacy",
        "mentor-pool",
        "themes",
        "architecture",
        "development",
        "data-dictionary",
    ):
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
    assert (ROOT / "benchmarks" / "README.md").is_file()


def test_readme_is_short_and_its_first_screen_says_what_to_run_and_where_to_read_more():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250, "the README is the front page: move the details into docs/"
    first_screen = "\n".join(readme.splitlines()[:40])
    for said in ("make report", "make test", "reports/2025-26/index.html", "](docs/"):
        assert said in first_screen, said
