#!/usr/bin/env bash
# Build one service image and smoke-run it: the container must report healthy (its HEALTHCHECK on
# /readyz) and answer /healthz from the host. Needs a container engine (docker or podman) that can pull
# oven/bun and redis images; without one it says so and exits 2 (nothing was verified).
#   docker/smoke-image.sh [service]      (default: content-service)
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICE="${1:-content-service}"
ENGINE="$(command -v docker || command -v podman || true)"
if [[ -z "$ENGINE" ]] || ! "$ENGINE" info >/dev/null 2>&1; then
  echo "smoke-image: no working container engine here (docker/podman); nothing was built or run" >&2
  exit 2
fi
TAG="huleedu/${SERVICE}:smoke"
NET="huleedu-smoke-$$"
KEY="smoke-$(date +%s)"
cleanup() {
  "$ENGINE" rm -f "huleedu-smoke-app-$$" "huleedu-smoke-redis-$$" >/dev/null 2>&1 || true
  "$ENGINE" network rm "$NET" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "smoke-image: building $TAG"
"$ENGINE" build -f docker/Dockerfile --build-arg "SERVICE=${SERVICE}" -t "$TAG" .
"$ENGINE" network create "$NET" >/dev/null
"$ENGINE" run -d --name "huleedu-smoke-redis-$$" --network "$NET" --network-alias redis redis:7.0 >/dev/null
"$ENGINE" run -d --name "huleedu-smoke-app-$$" --network "$NET" -p 127.0.0.1::8001 \
  -e REDIS_URL=redis://redis:6379 -e HULEEDU_INTERNAL_API_KEY="$KEY" -e CONTENT_SERVICE_HTTP_PORT=8001 "$TAG" >/dev/null
for _ in $(seq 1 30); do
  STATUS="$("$ENGINE" inspect -f '{{.State.Health.Status}}' "huleedu-smoke-app-$$" 2>/dev/null || echo unknown)"
  [[ "$STATUS" == "healthy" ]] && break
  sleep 2
done
echo "smoke-image: container health = ${STATUS}"
[[ "$STATUS" == "healthy" ]] || { "$ENGINE" logs "huleedu-smoke-app-$$" | tail -20; exit 1; }
if [[ "$SERVICE" == "content-service" ]]; then
  HOST_PORT="$("$ENGINE" port "huleedu-smoke-app-$$" 8001 | head -1 | sed 's/.*://')"
  curl -fsS "http://127.0.0.1:${HOST_PORT}/healthz" && echo
fi
# No tests in the image (.dockerignore).
if "$ENGINE" run --rm --entrypoint sh "$TAG" -c 'find /app/services /app/shared -name "*.test.ts" -o -type d -name test | grep -q .'; then
  echo "smoke-image: the image contains tests" >&2
  exit 1
fi
echo "smoke-image: ${SERVICE} OK"
