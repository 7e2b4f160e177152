"""Load and validate rulesets; errors name the file and the key."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from analyzer.errors import ErrorCode, KiteiError
from analyzer.extract.shapes import SHAPES
from analyzer.rules.schema import Aspect, Lexicon, Ruleset

LEXICON_FILE = "lexicon.yaml"


def rulesets_dir() -> Path:
    """The folder of ruleset YAML files (``KITEI_RULESETS`` overrides it)."""
    env = os.environ.get("KITEI_RULESETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "rulesets"


def _read_yaml(path: Path) -> object:
    try:
        # libyaml's safe loader when present: same data, ~7x faster on the ISP ruleset
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        raise KiteiError(ErrorCode.E202, file=path.name, key=where, detail=str(exc).splitlines()[0]) from None


def _validation_error(path: Path, exc: ValidationError) -> KiteiError:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(top)"
    return KiteiError(ErrorCode.E202, file=path.name, key=key, detail=err["msg"])


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Load ``lexicon.yaml`` of the rulesets folder (cached per folder and file state)."""
    path = (directory or rulesets_dir()) / LEXICON_FILE
    stat = path.stat() if path.is_file() else None
    return _load_lexicon_cached(str(path), stat.st_mtime_ns if stat else 0)


@lru_cache(maxsize=16)
def _load_lexicon_cached(path_str: str, _mtime: int) -> Lexicon:
    path = Path(path_str)
    try:
        return Lexicon.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise _validation_error(path, exc) from None


def _check_concepts(path: Path, ruleset: Ruleset, lexicon: Lexicon) -> None:
    def check_aspect(aspect: Aspect, key: str) -> None:
        check_groups([*aspect.all, *aspect.any, aspect.not_], key)

    def check_groups(groups: list[list[str]], key: str) -> None:
        for group in groups:
            for term in group:
                unknown_concept = term.startswith("@") and term[1:] not in lexicon.concepts
                unknown_shape = term.startswith("§") and term[1:] not in SHAPES
                if unknown_concept or unknown_shape:
                    raise KiteiError(ErrorCode.E203, file=path.name, key=key, name=term)

    for a in ruleset.applicability:
        check_aspect(a.detect, f"applicability.{a.id}")
    for item, topic in ruleset.topics:
        if topic.match:
            key = f"items.{item.id}.topics.{topic.id}.match"
            for i, aspect in enumerate(topic.match.aspects):
                check_aspect(aspect, f"{key}.aspects.{i}")
            if topic.match.breadth:
                check_groups([*topic.match.breadth.groups, topic.match.breadth.collective], f"{key}.breadth")


def load_ruleset_file(path: Path, lexicon: Lexicon | None = None) -> Ruleset:
    """Load one ruleset file and validate it against the schema and the lexicon."""
    if not path.is_file():
        raise KiteiError(ErrorCode.E201, id=path.stem, available=", ".join(available_rulesets()))
    data = _read_yaml(path)
    try:
        ruleset = Ruleset.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(path, exc) from None
    if ruleset.id != path.stem:
        raise KiteiError(ErrorCode.E202, file=path.name, key="id", detail=f"id {ruleset.id!r} != file name")
    _check_concepts(path, ruleset, lexicon or load_lexicon(path.parent))
    return ruleset


def available_rulesets(directory: Path | None = None) -> list[str]:
    """Ids of the rulesets in the folder."""
    d = directory or rulesets_dir()
    return sorted(p.stem for p in d.glob("*.yaml") if p.name != LEXICON_FILE)


@lru_cache(maxsize=16)
def _load_cached(directory: str, ruleset_id: str, _mtimes: tuple[int, int]) -> Ruleset:
    return load_ruleset_file(Path(directory) / f"{ruleset_id}.yaml")


def load_ruleset(ruleset_id: str, directory: Path | None = None) -> Ruleset:
    """Load a ruleset by id (cached per folder)."""
    d = directory or rulesets_dir()
    if ruleset_id not in available_rulesets(d):
        raise KiteiError(ErrorCode.E201, id=ruleset_id, available=", ".join(available_rulesets(d)))
    mtimes = ((d / f"{ruleset_id}.yaml").stat().st_mtime_ns, (d / LEXICON_FILE).stat().st_mtime_ns)
    return _load_cached(str(d), ruleset_id, mtimes)
