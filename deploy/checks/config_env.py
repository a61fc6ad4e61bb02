#!/usr/bin/env python3
"""What configuration each service reads, as environment variables, taken from the services' own sources.

Sources: every @ConfigMapping interface under <service>/src/main/java (prefix, nested groups, @WithDefault,
@WithName, Optional, Javadoc) and <service>/src/main/resources/application.properties (keys without a profile or
with %prod, and ${VAR} expansions in their values). Quarkus maps property `a.b-c` to env `A_B_C`.

Required means the service does not start without the variable: a mapping property with neither @WithDefault nor
Optional/Map, or an application.properties value that expands ${VAR} without a default (`${VAR}`, alone or inside a
longer value; `${VAR:}` too where the property itself needs a value). Such a VAR is required, and the property's own
env name, which overrides the expansion, is an alternative to it. `${VAR:fallback}` makes nothing required: for a
credential that fallback is a placeholder, which manifests.py rejects (rule secret-placeholder).

  config_env.py table SERVICE...              print the Markdown tables for deploy/README.md
  config_env.py readme README --check|--write  keep README's generated blocks (<!-- env:SERVICE -->) in sync

deploy/checks/manifests.py imports it to check that ConfigMaps and env set only variables a service reads, and that
an overlay sets every variable a service requires.
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass, field

# Environment variables a service may be given although its sources do not name them: framework settings
# (Quarkus, MicroProfile, SmallRye Kafka's kafka.* defaults) that Quarkus reads on its own.
FRAMEWORK_ENV = re.compile(r"^(QUARKUS|MP|KAFKA|SMALLRYE)_")


@dataclass
class Property:
    """One configuration property as the service reads it."""
    name: str
    env: str
    type: str = "String"
    default: str = None
    required: bool = False
    doc: str = ""
    source: str = ""
    # Other variables that provide the same value: the property's own env name overrides its ${VAR} expansion.
    alternatives: tuple = ()


@dataclass
class ServiceConfig:
    """Everything one service reads, by env name, plus the env names its application.properties expands."""
    service: str
    properties: dict = field(default_factory=dict)

    def knows(self, env_name):
        if env_name in self.properties or FRAMEWORK_ENV.match(env_name):
            return True
        return any(known.endswith("_<KEY>") and env_name.startswith(known[:-len("<KEY>")])
                   for known in self.properties)

    def required(self):
        return [p for p in self.properties.values() if p.required]


def env_name(property_name):
    """Quarkus/SmallRye env form: upper case, every character other than a letter or digit becomes `_`."""
    return re.sub(r"[^A-Za-z0-9]", "_", property_name).upper()


def kebab(java_name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", java_name).lower()


def strip_code(text):
    """Returns the text with string/char literals and comments blanked (same length), so braces can be counted."""
    out, i, n = list(text), 0, len(text)
    while i < n:
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif text[i] in "\"'":
            quote, end = text[i], i + 1
            if text.startswith('"""', i):
                end = text.find('"""', i + 3)
                end = n if end < 0 else end + 3
            else:
                while end < n and text[end] != quote:
                    end += 2 if text[end] == "\\" else 1
                end += 1
        else:
            i += 1
            continue
        for k in range(i, min(end, n)):
            if out[k] != "\n":
                out[k] = " "
        i = end
    return "".join(out)


def block_end(code, open_index):
    """Index of the brace closing the one at open_index (code has literals and comments blanked)."""
    depth = 0
    for i in range(open_index, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces")


def interfaces(text, code):
    """All interface declarations of a Java file: name -> (body start, body end), nested ones included."""
    found = {}
    for match in re.finditer(r"\binterface\s+(\w+)[^{;]*\{", code):
        start = match.end() - 1
        found[match.group(1)] = (start + 1, block_end(code, start))
    return found


def members(text, code, start, end):
    """Abstract methods declared directly in an interface body: (javadoc, annotations text, signature)."""
    result, segment_start, i = [], start, start
    while i < end:
        if code[i] == "{":
            i = block_end(code, i) + 1  # nested type or default method: not a member property
            segment_start = i
            continue
        if code[i] == ";":
            segment, segment_code = text[segment_start:i], code[segment_start:i]
            docs = re.findall(r"/\*\*(.*?)\*/", segment, re.S)
            doc = " ".join(line.strip().lstrip("*").strip() for line in docs[-1].splitlines()) if docs else ""
            doc = re.sub(r"\{@(?:code|literal)\s+([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", r"`\1`", doc)
            doc = re.sub(r"\{@link(?:plain)?\s+([^}]*)\}", r"\1", doc)
            result.append((re.sub(r"\s+", " ", doc).strip(), segment, segment_code.strip()))
            segment_start = i + 1
        i += 1
    return result


def annotation_strings(segment, name):
    """The string literal(s) of @Name("...") in a member's source, joined (handles "a" + "b")."""
    match = re.search(r"@%s\s*\(" % name, segment)
    if not match:
        return None
    depth, j = 1, match.end()
    while j < len(segment) and depth:
        if segment[j] == "(":
            depth += 1
        elif segment[j] == ")":
            depth -= 1
        elif segment[j] == '"':
            k = j + 1
            while segment[k] != '"':
                k += 2 if segment[k] == "\\" else 1
            j = k
        j += 1
    inside = segment[match.end():j - 1]
    return "".join(bytes(s, "utf-8").decode("unicode_escape") for s in re.findall(r'"((?:[^"\\]|\\.)*)"', inside))


def mapping_properties(java_root):
    """Properties of every @ConfigMapping interface below java_root (groups may live in other files)."""
    sources, index = [], {}
    for directory, _, files in os.walk(java_root):
        for file_name in sorted(files):
            if file_name.endswith(".java"):
                path = os.path.join(directory, file_name)
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                code = strip_code(text)
                sources.append((path, text, code))
                for name, (start, end) in interfaces(text, code).items():
                    index[name] = (text, code, start, end, os.path.relpath(path, java_root))
    found = []
    for path, text, code in sources:
        for match in re.finditer(r"@ConfigMapping\s*\(", code):
            head = text[match.start():match.start() + 400]
            prefix = re.search(r'prefix\s*=\s*"([^"]*)"', head)
            root = re.compile(r"\binterface\s+(\w+)").search(code, match.end())
            if not prefix or not root:
                raise SystemExit("config_env: cannot read the @ConfigMapping in %s (prefix must be a string literal "
                                 "on an interface)" % path)
            found.extend(walk(index, root.group(1), prefix.group(1), set()))
    return found


def walk(index, interface_name, prefix, seen):
    text, code, start, end, source = index[interface_name]
    seen = seen | {interface_name}
    for doc, segment, signature in members(text, code, start, end):
        signature = re.sub(r"@\w+(\s*\([^)]*\))?", "", signature).strip()
        match = re.search(r"([\w.<>\[\], ?]+?)\s+(\w+)\s*\(\s*\)$", signature)
        if not match or re.search(r"\b(default|static|private)\b", match.group(1)):
            continue
        # Types without package qualifiers: java.util.Optional<String> -> Optional<String>.
        java_type = re.sub(r"\b[a-z]\w*\.", "", re.sub(r"\s+", "", match.group(1)))
        method = match.group(2)
        name = annotation_strings(segment, "WithName") or kebab(method)
        full = "%s.%s" % (prefix, name) if prefix else name
        optional = java_type.startswith("Optional")
        inner = re.sub(r"^Optional<(.*)>$", r"\1", java_type)
        if inner in index and inner not in seen:
            # A group: its members are properties under this name (or directly under the parent's).
            yield from walk(index, inner, prefix if "@WithParentName" in segment else full, seen)
            continue
        default = annotation_strings(segment, "WithDefault")
        is_map = inner.startswith("Map<")
        env = env_name(full) + ("_<KEY>" if is_map else "")
        if is_map:
            doc = (doc + " One variable per key; keys come out upper-cased, so case-sensitive keys (product keys) "
                   "belong in application.properties or the API.").strip()
        yield Property(name=full, env=env, type=inner, default=default,
                       required=default is None and not optional and not is_map, doc=doc, source=source)


def read_properties(path):
    """application.properties as {key: value} for prod (no profile, then %prod overriding), continuation lines joined."""
    values, prod = {}, {}
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}
    logical = ""
    for line in lines:
        stripped = line.strip()
        if not logical and (not stripped or stripped[0] in "#!"):
            continue
        if stripped.endswith("\\"):
            logical += stripped[:-1]
            continue
        logical += stripped
        parts = re.match(r"([^=:\s]+)\s*[=:]?\s*(.*)$", logical)
        logical = ""
        if not parts:
            continue
        key, value = parts.group(1), parts.group(2)
        if key.startswith("%prod."):
            prod[key[len("%prod."):]] = value
        elif not key.startswith("%"):
            values[key] = value
    values.update(prod)
    return values


def expansions(value):
    """The top-level ${name[:fallback]} expressions of a property value: [(name, fallback or None)]."""
    found, i = [], 0
    while True:
        start = value.find("${", i)
        if start < 0:
            return found
        depth, j = 0, start
        while j < len(value):
            if value.startswith("${", j):
                depth, j = depth + 1, j + 2
                continue
            if value[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if depth:
            return found  # unbalanced: SmallRye would fail on it anyway
        name, colon, fallback = value[start + 2:j].partition(":")
        found.append((name, fallback if colon else None))
        i = j + 1


def is_env_name(name):
    return bool(re.fullmatch(r"[A-Z][A-Z0-9_]*", name))


def service_config(repo_root, service):
    """Merges the mapping properties and application.properties (prod) of one service."""
    config = ServiceConfig(service)
    module = os.path.join(repo_root, service, "src", "main")
    for prop in mapping_properties(os.path.join(module, "java")):
        config.properties[prop.env] = prop
    for key, value in read_properties(os.path.join(module, "resources", "application.properties")).items():
        env = env_name(key)
        prop = config.properties.get(env) or Property(name=key, env=env, source="application.properties")
        config.properties[env] = prop
        parts = expansions(value)
        whole = len(parts) == 1 and value.startswith("${") and value.endswith("}") and is_env_name(parts[0][0])
        if not whole:
            # A literal, or a reference to another property (e.g. ${meterlink.ingest.amqp.connections}): the value is
            # a default; but a ${VAR} without default inside it (jdbc:postgresql://${DB_HOST}/...) is still needed.
            prop.default, prop.required = value, False
            for variable, fallback in parts:
                if fallback is None and is_env_name(variable) and variable != env:
                    needed = config.properties.setdefault(variable, Property(
                        name=variable, env=variable, doc="Part of `%s`." % key, source="application.properties"))
                    needed.required = True
                    needed.alternatives = tuple(sorted(set(needed.alternatives) | {env}))
            continue
        variable, fallback = parts[0]
        # ${VAR:} is empty, which SmallRye treats as missing: a property that needs a value still needs VAR.
        needs_value = fallback is None or (fallback == "" and prop.required)
        if variable == env:
            prop.default, prop.required = fallback or None, needs_value
        else:
            prop.default, prop.required = value, False
            config.properties[variable] = Property(
                name=variable, env=variable, default=fallback or None, required=needs_value,
                doc=("Sets `%s`. %s" % (key, prop.doc)).strip(), source="application.properties",
                alternatives=(env,))
    return config


def markdown(config):
    rows = ["| Variable | Required | Default | What it is |", "| --- | --- | --- | --- |"]
    for prop in sorted(config.properties.values(), key=lambda p: (not p.required, p.env)):
        default = "" if prop.default is None else "`%s`" % prop.default.replace("|", "\\|")
        doc = (prop.doc or "").replace("|", "\\|")
        rows.append("| `%s` | %s | %s | %s |" % (prop.env, "**yes**" if prop.required else "no", default, doc))
    return "\n".join(rows)


def sync_readme(readme, repo_root, write):
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    pattern = re.compile(r"(<!-- env:([\w-]+) -->\n)(.*?)(<!-- /env:\2 -->)", re.S)

    def replace(match):
        return match.group(1) + markdown(service_config(repo_root, match.group(2))) + "\n" + match.group(4)

    updated, count = pattern.subn(replace, text)
    if count == 0:
        print("config_env: no <!-- env:SERVICE --> blocks in %s" % readme)
        return 1
    if updated == text:
        print("config_env: %s lists every variable the services read (%d blocks)" % (readme, count))
        return 0
    if write:
        with open(readme, "w", encoding="utf-8") as handle:
            handle.write(updated)
        print("config_env: rewrote %d blocks of %s" % (count, readme))
        return 0
    print("config_env: FAIL %s is out of date with the services' configuration; run\n"
          "  python3 deploy/checks/config_env.py readme %s --write" % (readme, readme))
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo-root", default=".")
    commands = parser.add_subparsers(dest="command", required=True)
    table = commands.add_parser("table")
    table.add_argument("services", nargs="+")
    readme = commands.add_parser("readme")
    readme.add_argument("path")
    mode = readme.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.command == "table":
        for service in args.services:
            print("### %s\n\n%s\n" % (service, markdown(service_config(args.repo_root, service))))
        return 0
    return sync_readme(args.path, args.repo_root, args.write)


if __name__ == "__main__":
    sys.exit(main())
