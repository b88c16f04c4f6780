import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SAMPLES = ROOT / "tests" / "fixtures" / "articles"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def samples() -> Path:
    return SAMPLES
