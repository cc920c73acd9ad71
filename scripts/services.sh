#!/usr/bin/env bash
# Starts what the tests need and a fresh machine may lack: Redis, Debian's Chromium for the
# dashboard tests. WordPress (with MariaDB and PHP) is brought up by scripts/wordpress.sh,
# which the tests call themselves. Idempotent: does nothing when all is there.
set -euo pipefail

redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Parses the compose file without an engine (tests/deploy/).
command -v docker-compose >/dev/null || missing+=(docker-compose)
for pkg in wordpress php-cli php-mysql mariadb-server; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "services: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi

if ! redis-cli -u "$redis_url" ping >/dev/null 2>&1; then
  echo "services: starting Redis on 127.0.0.1:6379" >&2
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/plume.log
  for _ in $(seq 1 50); do
    redis-cli -u "$redis_url" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -u "$redis_url" ping >/dev/null || { echo "services: Redis did not start" >&2; exit 1; }
fi
echo "services: Redis answers at $redis_url" >&2
