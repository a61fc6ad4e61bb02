#!/usr/bin/env bash
# Runs the Quarkus native build of the services up to the point where GraalVM/Mandrel would take over:
# -Dquarkus.native.sources-only=true executes every native build step (reflection and resource registration,
# substitutions, build-time initialisation, the native-image argument list) and writes target/native-sources/
# instead of calling native-image, which these machines do not have. A class that is not native-ready fails here.
#
#   deploy/native-sources.sh                    all three services (one Maven reactor run)
#   deploy/native-sources.sh ingest-service     only the named ones
#
# -am builds what the services depend on from this tree, so nothing has to be installed in ~/.m2 first; tests are
# neither compiled nor run (the normal build does that). Run it after `./mvnw verify`, not before: the native
# profile packages no jar, and a later `verify` rebuilds the jars the cross-service tests start.
set -euo pipefail

cd "$(dirname "$0")/.."
started=$SECONDS

if [ "$#" -gt 0 ]; then
  services=("$@")
else
  services=(ingest-service command-service alert-service)
fi
modules=$(IFS=,; echo "${services[*]}")

echo "native-sources: building $modules with -Pnative -Dquarkus.native.sources-only=true"
./mvnw -B -ntp -Pnative -Dquarkus.native.sources-only=true -Dmaven.test.skip=true -pl "$modules" -am package

failed=0
for service in "${services[@]}"; do
  sources="$service/target/native-sources"
  args_file="$sources/native-image.args"
  if [ ! -s "$args_file" ]; then
    echo "native-sources: FAIL $service produced no $args_file" >&2
    failed=1
    continue
  fi
  runner_jar=$(find "$sources" -maxdepth 1 -name '*-runner.jar' -print -quit)
  if [ -z "$runner_jar" ]; then
    echo "native-sources: FAIL $service has no runner jar in $sources" >&2
    failed=1
    continue
  fi
  echo "native-sources: $service OK ($(wc -c <"$args_file") bytes of native-image arguments, $(find "$sources/lib" -name '*.jar' | wc -l) jars)"
done
[ "$failed" -eq 0 ] || exit 1
echo "native-sources: done in $((SECONDS - started)) s"
