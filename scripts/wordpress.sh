#!/usr/bin/env bash
# A real local WordPress for dev and tests: Debian's wordpress package, MariaDB, PHP's built-in
# server on 127.0.0.1, and the Plume companion plugin as a must-use plugin.
#
#   bash scripts/wordpress.sh up [--port 8088] [--name plume] [--reset]
#   bash scripts/wordpress.sh down [--name plume]
#
# `up` is idempotent: it installs what is missing, reuses an existing install and server, and
# prints WP_URL, WP_USERNAME and WP_APP_PASSWORD lines on stdout (all else goes to stderr).
# `--reset` drops the database and reinstalls, also while the server runs; the Application
# Password, kept in the state folder, stays the same.
# State (config, wp-content, passwords, pid and logs): $PLUME_WORDPRESS_STATE/<name>,
# /tmp/plume-wordpress/<name> by default.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
helpers="$here/wordpress"
plugin="$(dirname "$here")/wordpress-plugin/plume-companion.php"
wp_root=/usr/share/wordpress
packages=(wordpress php-cli php-mysql mariadb-server)

log() { echo "wordpress.sh: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
usage() {
  printf 'usage: bash scripts/wordpress.sh up [--port 8088] [--name plume] [--reset]\n       bash scripts/wordpress.sh down [--name plume]\n' >&2
  exit 2
}

command="${1:-}"
[[ -n "$command" ]] || usage
shift
port=8088
name=plume
reset=0
while (($# > 0)); do
  case "$1" in
    --port) port="${2:-}" && shift 2 || usage ;;
    --port=*) port="${1#*=}" && shift ;;
    --name) name="${2:-}" && shift 2 || usage ;;
    --name=*) name="${1#*=}" && shift ;;
    --reset) reset=1 && shift ;;
    -h | --help) usage ;;
    *) die "unknown option '$1'" ;;
  esac
done
# The name becomes part of a database name and of a Debian config name.
[[ "$name" =~ ^[a-z0-9_]{1,32}$ ]] || die "--name must be 1 to 32 characters among a-z, 0-9 and _ (got '$name')"
[[ "$port" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "--port must be a TCP port number (got '$port')"

state="${PLUME_WORDPRESS_STATE:-/tmp/plume-wordpress}/$name"
url="http://127.0.0.1:$port"
db_name="wp_$name"
db_user="plume_$name"
# Debian's wp-config.php only takes [a-zA-Z0-9-] names and loads /etc/wordpress/config-<name>.php.
config_key="plume-${name//_/-}"
config_stub="/etc/wordpress/config-$config_key.php"

ensure_packages() {
  local missing=() pkg
  for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return
  ((EUID == 0)) || die "missing packages ${missing[*]}: run this script as root once to install them"
  log "installing ${missing[*]}"
  # The wordpress package pulls in apache2: keep it (and MariaDB) from being started by the
  # package scripts, which would listen on every interface. MariaDB is started below.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local status=0
  export DEBIAN_FRONTEND=noninteractive
  if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then apt-get update >&2 || status=$?; fi
  if ((status == 0)) && ! apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    # Stale package lists name files the mirror no longer has.
    apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2 || status=$?
  fi
  ((own_policy == 0)) || rm -f /usr/sbin/policy-rc.d
  ((status == 0)) || die "apt-get could not install ${missing[*]}"
}

ensure_mariadb() {
  mysqladmin ping --silent >/dev/null 2>&1 && return
  log "starting MariaDB"
  install -d -o mysql -g mysql /run/mysqld
  # Explicit user and address: a stock my.cnf may set neither.
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1
  local i
  for ((i = 0; i < 300; i++)); do
    mysqladmin ping --silent >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "MariaDB does not answer after 30 s (see journal or /var/log/mysql)"
}

# As root over the socket (unix_socket auth on a fresh Debian), else root without password over TCP.
sql() {
  if mysql -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    mysql -uroot --batch "$@"
  else
    mysql --protocol=tcp -h127.0.0.1 -P3306 -uroot --batch "$@"
  fi
}

# A secret generated once and kept in the state folder.
secret() {
  local file="$state/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077 && php -r 'echo bin2hex(random_bytes(12));' >"$file")
  fi
  cat "$file"
}

ensure_database() {
  local password
  password="$(secret db-password)"
  if ((reset == 1)); then
    log "dropping database $db_name"
    sql -e "DROP DATABASE IF EXISTS \`$db_name\`"
  fi
  sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$db_name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE OR REPLACE USER '$db_user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE OR REPLACE USER '$db_user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$db_name\`.* TO '$db_user'@'127.0.0.1', '$db_user'@'localhost';
SQL
}

ensure_state() {
  mkdir -p "$state/wp-content/uploads" "$state/wp-content/mu-plugins"
  if ((reset == 1)); then
    find "$state/wp-content/uploads" -mindepth 1 -delete
  fi
  # Themes, plugins and translations come from the package; uploads and mu-plugins are per site.
  local dir
  for dir in themes plugins languages; do
    ln -sfn "$wp_root/wp-content/$dir" "$state/wp-content/$dir"
  done
  [[ -f "$plugin" ]] || die "companion plugin not found at $plugin"
  ln -sfn "$plugin" "$state/wp-content/mu-plugins/plume-companion.php"

  if [[ ! -s "$state/salts.php" ]]; then
    php -r 'echo "<?php\n"; foreach (["AUTH", "SECURE_AUTH", "LOGGED_IN", "NONCE"] as $k) foreach (["KEY", "SALT"] as $s)
      printf("define(%s, %s);\n", var_export("{$k}_{$s}", true), var_export(bin2hex(random_bytes(32)), true));' >"$state/salts.php.tmp"
    mv "$state/salts.php.tmp" "$state/salts.php"
  fi

  # Written to a temporary file then renamed: a running server reads the config on every request.
  PLUME_WP_URL="$url" PLUME_WP_STATE="$state" PLUME_WP_DB_NAME="$db_name" PLUME_WP_DB_USER="$db_user" \
    PLUME_WP_DB_PASSWORD="$(secret db-password)" php -r '
      $values = [];
      foreach (["URL", "STATE", "DB_NAME", "DB_USER", "DB_PASSWORD"] as $key) {
        $values[chr(39) . "{{" . $key . "}}" . chr(39)] = var_export(getenv("PLUME_WP_" . $key), true);
      }
      echo strtr(file_get_contents($argv[1]), $values);' "$helpers/config.php" >"$state/wp-config.php.tmp"
  mv "$state/wp-config.php.tmp" "$state/wp-config.php"
  mkdir -p "$(dirname "$config_stub")"
  php -r 'printf("<?php\n// Written by scripts/wordpress.sh (Plume) for the local site %s.\nrequire %s;\n", $argv[1], var_export($argv[2], true));' \
    "$name" "$state/wp-config.php" >"$config_stub"
}

install_wordpress() {
  local app_password
  app_password="$(
    PLUME_WP_URL="$url" PLUME_WP_CONFIG_KEY="$config_key" PLUME_WP_ADMIN_PASSWORD="$(secret admin-password)" \
      PLUME_WP_APP_PASSWORD="$(cat "$state/app-password" 2>/dev/null || true)" \
      php -d display_errors=stderr -d memory_limit=256M "$helpers/install.php"
  )" || die "installing WordPress failed"
  [[ "$app_password" =~ ^[A-Za-z0-9]{24}$ ]] || die "install.php printed no Application Password"
  (umask 077 && printf '%s' "$app_password" >"$state/app-password")
}

server_pid() {
  local pid
  pid="$(cat "$state/server.pid" 2>/dev/null)" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answers() {
  php -d display_errors=0 -r 'exit(@file_get_contents($argv[1], false, stream_context_create(["http" => ["timeout" => 2]])) === false ? 1 : 0);' \
    "$url/?rest_route=/"
}

stop_server() {
  local pid i
  pid="$(server_pid)" || {
    rm -f "$state/server.pid"
    return 0
  }
  log "stopping the server of $name (pid $pid)"
  # The server leads its own process group, with its PHP_CLI_SERVER_WORKERS children.
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$state/server.pid"
}

start_server() {
  if server_pid >/dev/null; then
    if [[ "$(cat "$state/server.port" 2>/dev/null)" == "$port" ]] && answers; then
      log "server already running at $url"
      return
    fi
    stop_server
  fi
  log "starting PHP's built-in server at $url (log: $state/server.log)"
  # Four workers: the worker sends requests in parallel, and an upload must not block the rest.
  # No display_errors: a PHP deprecation notice in a JSON answer breaks the client.
  PHP_CLI_SERVER_WORKERS=4 PLUME_WP_STATE="$state" PLUME_WP_CONFIG_KEY="$config_key" \
    setsid php -d display_errors=0 -d log_errors=1 -d memory_limit=256M \
    -d upload_max_filesize=32M -d post_max_size=32M -d max_execution_time=60 \
    -S "127.0.0.1:$port" -t "$wp_root" "$helpers/router.php" </dev/null >>"$state/server.log" 2>&1 &
  local pid=$! i
  echo "$pid" >"$state/server.pid"
  echo "$port" >"$state/server.port"
  for ((i = 0; i < 200; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 5 "$state/server.log" >&2
      die "the server exited (is port $port taken?)"
    fi
    answers && return
    sleep 0.05
  done
  stop_server
  die "the server does not answer at $url after 10 s (see $state/server.log)"
}

case "$command" in
  up)
    started=$SECONDS
    ensure_packages
    php -r 'exit(extension_loaded("gd") || extension_loaded("imagick") ? 0 : 1);' ||
      log "note: PHP has neither GD nor Imagick: uploads work, without resized copies"
    ensure_mariadb
    mkdir -p "$state"
    ensure_database
    ensure_state
    install_wordpress
    start_server
    log "ready in $((SECONDS - started)) s: $url (admin: plume / $(secret admin-password))"
    echo "WP_URL=$url"
    echo "WP_USERNAME=plume"
    echo "WP_APP_PASSWORD=$(cat "$state/app-password")"
    ;;
  down)
    stop_server
    ;;
  *) usage ;;
esac
