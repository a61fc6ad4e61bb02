#!/usr/bin/env bash
# Builds MeterLink (skipping tests) and runs the whole system on this machine: embedded PostgreSQL and Kafka, the
# IoT Platform stand-in with the legacy MQTT cluster, the three services as separate processes and a simulated fleet.
# Needs only a JDK 17; Maven comes through the wrapper. Options: ./run-local.sh --help. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
jar=testbed/local-run/target/testbed-local-run.jar
# Asking for the options needs no build once there is something built.
if [[ " $* " == *" --help "* && -f "$jar" ]]; then
  set -- --no-build --help
fi
if [[ "${1:-}" != "--no-build" ]]; then
  echo "building MeterLink (./mvnw -DskipTests install; the first build downloads dependencies and takes a few minutes)"
  ./mvnw -B -ntp -DskipTests install | grep --line-buffered -E '^\[INFO\] Building |BUILD|ERROR' || { echo "build failed" >&2; exit 1; }
else
  shift
fi
exec java -Xmx1g -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$jar:testbed/local-run/target/lib/*" \
  io.meterlink.testbed.localrun.LocalRunMain "$@"
