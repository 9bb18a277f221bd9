"""The package's data files (lexicons, tables, profiles of places), and how YAML ones load."""
from __future__ import annotations

from typing import Any


def yaml_load(text: str) -> Any:
    """YAML through libyaml's safe loader when PyYAML was built with it (the data files and
    profiles load about ten times faster), else the pure-Python safe loader."""
    import yaml
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
