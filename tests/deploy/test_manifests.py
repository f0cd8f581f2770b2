"""The Kubernetes manifests in deploy/: valid for a fixed Kubernetes version, and consistent with the project.

No cluster runs in CI, so nothing else would notice a manifest that Kubernetes rejects or that quietly disagrees
with the code it deploys. Each document is checked against Kubernetes' own schema with kubernetes-validate in
strict mode (the API server would drop an unknown field, such as a misspelt probe, without a word), and each
setting against what the project reads: ports, probe routes, the variables the code and credentials.yml need,
the Secrets' keys, the endpoints Rasa loads, the image's paths.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
EXAMPLE_SECRETS = DEPLOY / "example" / "secrets.yaml"
KUBERNETES_VERSION = "1.34.0"  # a recent release kubernetes-validate ships schemas for
PLACEHOLDER = "CHANGE-ME"
WORKLOADS = ("Deployment", "StatefulSet", "Job")


def documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


MANIFESTS = [(path.name, doc) for path in sorted(DEPLOY.glob("*.yaml")) for doc in documents(path)]
SECRETS = documents(EXAMPLE_SECRETS)


def find(kind: str, name: str) -> dict[str, Any]:
    matches = [doc for _, doc in MANIFESTS if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name} in deploy/*.yaml, found {len(matches)}"
    return matches[0]


def pod(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def container(kind: str, name: str) -> dict[str, Any]:
    return pod(find(kind, name))["containers"][0]


def env(of: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in of.get("env", [])}


def secret_ref(entry: dict[str, Any]) -> tuple[str, str]:
    ref = entry["valueFrom"]["secretKeyRef"]
    return ref["name"], ref["key"]


def port_number(of: dict[str, Any], name_or_number: str | int) -> int:
    """A container port by name (as probes and Services name it) or number, failing when it does not exist."""
    for port in of["ports"]:
        if name_or_number in (port.get("name"), port["containerPort"]):
            return int(port["containerPort"])
    raise AssertionError(f"container {of['name']} has no port {name_or_number}")


def flag(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def service_port(name: str) -> int:
    (port,) = find("Service", name)["spec"]["ports"]
    return int(port["port"])


def secret_keys() -> dict[str, dict[str, str]]:
    return {doc["metadata"]["name"]: doc["stringData"] for doc in SECRETS}


def walk(node: Any) -> list[dict[str, Any]]:
    """Every mapping inside a document, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += walk(value)
    elif isinstance(node, list):
        for value in node:
            found += walk(value)
    return found


def project_containers() -> list[tuple[str, dict[str, Any]]]:
    """The containers that run this repository's image (not PostgreSQL's or Redis's)."""
    return [
        (doc["metadata"]["name"], c)
        for _, doc in MANIFESTS
        if doc["kind"] in WORKLOADS
        for c in pod(doc)["containers"]
        if "/srv/app" in c.get("workingDir", "")
    ]


# --- schema -----------------------------------------------------------------------------------------------


def test_the_manifests_hold_the_whole_tested_topology():
    """The other checks iterate over what is there; this one says what must be there."""
    present = {(doc["kind"], doc["metadata"]["name"]) for _, doc in MANIFESTS}
    expected = {
        ("Deployment", "rasa"),
        ("Deployment", "actions"),
        ("Deployment", "web"),
        ("Service", "rasa"),
        ("Service", "rasa-socketio"),
        ("Service", "actions"),
        ("Service", "web"),
        ("Service", "postgres"),
        ("Service", "redis"),
        ("StatefulSet", "postgres"),
        ("StatefulSet", "redis"),
        ("Job", "learner-migrate"),
        ("ConfigMap", "assistant-endpoints"),
        ("Ingress", "assistant"),
        ("Ingress", "assistant-socketio"),
    }
    assert expected <= present, f"missing: {sorted(expected - present)}"
    assert {doc["metadata"]["name"] for doc in SECRETS} == {"assistant-internal", "assistant-channels"}


@pytest.mark.parametrize(
    "document",
    [doc for _, doc in MANIFESTS] + SECRETS,
    ids=[f"{file}:{doc['kind']}/{doc['metadata']['name']}" for file, doc in MANIFESTS]
    + [f"example/secrets.yaml:Secret/{doc['metadata']['name']}" for doc in SECRETS],
)
def test_every_document_is_valid_kubernetes(document):
    assert kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True) == "1.34"


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda c: c.__setitem__("readinesProbe", c.pop("readinessProbe")), id="misspelt-field"),
        pytest.param(lambda c: c["ports"][0].__setitem__("containerPort", "5005"), id="port-as-string"),
        pytest.param(lambda c: c["readinessProbe"]["httpGet"].pop("port"), id="probe-without-port"),
    ],
)
def test_a_broken_manifest_fails_validation(break_it):
    """The validation above can fail: the Rasa Deployment with one mistake is refused."""
    broken = copy.deepcopy(find("Deployment", "rasa"))
    break_it(pod(broken)["containers"][0])
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


# --- secrets ----------------------------------------------------------------------------------------------


def test_no_secret_value_is_in_the_applied_manifests():
    """`kubectl apply -f deploy/` must never install a Secret or a placeholder; secret names come by reference."""
    assert not [doc for _, doc in MANIFESTS if doc["kind"] == "Secret"]
    for path in DEPLOY.glob("*.yaml"):
        assert PLACEHOLDER not in path.read_text(encoding="utf-8"), path.name
    secret_names = {key for keys in secret_keys().values() for key in keys}
    for _, doc in MANIFESTS:
        if doc["kind"] in WORKLOADS:
            for c in pod(doc)["containers"]:
                for name, entry in env(c).items():
                    if name in secret_names:
                        assert "secretKeyRef" in entry.get("valueFrom", {}), f"{doc['metadata']['name']}: {name} is a literal"


def test_the_example_secrets_hold_placeholders_only():
    origin = "https://" + find("Ingress", "assistant")["spec"]["rules"][0]["host"]
    for doc in SECRETS:
        assert "data" not in doc, "base64 data would hide what the example holds"
        for key, value in doc["stringData"].items():
            assert value in (PLACEHOLDER, "", origin), f"{doc['metadata']['name']}.{key} looks like a real value"


def test_every_secret_key_a_manifest_reads_is_in_the_example():
    """A key missing from the real Secret stops the pod (CreateContainerConfigError): the example lists all."""
    keys = secret_keys()
    references = [
        (node["secretKeyRef"]["name"], node["secretKeyRef"]["key"]) for _, doc in MANIFESTS for node in walk(doc) if "secretKeyRef" in node
    ]
    assert references, "no secretKeyRef found at all"
    missing = sorted({(name, key) for name, key in references if key not in keys.get(name, {})})
    assert not missing, f"read by a manifest but absent from deploy/example/secrets.yaml: {missing}"
    unused = sorted({(name, key) for name, listed in keys.items() for key in listed} - set(references))
    assert not unused, f"listed in the example but read by no manifest (a stale key to create for nothing): {unused}"
    env_from = [node["secretRef"]["name"] for _, doc in MANIFESTS for node in walk(doc) if "secretRef" in node]
    assert set(env_from) <= set(keys)


def test_every_credentials_variable_reaches_rasa_and_only_rasa():
    """Rasa refuses to start on a ${NAME} of credentials.yml it cannot expand; the other servers never get the
    channels' secrets (as launcher/servers.py's without_secrets does locally)."""
    from launcher.model import credential_variables

    needed = set(credential_variables())
    assert {"REST_TOKEN", "WEB_SESSION_SECRET", "SLACK_SIGNING_SECRET", "TEAMS_APP_PASSWORD"} <= needed
    rasa_env = env(container("Deployment", "rasa"))
    assert needed <= set(rasa_env), f"not given to the Rasa Deployment: {sorted(needed - set(rasa_env))}"
    assert {secret_ref(rasa_env[name])[0] for name in needed} == {"assistant-channels"}
    for name, c in project_containers():
        if name != "rasa":
            assert not needed & set(env(c)), f"{name} gets channel secrets"


# --- services and routes ----------------------------------------------------------------------------------


def test_every_service_selects_one_workload_and_one_of_its_ports():
    workloads = [doc for _, doc in MANIFESTS if doc["kind"] in WORKLOADS]
    for _, service in MANIFESTS:
        if service["kind"] != "Service":
            continue
        selector = service["spec"]["selector"].items()
        selected = [w for w in workloads if selector <= w["spec"]["template"]["metadata"]["labels"].items()]
        assert len(selected) == 1, f"Service {service['metadata']['name']} selects {len(selected)} workloads"
        for port in service["spec"]["ports"]:
            port_number(pod(selected[0])["containers"][0], port["targetPort"])


def test_the_rasa_server_is_probed_on_its_health_route_and_port():
    rasa = container("Deployment", "rasa")
    port = port_number(rasa, "http")
    assert port == int(flag(rasa["command"], "--port"))
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert rasa[probe]["httpGet"]["path"] == "/webhooks/rest/", probe
        assert port_number(rasa, rasa[probe]["httpGet"]["port"]) == port
    for name in ("rasa", "rasa-socketio"):
        (service,) = find("Service", name)["spec"]["ports"]
        assert port_number(rasa, service["targetPort"]) == port


def test_the_ingress_pins_socket_io_and_round_robins_the_webhooks():
    def routes(ingress: dict[str, Any]) -> dict[str, str]:
        (rule,) = ingress["spec"]["rules"]
        return {path["path"]: path["backend"]["service"]["name"] for path in rule["http"]["paths"]}

    main, sockets = find("Ingress", "assistant"), find("Ingress", "assistant-socketio")
    assert routes(main) == {"/webhooks/": "rasa", "/": "web"}
    assert routes(sockets) == {"/socket.io/": "rasa-socketio"}
    annotations = sockets["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-path"] == "/socket.io/"
    assert not [key for key in main["metadata"].get("annotations", {}) if "affinity" in key or "session-cookie" in key]
    # ingress-nginx keeps affinity per backend: the sticky Service must not be the webhooks' one.
    assert set(routes(sockets).values()).isdisjoint(routes(main).values())
    assert main["spec"]["rules"][0]["host"] == sockets["spec"]["rules"][0]["host"]
    for ingress in (main, sockets):
        for path in ingress["spec"]["rules"][0]["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["port"]["name"] in [p["name"] for p in find("Service", backend["name"])["spec"]["ports"]]


def test_the_request_size_limit_is_the_servers_own():
    from launcher.servers import MAX_BODY_BYTES

    assert env(container("Deployment", "rasa"))["SANIC_REQUEST_MAX_SIZE"]["value"] == str(MAX_BODY_BYTES)
    for name in ("assistant", "assistant-socketio"):
        size = find("Ingress", name)["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
        assert int(size.removesuffix("k")) * 1024 == MAX_BODY_BYTES


# --- the action servers and the learner store -------------------------------------------------------------


def test_the_action_servers_get_what_the_code_reads(monkeypatch):
    from rasa_sdk.endpoint import create_argument_parser

    from actions.auth import OPEN_PATHS, TOKEN_VARIABLE
    from bot.corpus import CorpusSpec

    actions = container("Deployment", "actions")
    variables = env(actions)
    assert secret_ref(variables[TOKEN_VARIABLE]) == secret_ref(env(container("Deployment", "rasa"))[TOKEN_VARIABLE])
    monkeypatch.setenv("APPRENTICE_CORPUS", variables["APPRENTICE_CORPUS"]["value"])
    assert CorpusSpec.from_env().full
    assert variables["HF_HUB_OFFLINE"]["value"] == "1"
    assert variables["APPRENTICE_LEARNER_MIGRATED"]["value"] == "1"  # tables from the Job, not from replicas
    assert actions["command"][1:3] == ["-m", "rasa_sdk"]
    args = create_argument_parser().parse_args(actions["command"][3:])
    assert args.actions == "actions"
    assert int(args.port) == port_number(actions, "http") == service_port("actions")
    for probe in ("readinessProbe", "livenessProbe"):
        assert actions[probe]["httpGet"]["path"] in OPEN_PATHS  # the route the token check leaves open
        assert port_number(actions, actions[probe]["httpGet"]["port"]) == int(args.port)


def test_the_action_servers_start_up_probe_asks_a_real_question_with_the_token():
    """/health answers before the knowledge base is loaded; the startup probe waits for a real answer."""
    from actions.auth import TOKEN_VARIABLE

    actions = container("Deployment", "actions")
    command = actions["startupProbe"]["exec"]["command"]
    assert command[0] == actions["command"][0] and command[1] == "-c"
    script = command[2]
    compile(script, "startupProbe", "exec")
    assert f"127.0.0.1:{port_number(actions, 'http')}/webhook?token=" in script
    assert f'os.environ["{TOKEN_VARIABLE}"]' in script
    (action,) = re.findall(r'"next_action": "(\w+)"', script)
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert action in domain["actions"]
    probe = actions["startupProbe"]
    assert probe["periodSeconds"] * probe["failureThreshold"] >= 300, "the full catalogue's warm-up takes minutes"
    assert probe["timeoutSeconds"] > 25  # the script's own timeout, so that a slow answer is not cut short


def test_the_learner_store_url_names_the_postgres_service_and_an_installed_driver():
    from sqlalchemy.engine import make_url

    actions_url = env(container("Deployment", "actions"))["APPRENTICE_LEARNER_DB"]["value"]
    job_url = env(container("Job", "learner-migrate"))["APPRENTICE_LEARNER_DB"]["value"]
    assert actions_url == job_url, "the Job must create the tables where the action servers look"
    url = make_url(actions_url.replace("$(POSTGRES_PASSWORD)", "secret"))
    url.get_dialect().import_dbapi()  # postgresql:// alone would need psycopg2, absent from the core environment
    postgres = env(container("StatefulSet", "postgres"))
    assert (url.host, url.port) == ("postgres", service_port("postgres"))
    assert (url.username, url.database) == (postgres["POSTGRES_USER"]["value"], postgres["POSTGRES_DB"]["value"])


def test_the_migration_job_runs_the_projects_migrate_command():
    from bot.cli import _parser

    job = find("Job", "learner-migrate")
    migrate = pod(job)["containers"][0]
    assert migrate["command"][1:3] == ["-m", "bot"]
    assert _parser().parse_args(migrate["command"][3:]).command == "migrate"
    assert pod(job)["restartPolicy"] == "OnFailure"  # PostgreSQL may still be starting


def test_dependent_variables_are_defined_before_they_are_used():
    """Kubernetes expands $(NAME) only from variables listed earlier; otherwise the text stays literally."""
    for _, doc in MANIFESTS:
        if doc["kind"] not in WORKLOADS:
            continue
        for c in pod(doc)["containers"]:
            defined: list[str] = []
            for entry in c.get("env", []):
                for used in re.findall(r"\$\((\w+)\)", entry.get("value", "")):
                    assert used in defined, f"{c['name']}: {entry['name']} uses $({used}) before it is defined"
                defined.append(entry["name"])
            for used in re.findall(r"\$\((\w+)\)", " ".join(c.get("command", []) + c.get("args", []))):
                assert used in defined, f"{c['name']}: the command uses $({used}), which is not in its env"


# --- Rasa's endpoints and environment ---------------------------------------------------------------------


class RasaLikeLoader(yaml.SafeLoader):
    """Reads YAML as Rasa 3.6 does (rasa.shared.utils.io): ${NAME} in a plain scalar is expanded from the
    environment; a quoted one is not."""


RasaLikeLoader.add_implicit_resolver("!env_var", re.compile(r"^(.*)\$\{(.*)\}(.*)$"), None)
RasaLikeLoader.add_constructor("!env_var", lambda loader, node: os.path.expandvars(loader.construct_scalar(node)))


def rasa_endpoints(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """endpoints.yml from the ConfigMap, with each variable the Rasa container has set to «NAME»."""
    for name in env(container("Deployment", "rasa")):
        monkeypatch.setenv(name, f"«{name}»")
    text = find("ConfigMap", "assistant-endpoints")["data"]["endpoints.yml"]
    for name in re.findall(r"\$\{(\w+)\}", text):
        assert name in env(container("Deployment", "rasa")), f"endpoints.yml reads ${{{name}}}, which the Rasa Deployment lacks"
    return yaml.load(text, Loader=RasaLikeLoader)  # a SafeLoader subclass


def cluster_stores() -> dict:
    """The stores `make run-cluster` gives its replicas (launcher/cluster.py), which the manifests mirror."""
    from launcher.cluster import Cluster, ClusterPlan, shared_stores
    from launcher.services import PostgresServer, RedisServer

    folder = Path("/nonexistent")
    cluster = Cluster(ClusterPlan(folder=folder), folder, PostgresServer(folder, port=5432), RedisServer(folder, port=6379))
    return yaml.safe_load(shared_stores(cluster))


def test_the_endpoints_name_the_shared_stores_and_the_action_service(monkeypatch):
    from actions.auth import TOKEN_VARIABLE

    endpoints = rasa_endpoints(monkeypatch)
    assert "${" not in str(endpoints), "a ${NAME} Rasa would not expand (quoted?)"
    tested = cluster_stores()
    tracker = endpoints["tracker_store"]
    assert (tracker["type"], tracker["dialect"]) == (tested["tracker_store"]["type"], tested["tracker_store"]["dialect"])
    assert (tracker["url"], tracker["port"]) == ("postgres", service_port("postgres"))
    postgres = env(container("StatefulSet", "postgres"))
    assert (tracker["username"], tracker["db"]) == (postgres["POSTGRES_USER"]["value"], postgres["POSTGRES_DB"]["value"])
    assert tracker["password"] == "«POSTGRES_PASSWORD»"
    assert secret_ref(env(container("Deployment", "rasa"))["POSTGRES_PASSWORD"]) == secret_ref(postgres["POSTGRES_PASSWORD"])
    lock = endpoints["lock_store"]
    assert lock["type"] == tested["lock_store"]["type"]
    assert (lock["url"], lock["port"]) == ("redis", service_port("redis"))
    assert lock["key_prefix"].isalnum(), "RedisLockStore ignores a prefix that is not alphanumeric"
    assert lock["password"] == "«REDIS_PASSWORD»"
    action = endpoints["action_endpoint"]
    assert action["url"] == f"http://actions:{service_port('actions')}/webhook"
    assert action["token"] == f"«{TOKEN_VARIABLE}»"


def test_the_rasa_deployment_loads_those_endpoints_and_the_repositorys_credentials():
    rasa = container("Deployment", "rasa")
    endpoints = PurePosixPath(flag(rasa["command"], "--endpoints"))
    (mount,) = [m for m in rasa["volumeMounts"] if PurePosixPath(m["mountPath"]) == endpoints.parent]
    (volume,) = [v for v in pod(find("Deployment", "rasa"))["volumes"] if v["name"] == mount["name"]]
    assert volume["configMap"]["name"] == "assistant-endpoints"
    assert endpoints.name in find("ConfigMap", "assistant-endpoints")["data"]
    assert (ROOT / flag(rasa["command"], "--credentials")).is_file()


def test_the_rasa_environment_mirrors_the_launchers():
    from launcher.model import NLU_ENCODER
    from launcher.model import ROOT as PROJECT_ROOT
    from rasa_extensions.sentence_encoder import ENCODER_VARIABLE

    rasa = container("Deployment", "rasa")
    variables = env(rasa)
    workdir = PurePosixPath(rasa["workingDir"])
    assert variables["PYTHONPATH"]["value"] == str(workdir)  # rasa_extensions importable, as rasa_env() does
    assert variables[ENCODER_VARIABLE]["value"] == str(workdir / NLU_ENCODER.relative_to(PROJECT_ROOT).as_posix())
    assert variables["TICKET_LOCK_LIFETIME"]["value"] == "10"
    redis_url = urlsplit(variables["APPRENTICE_REDIS_URL"]["value"])
    assert (redis_url.scheme, redis_url.hostname, redis_url.port) == ("redis", "redis", service_port("redis"))
    redis = env(container("StatefulSet", "redis"))
    assert secret_ref(variables["REDIS_PASSWORD"]) == secret_ref(redis["REDIS_PASSWORD"])


# --- the chat page ----------------------------------------------------------------------------------------


def test_the_chat_page_listens_for_the_service_and_points_at_the_public_origin(monkeypatch):
    import launcher.web

    served: dict[str, Any] = {}
    monkeypatch.setattr(launcher.web, "serve", lambda port, rasa_url, host: served.update(port=port, rasa_url=rasa_url, host=host))
    web = container("Deployment", "web")
    assert web["command"][1:3] == ["-m", "launcher.web"]
    assert launcher.web.main(web["command"][3:]) == 0
    assert served["host"] == "0.0.0.0", "on loopback the Service and the probes could not reach the page"
    assert served["port"] == port_number(web, "http") == service_port("web")
    origin = "https://" + find("Ingress", "assistant")["spec"]["rules"][0]["host"]
    assert served["rasa_url"] == origin, "the page must reach socket.io through the Ingress"
    assert secret_keys()["assistant-channels"]["WEB_ORIGINS"] == origin  # the socket.io origin check lets it in
    assert web["readinessProbe"]["httpGet"]["path"] == "/health"


# --- the image --------------------------------------------------------------------------------------------


def test_the_manifests_and_the_dockerfile_agree_on_the_image():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    containers = project_containers()
    assert {name for name, _ in containers} == {"rasa", "actions", "web", "learner-migrate"}
    assert len({c["image"] for _, c in containers}) == 1, "one image for every server"
    (workdir,) = {c["workingDir"] for _, c in containers}
    assert f"WORKDIR {workdir}" in dockerfile
    names = {name for name, _ in containers}
    (uid,) = {
        str(pod(doc)["securityContext"]["runAsUser"])
        for _, doc in MANIFESTS
        if doc["kind"] in WORKLOADS and doc["metadata"]["name"] in names
    }
    assert f"USER {uid}" in dockerfile
    environments = {"rasa": ".venv-rasa", "actions": ".venv-core", "web": ".venv-core", "learner-migrate": ".venv-core"}
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    for name, c in containers:
        assert c["command"][0] == f"{workdir}/{environments[name]}/bin/python", name
        assert f"make_env {environments[name]} " in bootstrap
    model = flag(container("Deployment", "rasa")["command"], "--model")
    assert re.search(rf"ln -sf .* {re.escape(model)}", dockerfile), "the image must make the model the Rasa command loads"
    # bot/corpus.py reads the catalogues from ../shared/data beside the repository.
    from bot.corpus import DEFAULT_DATA_DIR
    from bot.corpus import ROOT as CORPUS_ROOT

    data_dir = PurePosixPath(workdir).parent / DEFAULT_DATA_DIR.relative_to(CORPUS_ROOT.parent).as_posix()
    assert f"COPY --from=shared-data . {data_dir}" in dockerfile
