"""The two environments the README's commands create: Rasa 3.6.21 on Python 3.10 beside the core on 3.11."""

import subprocess
import sys

from tests.conftest import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def test_core_environment_is_python_311_with_cpu_torch():
    import torch

    assert sys.version_info[:2] == (3, 11)
    assert torch.__version__.startswith("2.13.0") and not torch.cuda.is_available()


def test_rasa_environment_has_rasa_3_6_21_on_python_310():
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", "import sys, rasa; print(sys.version_info[:2], rasa.__version__)"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "(3, 10) 3.6.21"
