#!/usr/bin/env bash
# Builds the container images of the three services from deploy/docker/*/Dockerfile.{native,jvm} and pushes them to
# Alibaba Cloud Container Registry (ACR). Needs Docker with BuildKit (Docker 23+); not runnable on the CI machines,
# which have no Docker engine (CI checks the Dockerfiles statically, see deploy/ci-check.sh).
#
#   docker login --username=<RAM user>@<account alias> registry.cn-shanghai.aliyuncs.com
#   TAG=1.0.0 deploy/build-images.sh              native images  <registry>/<service>:1.0.0
#   TAG=1.0.0 deploy/build-images.sh --jvm        JVM images     <registry>/<service>:1.0.0-jvm
#   TAG=1.0.0 deploy/build-images.sh --no-push    build only
#
# Environment: TAG (required; never "latest", the manifests checker rejects it), REGISTRY (default
# registry.cn-shanghai.aliyuncs.com/meterlink), PLATFORM (default linux/amd64; ACK's Yitian nodes want linux/arm64),
# SERVICES (default: all three). A native build needs about 6 GB of memory and a few minutes per service.
set -euo pipefail

cd "$(dirname "$0")/.."

TAG=${TAG:?set TAG, e.g. TAG=1.0.0}
REGISTRY=${REGISTRY:-registry.cn-shanghai.aliyuncs.com/meterlink}
PLATFORM=${PLATFORM:-linux/amd64}
read -r -a services <<<"${SERVICES:-ingest-service command-service alert-service}"
flavour=native
push=true
for arg in "$@"; do
  case "$arg" in
    --jvm) flavour=jvm ;;
    --no-push) push=false ;;
    *) echo "usage: TAG=x.y.z $0 [--jvm] [--no-push]" >&2; exit 2 ;;
  esac
done
[ "$TAG" != latest ] || { echo "build-images: refusing tag 'latest'; use a version" >&2; exit 2; }
suffix=""
[ "$flavour" = native ] || suffix="-$flavour"

for service in "${services[@]}"; do
  image="$REGISTRY/$service:$TAG$suffix"
  echo "build-images: $image"
  DOCKER_BUILDKIT=1 docker build --platform "$PLATFORM" \
    --label "org.opencontainers.image.version=$TAG" \
    --label "org.opencontainers.image.source=meterlink/$service" \
    -f "deploy/docker/$service/Dockerfile.$flavour" -t "$image" .
  if [ "$push" = true ]; then
    docker push "$image"
  fi
done

echo "build-images: done. Point the overlay at the new tag (newTag in deploy/k8s/overlays/ack/kustomization.yaml,"
echo "or overlays/ack-jvm for --jvm), run deploy/ci-check.sh, then: kubectl apply -k deploy/k8s/overlays/ack"
