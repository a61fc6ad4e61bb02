#!/usr/bin/env python3
"""Checks rendered MeterLink Kubernetes manifests before anything reaches a cluster.

Reads the objects of one rendered kustomization as a stream of JSON documents on stdin (deploy/ci-check.sh turns
`kubectl kustomize` output into JSON with `kubectl annotate --local -o json`, so no YAML library is needed) and
prints one line per violation, `FAIL [label] <rule> <object>: <what to change>`. Exit status 1 if anything fails.

Rules: probes, resources, non-root, inline-secret, secret-manifest, image, references, hpa, pdb, amqp-budget,
amqp-connect-rate, kafka-partitions, dockerfile (with --dockerfiles), config-unknown, config-required and
secret-placeholder (the services' own configuration, read by config_env.py). deploy/checks/fixtures/broken breaks
each of them on purpose.

Only the Python standard library is used: a fresh machine has python3 but not necessarily PyYAML.
"""

import argparse
import json
import math
import os
import re
import sys

import config_env

# Env names that carry credentials. The allow-list below is for names that only *mention* a key: an Alibaba
# productKey identifies a product, a *_LOCATION is a path or URL, a (de)serializer is a class name.
SENSITIVE_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|KEY", re.IGNORECASE)
NOT_SENSITIVE_NAME = re.compile(
    r"PRODUCT_?KEY|_LOCATION$|_PATH$|_FILE$|_ALGORITHM$|KEY_(DE)?SERIALIZER", re.IGNORECASE)
# Values that are secrets whatever their name: PEM private keys, Alibaba AccessKey ids, passwords inside URLs.
SECRET_VALUE = [
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a PEM private key"),
    (re.compile(r"\bLTAI[0-9A-Za-z]{12,30}\b"), "an Alibaba Cloud AccessKey id"),
    (re.compile(r"[?&]password=[^&\s]+", re.IGNORECASE), "a password in a URL query"),
    (re.compile(r"://[^/\s:@]+:[^/\s@]+@"), "user:password@ in a URL"),
]
HEALTH_PATH = re.compile(r"^/q/health/(live|ready|started)$")
WORKLOAD_KINDS = {"Deployment", "StatefulSet"}
# Alibaba allows at most this many new AMQP connections per minute and consumer group.
AMQP_CONNECTS_PER_MINUTE = 100


class Report:
    """Collects violations as (rule, object, message) so the caller can print them all, not only the first."""

    def __init__(self):
        self.failures = []

    def fail(self, rule, obj, message):
        self.failures.append((rule, describe(obj), message))


def describe(obj):
    if isinstance(obj, str):
        return obj
    return "%s/%s" % (obj.get("kind", "?"), obj.get("metadata", {}).get("name", "?"))


def read_objects(text):
    """Parses concatenated JSON documents (kubectl prints one per object) and unwraps List objects."""
    decoder = json.JSONDecoder()
    objects, index = [], 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            break
        obj, index = decoder.raw_decode(text, index)
        if obj.get("kind") == "List":
            objects.extend(obj.get("items", []))
        else:
            objects.append(obj)
    return objects


def parse_quantity(value):
    """Kubernetes quantity to a float in base units (cores or bytes); None if it is not one."""
    match = re.fullmatch(r"([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?", str(value))
    if not match:
        return None
    factors = {None: 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
               "Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40}
    return float(match.group(1)) * factors[match.group(2)]


def labels_match(selector, labels):
    wanted = (selector or {}).get("matchLabels", selector or {})
    return bool(wanted) and all(labels.get(k) == v for k, v in wanted.items())


def is_sensitive(name):
    return bool(SENSITIVE_NAME.search(name)) and not NOT_SENSITIVE_NAME.search(name)


def secret_value_kind(value):
    for pattern, what in SECRET_VALUE:
        if pattern.search(str(value)):
            return what
    return None


def check_probes(report, workload, container):
    for probe_name in ("livenessProbe", "readinessProbe"):
        probe = container.get(probe_name)
        if not probe:
            report.fail("probes", workload, "container %s has no %s (use httpGet /q/health/%s)"
                        % (container["name"], probe_name, "live" if probe_name == "livenessProbe" else "ready"))
            continue
        path = (probe.get("httpGet") or {}).get("path", "")
        if not HEALTH_PATH.match(path):
            report.fail("probes", workload, "container %s %s must be httpGet on /q/health/*, not %r"
                        % (container["name"], probe_name, path or "a non-HTTP probe"))
    startup = container.get("startupProbe")
    if startup and not HEALTH_PATH.match((startup.get("httpGet") or {}).get("path", "")):
        report.fail("probes", workload, "container %s startupProbe must be httpGet on /q/health/*" % container["name"])


def check_resources(report, workload, container):
    resources = container.get("resources") or {}
    for section in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            value = (resources.get(section) or {}).get(resource)
            if value is None:
                report.fail("resources", workload, "container %s has no %s.%s" % (container["name"], section, resource))
            elif parse_quantity(value) is None:
                report.fail("resources", workload, "container %s %s.%s=%r is not a quantity"
                            % (container["name"], section, resource, value))
    for resource in ("cpu", "memory"):
        request = parse_quantity((resources.get("requests") or {}).get(resource, "x"))
        limit = parse_quantity((resources.get("limits") or {}).get(resource, "x"))
        if request is not None and limit is not None and request > limit:
            report.fail("resources", workload, "container %s requests more %s than its limit" % (container["name"], resource))


def check_security(report, workload, pod_spec, container):
    pod_sc = pod_spec.get("securityContext") or {}
    sc = container.get("securityContext") or {}
    name = container["name"]
    run_as_non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
    run_as_user = sc.get("runAsUser", pod_sc.get("runAsUser"))
    if run_as_non_root is not True:
        report.fail("non-root", workload, "container %s needs securityContext.runAsNonRoot: true" % name)
    if run_as_user == 0:
        report.fail("non-root", workload, "container %s runs as uid 0" % name)
    if sc.get("allowPrivilegeEscalation") is not False:
        report.fail("non-root", workload, "container %s needs allowPrivilegeEscalation: false" % name)
    if sc.get("privileged"):
        report.fail("non-root", workload, "container %s is privileged" % name)
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        report.fail("non-root", workload, "container %s must drop ALL capabilities" % name)
    if sc.get("readOnlyRootFilesystem") is not True:
        report.fail("non-root", workload, "container %s needs readOnlyRootFilesystem: true" % name)
    seccomp = (sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}).get("type")
    if seccomp not in ("RuntimeDefault", "Localhost"):
        report.fail("non-root", workload, "container %s needs seccompProfile RuntimeDefault" % name)


def check_env(report, workload, container, config_maps):
    for env in container.get("env") or []:
        name = env.get("name", "")
        if "value" in env:
            what = secret_value_kind(env["value"])
            if what:
                report.fail("inline-secret", workload, "env %s of container %s holds %s"
                            % (name, container["name"], what))
            if is_sensitive(name):
                report.fail("inline-secret", workload, "env %s of container %s is set inline; sensitive names must "
                            "come from valueFrom.secretKeyRef" % (name, container["name"]))
        elif is_sensitive(name) and "secretKeyRef" not in (env.get("valueFrom") or {}):
            report.fail("inline-secret", workload, "env %s of container %s must come from valueFrom.secretKeyRef"
                        % (name, container["name"]))
        config_ref = (env.get("valueFrom") or {}).get("configMapKeyRef")
        if config_ref and config_ref.get("name") not in config_maps and not config_ref.get("optional"):
            report.fail("references", workload, "env %s refers to ConfigMap %s, which is not rendered"
                        % (name, config_ref.get("name")))
    for source in container.get("envFrom") or []:
        ref = source.get("configMapRef")
        if ref and ref.get("name") not in config_maps and not ref.get("optional"):
            report.fail("references", workload, "envFrom refers to ConfigMap %s, which is not rendered" % ref.get("name"))


def check_image(report, workload, container, registry):
    image = container.get("image", "")
    tagged = "@sha256:" in image or re.search(r":[^/:]+$", image)
    if not tagged or image.endswith(":latest"):
        report.fail("image", workload, "container %s image %r needs a fixed tag or digest, not latest"
                    % (container["name"], image))
    if registry and not registry.match(image):
        report.fail("image", workload, "container %s image %r is not from the registry %s"
                    % (container["name"], image, registry.pattern))


def env_value(container, name, config_maps):
    """What a container sees for env `name`: an explicit value first, then its envFrom ConfigMaps."""
    for env in container.get("env") or []:
        if env.get("name") == name and "value" in env:
            return env["value"]
    for source in container.get("envFrom") or []:
        ref = source.get("configMapRef") or {}
        data = (config_maps.get(ref.get("name")) or {}).get("data") or {}
        if name in data:
            return data[name]
    return None


def absolute_surge(deployment, replicas):
    surge = ((deployment["spec"].get("strategy") or {}).get("rollingUpdate") or {}).get("maxSurge", "25%")
    if isinstance(surge, str) and surge.endswith("%"):
        return int(math.ceil(replicas * float(surge[:-1]) / 100.0))
    return int(surge)


def check_scaling(report, workload, hpa, config_maps):
    """The Alibaba consumer-group budget (ingest) and the Kafka partition budget (alert), from annotations."""
    annotations = workload["metadata"].get("annotations") or {}
    container = workload["spec"]["template"]["spec"]["containers"][0]
    max_replicas = hpa["spec"].get("maxReplicas", 0)
    connections_env = annotations.get("meterlink.io/amqp-connections-env")
    if connections_env:
        raw = env_value(container, connections_env, config_maps)
        if raw is None or not str(raw).isdigit() or int(raw) < 1:
            report.fail("amqp-budget", workload, "%s (AMQP connections per pod) is not set to a positive number"
                        % connections_env)
        else:
            connections = int(raw)
            limit = int(annotations.get("meterlink.io/amqp-consumer-group-limit", "128"))
            surge = absolute_surge(workload, max_replicas)
            if (max_replicas + surge) * connections > limit:
                report.fail("amqp-budget", workload,
                            "(maxReplicas %d + maxSurge %d) x %s %d = %d consumers exceeds the consumer group's %d"
                            % (max_replicas, surge, connections_env, connections,
                               (max_replicas + surge) * connections, limit))
            for policy in ((hpa["spec"].get("behavior") or {}).get("scaleUp") or {}).get("policies") or []:
                if policy.get("type") == "Pods":
                    per_minute = policy["value"] * 60.0 / policy.get("periodSeconds", 60)
                    if per_minute * connections > AMQP_CONNECTS_PER_MINUTE:
                        report.fail("amqp-connect-rate", workload,
                                    "scale-up of %g pods/min x %d connections exceeds Alibaba's %d connection "
                                    "attempts per minute and group" % (per_minute, connections, AMQP_CONNECTS_PER_MINUTE))
    partitions = annotations.get("meterlink.io/kafka-topic-partitions")
    if partitions:
        per_pod = int(annotations.get("meterlink.io/kafka-consumers-per-pod", "1"))
        if max_replicas * per_pod > int(partitions):
            report.fail("kafka-partitions", workload,
                        "maxReplicas %d x %d consumers per pod exceeds the %s partitions of %s: the extra pods idle"
                        % (max_replicas, per_pod, partitions, annotations.get("meterlink.io/kafka-topic", "its topic")))


def check(objects, registry=None):
    report = Report()
    by_kind = {}
    for obj in objects:
        by_kind.setdefault(obj.get("kind"), []).append(obj)
    config_maps = {o["metadata"]["name"]: o for o in by_kind.get("ConfigMap", [])}
    hpas = by_kind.get("HorizontalPodAutoscaler", [])
    pdbs = by_kind.get("PodDisruptionBudget", [])
    workloads = [o for kind in WORKLOAD_KINDS for o in by_kind.get(kind, [])]

    for secret in by_kind.get("Secret", []):
        if secret.get("data") or secret.get("stringData"):
            report.fail("secret-manifest", secret, "Secrets with data must not be committed; create them out of "
                        "band (deploy/README.md) and reference them with secretKeyRef")
    for name, config_map in config_maps.items():
        for key, value in (config_map.get("data") or {}).items():
            if is_sensitive(key):
                report.fail("inline-secret", config_map, "key %s looks like a credential; put it in a Secret" % key)
            what = secret_value_kind(value)
            if what:
                report.fail("inline-secret", config_map, "key %s holds %s" % (key, what))

    for workload in workloads:
        pod_spec = workload["spec"]["template"]["spec"]
        pod_labels = workload["spec"]["template"]["metadata"].get("labels") or {}
        for container in pod_spec.get("containers", []) + pod_spec.get("initContainers", []):
            is_init = container in pod_spec.get("initContainers", [])
            if not is_init:
                check_probes(report, workload, container)
            check_resources(report, workload, container)
            check_security(report, workload, pod_spec, container)
            check_env(report, workload, container, config_maps)
            check_image(report, workload, container, registry)
        targeting = [h for h in hpas
                     if h["spec"]["scaleTargetRef"].get("kind") == workload["kind"]
                     and h["spec"]["scaleTargetRef"].get("name") == workload["metadata"]["name"]]
        if len(targeting) != 1:
            report.fail("hpa", workload, "needs exactly one HorizontalPodAutoscaler targeting it, found %d" % len(targeting))
        else:
            hpa = targeting[0]
            if "replicas" in workload["spec"]:
                report.fail("hpa", workload, "remove spec.replicas: the HPA owns it, and every apply would reset it")
            if hpa.get("apiVersion") != "autoscaling/v2":
                report.fail("hpa", hpa, "use autoscaling/v2, not %s" % hpa.get("apiVersion"))
            low, high = hpa["spec"].get("minReplicas", 1), hpa["spec"].get("maxReplicas", 0)
            if low < 2 or high < low:
                report.fail("hpa", hpa, "replica bounds %s..%s: need 2 <= minReplicas <= maxReplicas so one pod "
                            "can always be disrupted" % (low, high))
            if not hpa["spec"].get("metrics"):
                report.fail("hpa", hpa, "has no metrics")
            check_scaling(report, workload, hpa, config_maps)
        if not any(labels_match(p["spec"].get("selector"), pod_labels) for p in pdbs):
            report.fail("pdb", workload, "needs a PodDisruptionBudget selecting its pods")

    services = {s["metadata"]["name"]: s for s in by_kind.get("Service", [])}
    for service in services.values():
        selector = service["spec"].get("selector")
        if selector and not any(labels_match(selector, w["spec"]["template"]["metadata"].get("labels") or {})
                                for w in workloads):
            report.fail("references", service, "selector %s matches no workload's pods" % selector)
    for ingress in by_kind.get("Ingress", []):
        for rule in ingress["spec"].get("rules", []):
            for path in (rule.get("http") or {}).get("paths", []):
                backend = (path.get("backend") or {}).get("service") or {}
                target = services.get(backend.get("name"))
                port_names = [p.get("name") for p in (target or {}).get("spec", {}).get("ports", [])]
                if not target:
                    report.fail("references", ingress, "backend Service %s is not rendered" % backend.get("name"))
                elif "name" in backend.get("port", {}) and backend["port"]["name"] not in port_names:
                    report.fail("references", ingress, "Service %s has no port named %s"
                                % (backend.get("name"), backend["port"]["name"]))
    return report, workloads


def dockerfile_stages(text):
    """Splits a Dockerfile into stages: a list of (FROM image, [(instruction, argument)]), continuations joined."""
    stages, logical = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        logical += stripped[:-1] + " " if stripped.endswith("\\") else stripped
        if stripped.endswith("\\"):
            continue
        instruction, _, argument = logical.partition(" ")
        logical = ""
        instruction = instruction.upper()
        if instruction == "FROM":
            stages.append(([word for word in argument.split() if not word.startswith("--")][0], []))
        elif stages:
            stages[-1][1].append((instruction, argument.strip()))
    return stages


def read_http_port(properties_path):
    """quarkus.http.port of a service's application.properties (prod value), or None if absent."""
    try:
        with open(properties_path, encoding="utf-8") as handle:
            for line in handle:
                match = re.match(r"\s*quarkus\.http\.port\s*[=:]\s*(\d+)\s*$", line)
                if match:
                    return int(match.group(1))
    except OSError:
        return None
    return None


def check_dockerfiles(report, docker_dir, repo_root, workloads):
    """Every workload has a native and a JVM Dockerfile that build it, run it as non-root and expose its port."""
    for workload in workloads:
        service = workload["metadata"]["name"]
        container = workload["spec"]["template"]["spec"]["containers"][0]
        ports = {p.get("containerPort") for p in container.get("ports") or [] if p.get("name") == "http"}
        service_port = read_http_port(os.path.join(repo_root, service, "src", "main", "resources",
                                                   "application.properties"))
        if service_port is not None and ports and service_port not in ports:
            report.fail("dockerfile", workload, "containerPort %s differs from quarkus.http.port=%d in %s"
                        % (sorted(ports), service_port, service))
        for flavour, builder_hint in (("Dockerfile.native", "mandrel-builder-image"), ("Dockerfile.jvm", None)):
            where = "%s/%s/%s" % (docker_dir, service, flavour)
            try:
                with open(where, encoding="utf-8") as handle:
                    stages = dockerfile_stages(handle.read())
            except OSError:
                report.fail("dockerfile", workload, "%s is missing" % where)
                continue
            if len(stages) < 2:
                report.fail("dockerfile", where, "needs a build stage and a runtime stage")
                continue
            for image, _ in stages:
                if ":" not in image.split("/")[-1] or image.endswith(":latest"):
                    report.fail("dockerfile", where, "base image %s needs a fixed tag" % image)
            build = " ".join(arg for _, steps in stages[:-1] for ins, arg in steps if ins == "RUN")
            if not re.search(r"-pl\s+%s(\s|$)" % re.escape(service), build):
                report.fail("dockerfile", where, "the build stage does not build %s (-pl %s)" % (service, service))
            if builder_hint:
                if builder_hint not in stages[0][0]:
                    report.fail("dockerfile", where, "builds with %s, not the Mandrel builder image" % stages[0][0])
                if "-Pnative" not in build:
                    report.fail("dockerfile", where, "the build stage does not use the native profile (-Pnative)")
            runtime = stages[-1][1]
            users = [arg for ins, arg in runtime if ins == "USER"]
            if not users or not re.fullmatch(r"[1-9][0-9]*(:[0-9]+)?", users[-1]):
                report.fail("dockerfile", where, "the runtime stage must end as a numeric non-root USER, not %r"
                            % (users[-1] if users else "root"))
            exposed = {int(p.split("/")[0]) for ins, arg in runtime if ins == "EXPOSE" for p in arg.split()}
            if ports and not ports & exposed:
                report.fail("dockerfile", where, "EXPOSE %s differs from the containerPort %s"
                            % (sorted(exposed), sorted(ports)))
            if not any(ins == "ENTRYPOINT" and arg.startswith("[") for ins, arg in runtime):
                report.fail("dockerfile", where, "needs an exec-form ENTRYPOINT so the process gets SIGTERM")


def secret_placeholder(config, prop):
    """The value a credential property falls back to when nothing sets it (a placeholder such as `unset`), or None.

    A credential must have no default in %prod: missing, the service has to refuse to start and name the variable,
    not start healthy with a placeholder and fail every call. `${VAR}` without default is fine (VAR is required and
    checked on its own), and so is an empty default, which SmallRye treats as missing."""
    if prop.required or not prop.default or not is_sensitive(prop.env):
        return None
    parts = config_env.expansions(prop.default)
    if len(parts) == 1 and prop.default.startswith("${") and prop.default.endswith("}"):
        variable, fallback = parts[0]
        if fallback is None or variable in config.properties:
            return None  # a reference; a fallback of it is reported for the variable itself
        return fallback or None
    return prop.default


def check_service_config(report, workloads, config_maps, repo_root, require):
    """ConfigMaps and env set only what the service reads; with `require`, everything it needs is set; no credential
    has a placeholder default."""
    for workload in workloads:
        service = workload["metadata"]["name"]
        if not os.path.isdir(os.path.join(repo_root, service, "src", "main")):
            continue
        config = config_env.service_config(repo_root, service)
        for prop in sorted(config.properties.values(), key=lambda p: p.env):
            placeholder = secret_placeholder(config, prop)
            if placeholder is not None:
                what = prop.env if prop.name == prop.env else "%s (%s)" % (prop.env, prop.name)
                report.fail("secret-placeholder", workload, "%s falls back to %r (%s): a credential needs no default "
                            "in %%prod, so that %s refuses to start without it instead of running with a placeholder"
                            % (what, placeholder, prop.source, service))
        container = workload["spec"]["template"]["spec"]["containers"][0]
        given = {}
        for source in container.get("envFrom") or []:
            ref = (source.get("configMapRef") or {}).get("name")
            for key in ((config_maps.get(ref) or {}).get("data") or {}):
                given[key] = "ConfigMap %s" % ref
        for env in container.get("env") or []:
            given[env["name"]] = "env"
        for name, where in sorted(given.items()):
            if not config.knows(name):
                report.fail("config-unknown", workload, "%s sets %s, which %s does not read (typo, or a renamed "
                            "property? see deploy/checks/config_env.py table %s)" % (where, name, service, service))
        if require:
            for prop in config.required():
                if prop.env not in given and not any(alt in given for alt in prop.alternatives):
                    report.fail("config-required", workload, "%s requires %s (%s) and nothing sets it"
                                % (service, prop.env, prop.name))


def secret_references(workloads):
    """The Secrets (with their keys) that must exist in the cluster before these workloads start."""
    needed = {}
    for workload in workloads:
        for container in workload["spec"]["template"]["spec"]["containers"]:
            for env in container.get("env") or []:
                ref = (env.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    needed.setdefault(ref["name"], set()).add(ref["key"])
            for source in container.get("envFrom") or []:
                if source.get("secretRef"):
                    needed.setdefault(source["secretRef"]["name"], set()).add("*")
    return ["%s{%s}" % (name, ",".join(sorted(keys))) for name, keys in sorted(needed.items())]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="manifests", help="what was rendered, for the messages")
    parser.add_argument("--image-registry", help="regex every container image must match (e.g. ACR for ack)")
    parser.add_argument("--dockerfiles", help="directory with <workload>/Dockerfile.{native,jvm} to check as well")
    parser.add_argument("--repo-root", default=".", help="where the services' modules are (ports, configuration)")
    parser.add_argument("--require-config", action="store_true",
                        help="fail if a variable a service requires is set neither by its ConfigMap nor its env")
    args = parser.parse_args()
    objects = read_objects(sys.stdin.read())
    if not objects:
        print("FAIL [%s] nothing was rendered" % args.label)
        return 1
    registry = re.compile(args.image_registry) if args.image_registry else None
    report, workloads = check(objects, registry)
    if args.dockerfiles:
        check_dockerfiles(report, args.dockerfiles, args.repo_root, workloads)
    config_maps = {o["metadata"]["name"]: o for o in objects if o.get("kind") == "ConfigMap"}
    check_service_config(report, workloads, config_maps, args.repo_root, args.require_config)
    for rule, where, message in report.failures:
        print("FAIL [%s] %s %s: %s" % (args.label, rule, where, message))
    if report.failures:
        print("%s: %d violation(s) in %d objects" % (args.label, len(report.failures), len(objects)))
        return 1
    print("%s: OK, %d objects, %d workloads; Secrets it needs: %s"
          % (args.label, len(objects), len(workloads), ", ".join(secret_references(workloads)) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
