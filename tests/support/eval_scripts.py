"""Load a script of eval/ (not a package) as a module, for tests that check a shipped fit or build reproduces."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from app.settings import ROOT


def eval_script(name: str) -> ModuleType:
    """`eval/<name>.py` as the module `name`, registered in sys.modules first (its dataclasses look themselves up
    there) unless a module of that name is already loaded."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "eval" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module
