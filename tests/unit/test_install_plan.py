"""The engine installer proposes what this machine's hardware can run, and Windows' own rules."""

from app.core.server.install_plan import TORCH_CPU_INDEX, propose_install


def test_cpu_only_linux_gets_cpu_engines_and_the_cpu_torch_index() -> None:
    plan = propose_install(nvidia_gpus=0, os_name="linux", arch="x86_64")
    assert "[all]" not in plan.requirement and "vllm" not in plan.requirement
    assert "transformers" in plan.requirement and "llama-cpp" in plan.requirement
    assert plan.pip_args == ("--extra-index-url", TORCH_CPU_INDEX)
    assert "vLLM" not in plan.engines
    assert "GB" in plan.summary()


def test_nvidia_linux_gets_everything() -> None:
    plan = propose_install(nvidia_gpus=2, os_name="linux", arch="x86_64")
    assert plan.requirement == "xinference[all]"
    assert "vLLM" in plan.engines and plan.pip_args == ()


def test_windows_never_gets_all_even_with_a_gpu() -> None:
    for gpus in (0, 1):
        plan = propose_install(nvidia_gpus=gpus, os_name="win32", arch="amd64")
        assert "[all]" not in plan.requirement and "vllm" not in plan.requirement.lower()
        assert "transformers" in plan.requirement


def test_apple_silicon_gets_mlx_and_intel_macs_do_not() -> None:
    arm = propose_install(nvidia_gpus=0, os_name="darwin", arch="arm64")
    assert "mlx" in arm.requirement and "MLX" in arm.engines
    intel = propose_install(nvidia_gpus=0, os_name="darwin", arch="x86_64")
    assert "mlx" not in intel.requirement
