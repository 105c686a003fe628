"""The built wheel carries both packages, the spec copy and py.typed; its typing holds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
API_VERSION = json.loads((ROOT / "spec" / "openapi.json").read_text("utf-8"))["info"]["version"]
# The generated models `import vmss_maintenance` may load: errors and the performMaintenance
# body. Any other (a VM, a scale set, an instance view) must wait until a call needs it.
IMPORTED_MODELS = {"api_error", "cloud_error", "virtual_machine_scale_set_vm_instance_ids"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (built,) = out.glob("vmss_maintenance-*.whl")
    return built


def test_wheel_holds_both_packages_and_their_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "vmss_maintenance_api/__init__.py",
        "vmss_maintenance_api/openapi.json",
        "vmss_maintenance_api/py.typed",
        "vmss_maintenance_api/models/cloud_error.py",
        "vmss_maintenance/__init__.py",
        "vmss_maintenance/py.typed",
    ):
        assert expected in names
    assert not any(name.startswith(("tests/", "scripts/", "spec/")) for name in names)


def test_wheel_carries_no_emulator_and_no_demo(wheel: Path) -> None:
    # The emulator and the demo are their own distribution (emulator/, vmss-maintenance-emulator).
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/", 1)[0] for name in names if "/" in name}
    assert packages == {
        "vmss_maintenance",
        "vmss_maintenance_api",
        wheel.name.removesuffix("-py3-none-any.whl") + ".dist-info",
    }
    assert not [name for name in names if "emulator" in name or "_demo" in name]
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    scripts = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "vmss-maintenance = vmss_maintenance.cli:main" in scripts
    assert "emulator" not in scripts


def test_the_client_imports_nothing_of_the_emulator() -> None:
    sources = (ROOT / "wrapper" / "vmss_maintenance").rglob("*.py")
    offenders = [
        str(path) for path in sources if "vmss_maintenance_emulator" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_the_emulator_imports_nothing_private_of_the_client() -> None:
    private = re.compile(r"\bvmss_maintenance(_api)?\._|from vmss_maintenance(_api)? import _")
    sources = (ROOT / "emulator" / "vmss_maintenance_emulator").rglob("*.py")
    offenders = [str(path) for path in sources if private.search(path.read_text("utf-8"))]
    assert offenders == []


def test_installed_wheel_imports_on_its_own(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    # -S: no site processing, so the editable checkout is not on the path; deps come from
    # this environment's site-packages, placed after the unpacked wheel.
    path = f"{tmp_path}{':'}{sysconfig.get_paths()['purelib']}"
    code = (
        "import vmss_maintenance_api, vmss_maintenance\n"
        "from vmss_maintenance import _adapter\n"
        "print(vmss_maintenance_api.__file__, vmss_maintenance.__file__, _adapter.API_VERSION)"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", code],
        env={"PYTHONPATH": path}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    api_file, wrapper_file, version = done.stdout.split()
    assert api_file.startswith(str(tmp_path))
    assert wrapper_file.startswith(str(tmp_path))
    assert version == API_VERSION


def test_mypy_strict_accepts_code_calling_the_generated_operation(tmp_path: Path) -> None:
    # The surface the wrapper uses (through _adapter): the operation module's _get_kwargs and
    # the body model; sync_detailed is not called by the wrapper.
    caller = tmp_path / "caller.py"
    caller.write_text(textwrap.dedent(f"""
        from vmss_maintenance_api.api.virtual_machine_scale_sets import (
            virtual_machine_scale_sets_perform_maintenance as perform_maintenance,
        )
        from vmss_maintenance_api.models import VirtualMachineScaleSetVMInstanceIDs


        def start() -> str:
            kwargs = perform_maintenance._get_kwargs(
                "00000000-0000-0000-0000-000000000000", "group", "scale-set",
                body=VirtualMachineScaleSetVMInstanceIDs(instance_ids=["0"]),
                api_version="{API_VERSION}",
            )
            return str(kwargs["url"])
    """))
    wrong = tmp_path / "wrong.py"
    wrong.write_text(caller.read_text().replace('instance_ids=["0"]', "instance_ids=[0]"))
    ok = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(caller)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(wrong)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "instance_ids" in bad.stdout or "List item 0" in bad.stdout


def test_importing_the_wrapper_loads_no_vm_model() -> None:
    code = (
        "import sys, vmss_maintenance\n"
        "prefix = 'vmss_maintenance_api.models.'\n"
        "print(' '.join(m[len(prefix):] for m in sys.modules if m.startswith(prefix)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert set(done.stdout.split()) <= IMPORTED_MODELS


def test_models_load_lazily_on_first_use() -> None:
    code = (
        "import sys\n"
        "import vmss_maintenance_api.models as models\n"
        "prefix = 'vmss_maintenance_api.models.'\n"
        "before = sorted(m for m in sys.modules if m.startswith(prefix))\n"
        "cls = models.VirtualMachineScaleSetVM\n"
        "after = sorted(m for m in sys.modules if m.startswith(prefix))\n"
        "print(before, after, cls.__name__, 'VirtualMachineScaleSet' in dir(models))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.split() == [
        "[]", "['vmss_maintenance_api.models.virtual_machine_scale_set_vm']",
        "VirtualMachineScaleSetVM", "True",
    ]


def test_an_unknown_model_name_is_an_attribute_error() -> None:
    import vmss_maintenance_api.models as models

    with pytest.raises(AttributeError, match="has no attribute 'NoSuchModel'"):
        models.NoSuchModel  # noqa: B018
