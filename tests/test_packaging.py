"""pyproject.toml and environment.yml name the same packages; the README documents every table."""

import re
import tomllib
from pathlib import Path

from induction_analysis import analyses, schemas

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_names_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for group in project["optional-dependencies"].values() for r in group}
    env = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    listed = {_name(m) for m in re.findall(r"^  - ([A-Za-z][\w.-]*)[^:\n]*$", env, flags=re.M)}
    assert wanted <= listed, wanted - listed
    assert listed - {"python", "pip"} - wanted == set()


def test_readme_data_dictionary_is_current():
    readme = (ROOT / "README.md").read_text()
    assert schemas.data_dictionary_markdown() in readme, "run: induction-analysis dictionary, and paste into the README"
    assert analyses.dictionary_markdown() in readme, "run: induction-analysis dictionary, and paste into the README"


def test_readme_quick_start_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start"):]
    assert quick.index("make report") < quick.index("make test")
