"""deploy/: no container engine runs here, so the manifests are parsed and cross-checked.

What must agree: the Dockerfile's ports, user, model location and command; the
commands deploy/README.md tells people to run; compose's services; the Kubernetes
probes, ConfigMap, Service and HPA — against the settings and the CLI they drive.
"""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from waf_proxy.cli import build_parser
from waf_proxy.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
README = DEPLOY / "README.md"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("WAF_"):
            monkeypatch.delenv(name)


# -- Dockerfile -------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def runtime_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    starts = [i for i, (word, _) in enumerate(instructions) if word == "FROM"]
    return instructions[starts[-1]:]


def exec_form(args: str) -> list[str]:
    import json

    return json.loads(args)


def docker_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for word, args in runtime_stage():
        if word == "ENV":
            for token in shlex.split(args):
                name, _, value = token.partition("=")
                env[name] = value
    return env


def test_dockerfile_is_multi_stage_with_cpu_torch() -> None:
    instructions = dockerfile_instructions()
    froms = [args for word, args in instructions if word == "FROM"]
    assert len(froms) >= 2 and any(" AS builder" in f for f in froms)
    runs = " ".join(args for word, args in instructions if word == "RUN")
    assert "torch==2.13.0" in runs and "download.pytorch.org/whl/cpu" in runs
    copies = [args for word, args in runtime_stage() if word == "COPY"]
    assert any(c.startswith("--from=builder") for c in copies)


def test_runtime_runs_as_non_root() -> None:
    users = [args for word, args in runtime_stage() if word == "USER"]
    assert users, "runtime stage sets no USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0  # numeric, so runAsNonRoot can verify it


def test_exposed_ports_and_healthcheck_match_settings() -> None:
    env = docker_env()
    settings = settings_from_docker_env(env)
    exposed = {int(p) for word, args in runtime_stage() if word == "EXPOSE" for p in args.split()}
    assert exposed == {settings.port, settings.admin.port}
    assert settings.host == "0.0.0.0" and settings.admin.host == "0.0.0.0"
    (health,) = [args for word, args in runtime_stage() if word == "HEALTHCHECK"]
    assert f"127.0.0.1:{settings.admin.port}/healthz" in health


def settings_from_docker_env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch | None = None) -> Settings:
    """Settings as the container sees them (its WAF_CONFIG is the repository's config.toml)."""
    mp = monkeypatch or pytest.MonkeyPatch()
    try:
        copies = {dest: src for word, args in runtime_stage() if word == "COPY"
                  for src, dest in [args.split()[-2:]]}
        assert copies[env["WAF_CONFIG"]] == "config.toml"
        for name, value in env.items():
            if name.startswith("WAF_") and name != "WAF_CONFIG":
                mp.setenv(name, value)
        return load_settings(ROOT / "config.toml")
    finally:
        if monkeypatch is None:
            mp.undo()


def test_model_is_baked_where_settings_look() -> None:
    env = docker_env()
    copies = [args.split() for word, args in runtime_stage() if word == "COPY" and not args.startswith("--")]
    assert ["models/default", env["WAF_MODEL__PATH"]] in copies


def test_dockerfile_copies_files_that_exist() -> None:
    for word, args in dockerfile_instructions():
        if word == "COPY" and not args.startswith("--from"):
            for src in args.split()[:-1]:
                if src == "models/default" and not (ROOT / src).exists():
                    continue  # checked by test_default_model_is_present
                assert (ROOT / src).exists(), f"COPY source {src} missing"


def test_default_model_is_present() -> None:
    if not (ROOT / "models" / "default" / "config.json").is_file():
        pytest.skip("models/default not trained yet; the image build needs it")
    assert (ROOT / "models" / "default" / "model.safetensors").is_file()


def test_dockerignore_keeps_what_the_build_copies() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for needed in ("pyproject.toml", "README.md", "config.toml", "waf_proxy/**", "models/default/**"):
        assert f"!{needed}" in ignore


def test_entrypoint_and_cmd_are_a_valid_cli_call() -> None:
    (entry,) = [exec_form(a) for w, a in runtime_stage() if w == "ENTRYPOINT"]
    (cmd,) = [exec_form(a) for w, a in runtime_stage() if w == "CMD"]
    assert entry == ["waf-proxy"]
    assert build_parser().parse_args(cmd).command == "serve"


# -- README -------------------------------------------------------------------------


def readme_commands() -> list[list[str]]:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(), re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line:
                commands.append(shlex.split(line))
    return commands


def test_readme_builds_the_way_the_dockerfile_says() -> None:
    header = DOCKERFILE.read_text()
    builds = [c for c in readme_commands() if c[:2] == ["docker", "build"]]
    assert builds
    for command in builds:
        assert command[command.index("-f") + 1] == "deploy/Dockerfile" and command[-1] == "."
        assert " ".join(command) in header  # the Dockerfile documents the same command


def test_readme_docker_runs_use_the_image_and_a_valid_cli() -> None:
    runs = [c for c in readme_commands() if c[:2] == ["docker", "run"]]
    assert runs
    exposed = {int(p) for w, a in runtime_stage() if w == "EXPOSE" for p in a.split()}
    for command in runs:
        image = next(i for i, token in enumerate(command) if token.startswith("waf-proxy:"))
        args = command[image + 1:]
        assert build_parser().parse_args(args).command == "serve"
        published = {int(command[i + 1].rsplit(":", 1)[1]) for i, t in enumerate(command) if t == "-p"}
        assert published <= exposed


def test_readme_paths_exist() -> None:
    for command in readme_commands():
        for flag in ("-f", "-k"):
            if flag in command:
                assert (ROOT / command[command.index(flag) + 1]).exists(), command


# -- compose --------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_has_the_stack() -> None:
    services = compose()["services"]
    assert {"proxy", "demo", "redis", "prometheus"} <= set(services)
    build = services["proxy"]["build"]
    assert (DEPLOY / build["context"]).resolve() == ROOT and build["dockerfile"] == "deploy/Dockerfile"


def test_compose_proxy_command_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = compose()["services"]["proxy"]
    args = build_parser().parse_args(proxy["command"])
    assert args.command == "serve" and args.upstream == "http://demo:8000"
    env = {**docker_env(), **{k: str(v) for k, v in proxy["environment"].items()}}
    settings = settings_from_docker_env(env, monkeypatch)
    assert settings.ratelimit.enabled and settings.ratelimit.storage_uri.startswith("redis://redis:")
    published = {p.rsplit(":", 1)[-1]: p for p in proxy["ports"]}
    assert str(settings.port) in published
    assert published[str(settings.admin.port)].startswith("127.0.0.1:")  # admin never public


def test_compose_prometheus_scrapes_the_admin_port() -> None:
    prom = compose()["services"]["prometheus"]
    mount = next(v for v in prom["volumes"] if "prometheus.yml" in v)
    source = (DEPLOY / mount.split(":")[0]).resolve()
    config = yaml.safe_load(source.read_text())
    targets = [t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]]
    admin_port = settings_from_docker_env(docker_env()).admin.port
    assert f"proxy:{admin_port}" in targets
    assert config["scrape_configs"][0].get("metrics_path", "/metrics") == "/metrics"


def test_compose_demo_app_exists() -> None:
    demo = compose()["services"]["demo"]
    argv = demo["entrypoint"] + demo["command"]
    target = next(a for a in argv if ":" in a and a.startswith("waf_proxy."))
    module_name, attr = target.split(":")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attr))


# -- Kubernetes -------------------------------------------------------------------------


def k8s() -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    kustomization = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())
    for name in kustomization["resources"]:
        for doc in yaml.safe_load_all((DEPLOY / "k8s" / name).read_text()):
            if doc:
                docs[f"{doc['kind']}/{doc['metadata']['name']}"] = doc
    return docs


def configmap_settings(tmp_path: Path) -> Settings:
    text = k8s()["ConfigMap/waf-proxy-config"]["data"]["config.toml"]
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_settings(path)


def container() -> dict[str, Any]:
    (c,) = k8s()["Deployment/waf-proxy"]["spec"]["template"]["spec"]["containers"]
    return c


def port_number(c: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in c["ports"] if p["name"] == port)


def test_configmap_config_loads(tmp_path: Path) -> None:
    settings = configmap_settings(tmp_path)
    assert settings.host == "0.0.0.0" and settings.admin.host == "0.0.0.0"
    assert str(settings.model.path) == docker_env()["WAF_MODEL__PATH"]
    assert settings.ratelimit.storage_uri.startswith("redis://waf-redis:")
    assert "Service/waf-redis" in k8s()


def test_probes_hit_the_admin_listener(tmp_path: Path) -> None:
    settings = configmap_settings(tmp_path)
    c = container()
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert port_number(c, c[probe]["httpGet"]["port"]) == settings.admin.port
    assert port_number(c, "http") == settings.port


def test_configmap_is_mounted_where_the_container_reads_it() -> None:
    deployment = k8s()["Deployment/waf-proxy"]
    c = container()
    args = build_parser().parse_args(c["args"])
    assert args.command == "serve"
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    assert env.get("WAF_CONFIG", args.config) == args.config
    volume = next(v for v in deployment["spec"]["template"]["spec"]["volumes"] if "configMap" in v)
    assert volume["configMap"]["name"] == "waf-proxy-config"
    mount = next(m for m in c["volumeMounts"] if m["name"] == volume["name"])
    key_path = volume["configMap"]["items"][0]["path"]
    assert f"{mount['mountPath']}/{key_path}" == args.config


def test_deployment_non_root_with_resources() -> None:
    spec = k8s()["Deployment/waf-proxy"]["spec"]["template"]["spec"]
    users = [args for word, args in runtime_stage() if word == "USER"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == int(users[-1].split(":")[0])
    resources = container()["resources"]
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(resources[kind])


def test_selectors_match_and_service_exposes_only_traffic(tmp_path: Path) -> None:
    docs = k8s()
    deployment, service = docs["Deployment/waf-proxy"], docs["Service/waf-proxy"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    c = container()
    targets = {port_number(c, p["targetPort"]) for p in service["spec"]["ports"]}
    settings = configmap_settings(tmp_path)
    assert targets == {settings.port}  # the admin port is not reachable through the Service
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert int(annotations["prometheus.io/port"]) == settings.admin.port


def test_hpa_targets_the_deployment() -> None:
    hpa = k8s()["HorizontalPodAutoscaler/waf-proxy"]
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"], target["apiVersion"]) == ("Deployment", "waf-proxy", "apps/v1")
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    assert hpa["spec"]["metrics"], "HPA has no metric"
