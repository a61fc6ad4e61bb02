#!/usr/bin/env python3
"""Checks rendered MeterLink Kubernetes manifests before anything reaches a cluster.

Reads the objects of one rendered kustomization as a stream of JSON documents on stdin (deploy/ci-check.sh turns
`kubectl kustomize` output into JSON with `kubectl annotate --local -o json`, so no YAML library is needed) and
prints one line per violation, `FAIL [label] <rule> <object>: <what to change>`. Exit status 1 if anything fails.

Rules: probes, resources, non-root, inline-secret, secret-manifest, image, references, hpa, pdb, amqp-budget,
amqp-connect-rate, kafka-partitions, dockerfile (with --dockerfiles), config-unknown, config-required and
secret-placeholder (the services' own configuration, read by config_env.py); with --production also kafka-auth,
db-tls, jwt-audience, network-policy and ingress-body (what an environment reachable by other workloads and the
Internet must have). deploy/checks/fixtures/broken breaks each of them on purpose.

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

# --production: Kafka only over SASL_SSL with a login from a Secret. ApsaraMQ for Kafka's SASL mechanisms are PLAIN
# and SCRAM-SHA-256; its listeners without TLS are 9092 (default endpoint, PLAINTEXT, no login at all) and 9094
# (SASL_PLAINTEXT); SASL_SSL is 9095 inside the VPC and 9093 from the Internet.
KAFKA_SASL_MECHANISMS = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"}
KAFKA_PLAINTEXT_PORTS = {9092: "PLAINTEXT", 9094: "SASL_PLAINTEXT"}
# The largest documented request bodies (command-service README): the device registry as text/csv for POST
# /api/v1/meters, 100,000 lines `productKey,deviceName,deviceSecret` as QueryPageByApplyId pages them out, and a
# 20,000-meter wave as POST /api/v1/command-jobs targets. Sized at meter-domain's DeviceIdentityRules limits
# (productKey and deviceName up to 32 characters; a device secret is 32) so no valid file is refused.
REGISTRY_CSV_LINES = 100_000
REGISTRY_CSV_BYTES = len("productKey,deviceName,deviceSecret\r\n") + REGISTRY_CSV_LINES * (32 + 1 + 32 + 1 + 32 + 2)
JOB_TARGETS = 20_000
JOB_BODY_BYTES = len('{"args":[],"targets":[]}') + JOB_TARGETS * len('{"productKey":"%s","deviceName":"%s"},' % ("x" * 32, "x" * 32))
LARGEST_BULK_BODY = max(REGISTRY_CSV_BYTES, JOB_BODY_BYTES)  # 10,000,036 bytes (9.54 MiB): the registry CSV
# What a Quarkus service accepts unless QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE says otherwise (quarkus.http.limits).
QUARKUS_DEFAULT_MAX_BODY = 10240 * 1024
NGINX_DEFAULT_BODY = 1024 * 1024


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


def env_source(container, name, config_maps):
    """Where a container's env `name` comes from: ("value", v), ("secret", ref), ("configMap", v) or (None, None)."""
    for env in container.get("env") or []:
        if env.get("name") != name:
            continue
        if "value" in env:
            return "value", env["value"]
        value_from = env.get("valueFrom") or {}
        if "secretKeyRef" in value_from:
            return "secret", value_from["secretKeyRef"]
        ref = value_from.get("configMapKeyRef") or {}
        return "configMap", ((config_maps.get(ref.get("name")) or {}).get("data") or {}).get(ref.get("key"))
    value = env_value(container, name, config_maps)
    return ("configMap", value) if value is not None else (None, None)


def visible_env_names(container, config_maps):
    names = {env.get("name") for env in container.get("env") or []}
    for source in container.get("envFrom") or []:
        ref = (source.get("configMapRef") or {}).get("name")
        names.update(((config_maps.get(ref) or {}).get("data") or {}).keys())
    return names


def mounted_file(pod_spec, container, path):
    """The ConfigMap/Secret volume a container sees `path` in, as "ConfigMap x"/"Secret x"; None if no such mount."""
    volumes = {v.get("name"): v for v in pod_spec.get("volumes") or []}
    for mount in container.get("volumeMounts") or []:
        root = mount.get("mountPath", "").rstrip("/") + "/"
        if not path.startswith(root):
            continue
        volume = volumes.get(mount.get("name")) or {}
        if "configMap" in volume:
            return "ConfigMap %s" % volume["configMap"].get("name")
        if "secret" in volume:
            return "Secret %s" % volume["secret"].get("secretName")
        if "projected" in volume:
            return "projected volume %s" % volume.get("name")
    return None


def host_ports(servers, default):
    """[(host, port)] of a comma-separated host:port list."""
    found = []
    for server in str(servers).split(","):
        host, _, port = server.strip().rpartition(":")
        found.append((host or server.strip(), int(port) if port.isdigit() else default))
    return found


def jdbc_target(url):
    """(host, port, {parameter: value}) of a jdbc:postgresql URL (first host), or None for another URL."""
    match = re.match(r"jdbc:postgresql://([^/?]*)(?:/[^?]*)?(?:\?(.*))?$", str(url))
    if not match:
        return None
    host, port = host_ports(match.group(1), 5432)[0]
    params = dict(part.partition("=")[::2] for part in (match.group(2) or "").split("&") if part)
    return host, port, params


def check_kafka_auth(report, workload, pod_spec, container, config_maps):
    """A Kafka client in production logs in over TLS: SASL_SSL, a known mechanism, the JAAS login from a Secret."""
    servers = env_value(container, "KAFKA_BOOTSTRAP_SERVERS", config_maps)
    if servers is None:
        return
    name = container["name"]
    protocol = env_value(container, "KAFKA_SECURITY_PROTOCOL", config_maps)
    if protocol != "SASL_SSL":
        report.fail("kafka-auth", workload, "container %s talks to Kafka with KAFKA_SECURITY_PROTOCOL=%s: use SASL_SSL, "
                    "or any workload in the VPC can write meter.readings" % (name, protocol or "unset (PLAINTEXT)"))
    mechanism = env_value(container, "KAFKA_SASL_MECHANISM", config_maps)
    if mechanism not in KAFKA_SASL_MECHANISMS:
        report.fail("kafka-auth", workload, "container %s KAFKA_SASL_MECHANISM=%s: use one of %s"
                    % (name, mechanism or "unset", ", ".join(sorted(KAFKA_SASL_MECHANISMS))))
    kind, _ = env_source(container, "KAFKA_SASL_JAAS_CONFIG", config_maps)
    if kind != "secret":
        report.fail("kafka-auth", workload, "container %s KAFKA_SASL_JAAS_CONFIG (the SASL login) must come from "
                    "valueFrom.secretKeyRef, not %s" % (name, {None: "nowhere", "value": "an inline value",
                                                                "configMap": "a ConfigMap"}[kind]))
    for host, port in host_ports(servers, 9092):
        if port in KAFKA_PLAINTEXT_PORTS:
            report.fail("kafka-auth", workload, "container %s bootstrap %s:%d is ApsaraMQ's %s listener; SASL_SSL is "
                        "port 9095 in the VPC (9093 from the Internet)" % (name, host, port, KAFKA_PLAINTEXT_PORTS[port]))
    truststore = env_value(container, "KAFKA_SSL_TRUSTSTORE_LOCATION", config_maps)
    if truststore and not mounted_file(pod_spec, container, truststore):
        report.fail("kafka-auth", workload, "container %s KAFKA_SSL_TRUSTSTORE_LOCATION=%s is not inside a mounted "
                    "ConfigMap or Secret" % (name, truststore))


def check_db_tls(report, workload, pod_spec, container, config_maps):
    """PostgreSQL in production: TLS that checks the server's certificate and name against the RDS CA."""
    url = env_value(container, "QUARKUS_DATASOURCE_JDBC_URL", config_maps)
    target = jdbc_target(url) if url else None
    if target is None:
        return
    name, (host, _, params) = container["name"], target
    override = env_value(container, "QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SSLMODE", config_maps)
    sslmode = override or params.get("sslmode")
    if sslmode != "verify-full":
        report.fail("db-tls", workload, "container %s connects to %s with sslmode=%s: use sslmode=verify-full, or "
                    "anything between the pod and RDS can present a certificate" % (name, host, sslmode or "unset (prefer)"))
    root = params.get("sslrootcert")
    if not root:
        report.fail("db-tls", workload, "container %s JDBC URL has no sslrootcert=<path of the RDS CA bundle>" % name)
    elif not mounted_file(pod_spec, container, root):
        report.fail("db-tls", workload, "container %s sslrootcert=%s is not inside a mounted ConfigMap or Secret"
                    % (name, root))
    if "NonValidatingFactory" in params.get("sslfactory", ""):
        report.fail("db-tls", workload, "container %s sslfactory=%s trusts any certificate" % (name, params["sslfactory"]))


def check_jwt_audience(report, workload, container, config_maps):
    """A service that verifies bearer tokens also checks that they were issued for it (aud)."""
    names = visible_env_names(container, config_maps)
    if not any(n.startswith("MP_JWT_VERIFY_") for n in names):
        return
    audiences = env_value(container, "MP_JWT_VERIFY_AUDIENCES", config_maps)
    if not audiences or not audiences.strip():
        report.fail("jwt-audience", workload, "container %s verifies JWTs but sets no MP_JWT_VERIFY_AUDIENCES: a token "
                    "the identity provider issued for any other application is accepted" % container["name"])


def policy_selects(policy, labels):
    selector = (policy.get("spec") or {}).get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        return True  # {} selects every pod of the namespace
    return labels_match(selector, labels)


def policy_types(policy):
    spec = policy.get("spec") or {}
    return set(spec.get("policyTypes") or (["Ingress"] + (["Egress"] if "egress" in spec else [])))


def rule_ports(rule):
    """[(protocol, port or None, end port)] a rule allows; None for port means every port."""
    return [(p.get("protocol", "TCP"), p.get("port"), p.get("endPort")) for p in rule.get("ports") or []]


def allows_port(rules, protocol, port, names=()):
    for rule in rules:
        for proto, allowed, end in rule_ports(rule) or [("*", None, None)]:
            if proto not in ("*", protocol):
                continue
            if allowed is None or allowed == port or allowed in names or (end and isinstance(allowed, int)
                                                                          and allowed <= port <= end):
                return True
    return False


def check_network_policies(report, workloads, policies, config_maps):
    """Every workload isolated both ways; ingress only from named peers to named ports, egress only to named ports,
    and those ports cover what the pod needs: its HTTP port in, DNS, PostgreSQL and Kafka out."""
    for workload in workloads:
        labels = workload["spec"]["template"]["metadata"].get("labels") or {}
        selecting = [p for p in policies if policy_selects(p, labels)]
        ingress = [r for p in selecting if "Ingress" in policy_types(p) for r in p["spec"].get("ingress") or []]
        egress = [r for p in selecting if "Egress" in policy_types(p) for r in p["spec"].get("egress") or []]
        for direction in ("Ingress", "Egress"):
            if not any(direction in policy_types(p) for p in selecting):
                report.fail("network-policy", workload, "no NetworkPolicy isolates its pods for %s: default deny, "
                            "then allow only what it needs" % direction.lower())
        for policy in selecting:
            for rule in policy["spec"].get("ingress") or []:
                if not rule.get("from"):
                    report.fail("network-policy", policy, "an ingress rule without `from` admits every pod and address")
                if not rule.get("ports"):
                    report.fail("network-policy", policy, "an ingress rule without `ports` opens every port")
            for rule in policy["spec"].get("egress") or []:
                if not rule.get("ports"):
                    report.fail("network-policy", policy, "an egress rule without `ports` lets the pod reach every port")
        if not any("Ingress" in policy_types(p) for p in selecting) or not any("Egress" in policy_types(p) for p in selecting):
            continue
        container = workload["spec"]["template"]["spec"]["containers"][0]
        for port in container.get("ports") or []:
            if port.get("name") == "http" and not allows_port(ingress, port.get("protocol", "TCP"),
                                                              port.get("containerPort"), ("http",)):
                report.fail("network-policy", workload, "no ingress rule allows its http port %s (API, /q/metrics)"
                            % port.get("containerPort"))
        needed = [("DNS", "UDP", 53)]
        target = jdbc_target(env_value(container, "QUARKUS_DATASOURCE_JDBC_URL", config_maps) or "")
        if target:
            needed.append(("PostgreSQL %s" % target[0], "TCP", target[1]))
        servers = env_value(container, "KAFKA_BOOTSTRAP_SERVERS", config_maps)
        for host, port in host_ports(servers, 9092) if servers else []:
            needed.append(("Kafka %s" % host, "TCP", port))
        for what, protocol, port in needed:
            if not allows_port(egress, protocol, port):
                report.fail("network-policy", workload, "no egress rule allows %s/%d (%s)" % (protocol, port, what))


def memory_size(value, units):
    """A size such as `16m` (nginx, units k/m/g) or `16M` (Quarkus, K/M/G/T) in bytes; None if unreadable."""
    match = re.fullmatch(r"([0-9]+)([A-Za-z]?)", str(value).strip())
    if not match or (match.group(2) and match.group(2).lower() not in units):
        return None
    return int(match.group(1)) * 1024 ** (" kmgt".index(match.group(2).lower()) if match.group(2) else 0)


def check_ingress_body(report, ingresses, services, workloads, config_maps):
    """The NGINX Ingress passes the documented bulk bodies, and no more than the services behind it accept."""
    for ingress in ingresses:
        annotations = ingress["metadata"].get("annotations") or {}
        if ingress["spec"].get("ingressClassName", annotations.get("kubernetes.io/ingress.class")) != "nginx":
            continue
        raw = annotations.get("nginx.ingress.kubernetes.io/proxy-body-size")
        limit = NGINX_DEFAULT_BODY if raw is None else memory_size(raw, "kmg")
        if limit is None:
            report.fail("ingress-body", ingress, "proxy-body-size %r is not an nginx size (e.g. 10m)" % raw)
            continue
        if limit == 0:
            report.fail("ingress-body", ingress, "proxy-body-size 0 turns the limit off: any client can stream "
                        "gigabytes into the controller")
            continue
        if limit < LARGEST_BULK_BODY:
            report.fail("ingress-body", ingress, "proxy-body-size %s (%d bytes) refuses the documented bulk bodies: "
                        "%d-line registry CSV %d bytes, %d-meter job %d bytes"
                        % (raw or "unset (nginx 1m)", limit, REGISTRY_CSV_LINES, REGISTRY_CSV_BYTES, JOB_TARGETS,
                           JOB_BODY_BYTES))
        backends = {((p.get("backend") or {}).get("service") or {}).get("name")
                    for rule in ingress["spec"].get("rules", []) for p in (rule.get("http") or {}).get("paths", [])}
        for name in sorted(n for n in backends if n in services):
            selector = services[name]["spec"].get("selector")
            for workload in workloads:
                if not labels_match(selector, workload["spec"]["template"]["metadata"].get("labels") or {}):
                    continue
                container = workload["spec"]["template"]["spec"]["containers"][0]
                own = env_value(container, "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE", config_maps)
                accepted = QUARKUS_DEFAULT_MAX_BODY if own is None else memory_size(own, "kmgt")
                if accepted is not None and limit > accepted:
                    report.fail("ingress-body", ingress, "proxy-body-size %s (%d bytes) is more than %s accepts (%d "
                                "bytes, QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE %s): bodies in between are buffered by the "
                                "controller only to be refused by the service" % (raw, limit, name, accepted,
                                                                                   own or "unset, Quarkus 10240K"))
                if accepted is not None and accepted < LARGEST_BULK_BODY:
                    report.fail("ingress-body", workload, "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE %s refuses the documented "
                                "bulk bodies (%d bytes)" % (own, LARGEST_BULK_BODY))


def check_production(report, objects):
    """The --production rules: Kafka login, database TLS, token audience, network isolation, Ingress body limit."""
    by_kind = {}
    for obj in objects:
        by_kind.setdefault(obj.get("kind"), []).append(obj)
    config_maps = {o["metadata"]["name"]: o for o in by_kind.get("ConfigMap", [])}
    services = {s["metadata"]["name"]: s for s in by_kind.get("Service", [])}
    workloads = [o for kind in WORKLOAD_KINDS for o in by_kind.get(kind, [])]
    for workload in workloads:
        pod_spec = workload["spec"]["template"]["spec"]
        for container in pod_spec.get("containers", []):
            check_kafka_auth(report, workload, pod_spec, container, config_maps)
            check_db_tls(report, workload, pod_spec, container, config_maps)
            check_jwt_audience(report, workload, container, config_maps)
    check_network_policies(report, workloads, by_kind.get("NetworkPolicy", []), config_maps)
    check_ingress_body(report, by_kind.get("Ingress", []), services, workloads, config_maps)


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


def mounted_references(workloads, objects):
    """ConfigMaps and Secrets mounted as volumes that the render does not contain: created out of band (CA bundles)."""
    rendered = {(o.get("kind"), o["metadata"]["name"]) for o in objects}
    needed = set()
    for workload in workloads:
        for volume in workload["spec"]["template"]["spec"].get("volumes") or []:
            if "configMap" in volume and ("ConfigMap", volume["configMap"].get("name")) not in rendered:
                needed.add("ConfigMap %s" % volume["configMap"].get("name"))
            if "secret" in volume and ("Secret", volume["secret"].get("secretName")) not in rendered:
                needed.add("Secret %s" % volume["secret"].get("secretName"))
    return sorted(needed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="manifests", help="what was rendered, for the messages")
    parser.add_argument("--image-registry", help="regex every container image must match (e.g. ACR for ack)")
    parser.add_argument("--dockerfiles", help="directory with <workload>/Dockerfile.{native,jvm} to check as well")
    parser.add_argument("--repo-root", default=".", help="where the services' modules are (ports, configuration)")
    parser.add_argument("--require-config", action="store_true",
                        help="fail if a variable a service requires is set neither by its ConfigMap nor its env")
    parser.add_argument("--production", action="store_true",
                        help="also the production rules: kafka-auth, db-tls, jwt-audience, network-policy, ingress-body")
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
    if args.production:
        check_production(report, objects)
    for rule, where, message in report.failures:
        print("FAIL [%s] %s %s: %s" % (args.label, rule, where, message))
    if report.failures:
        print("%s: %d violation(s) in %d objects" % (args.label, len(report.failures), len(objects)))
        return 1
    print("%s: OK, %d objects, %d workloads; Secrets it needs: %s; mounted, created out of band: %s"
          % (args.label, len(objects), len(workloads), ", ".join(secret_references(workloads)) or "none",
             ", ".join(mounted_references(workloads, objects)) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
