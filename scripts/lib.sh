# shellcheck shell=bash
# Shared by scripts/setup, scripts/test and .ci/run. Source it; do not run it.
#
# Settings (environment):
#   BPPM_BENCH            the bench folder                       (default ~/frappe-bench)
#   BPPM_SITE             the demo/development site               (default bppm.localhost)
#   BPPM_TEST_SITE        the site the integration tier runs on   (default bppm-test.localhost)
#   BPPM_ERPNEXT_TEST_SITE the ERPNext tier's site, used when the bench has the erpnext app
#                         (default bppm-erpnext-test.localhost)
#   BPPM_DB_HOST          MariaDB host                            (default 127.0.0.1)
#   BPPM_DB_ROOT_USER     MariaDB admin user for new sites        (default root)
#   BPPM_DB_ROOT_PASSWORD MariaDB admin password                  (default empty)
#   BPPM_REDIS_URL        Redis for cache, queue and realtime     (default redis://127.0.0.1:6379)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BPPM_BENCH="${BPPM_BENCH:-$HOME/frappe-bench}"
BPPM_SITE="${BPPM_SITE:-bppm.localhost}"
BPPM_TEST_SITE="${BPPM_TEST_SITE:-bppm-test.localhost}"
BPPM_ERPNEXT_TEST_SITE="${BPPM_ERPNEXT_TEST_SITE:-bppm-erpnext-test.localhost}"
BPPM_DB_HOST="${BPPM_DB_HOST:-127.0.0.1}"
BPPM_DB_ROOT_USER="${BPPM_DB_ROOT_USER:-root}"
BPPM_DB_ROOT_PASSWORD="${BPPM_DB_ROOT_PASSWORD:-}"
BPPM_REDIS_URL="${BPPM_REDIS_URL:-redis://127.0.0.1:6379}"
export BPPM_BENCH BPPM_SITE BPPM_TEST_SITE BPPM_ERPNEXT_TEST_SITE

say() { printf '\033[1m[bppm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[bppm] %s\033[0m\n' "$*" >&2; exit 1; }

have_bench() { [ -x "$BPPM_BENCH/env/bin/python" ] && [ -d "$BPPM_BENCH/apps/frappe" ] && [ -d "$BPPM_BENCH/sites" ]; }

require_bench() {
	have_bench && return 0
	die "No Frappe bench at $BPPM_BENCH (needs env/, apps/frappe and sites/).
       The integration tier runs on a real Frappe site and cannot run without one.
       Get a bench with:   scripts/setup            (creates $BPPM_BENCH with Frappe version-15)
       or point at yours:  BPPM_BENCH=/path/to/frappe-bench scripts/test"
}

# The bench's own CLI for site commands, without the `bench` wrapper: what `bench --site X cmd`
# runs under the hood. Works as root and needs nothing but the bench's virtualenv.
frappe_cli() {
	(cd "$BPPM_BENCH/sites" && "$BPPM_BENCH/env/bin/python" -m frappe.utils.bench_helper frappe "$@")
}

bench_pip() { "$BPPM_BENCH/env/bin/python" -m pip "$@"; }

mysql_root() {
	mysql -h "$BPPM_DB_HOST" -u "$BPPM_DB_ROOT_USER" ${BPPM_DB_ROOT_PASSWORD:+-p"$BPPM_DB_ROOT_PASSWORD"} "$@"
}

# MariaDB and Redis: start the machine's own servers when they are not answering.
start_services() {
	if ! mysqladmin -h "$BPPM_DB_HOST" -u "$BPPM_DB_ROOT_USER" ${BPPM_DB_ROOT_PASSWORD:+-p"$BPPM_DB_ROOT_PASSWORD"} ping >/dev/null 2>&1; then
		say "starting MariaDB"
		start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 \
			|| (command -v service >/dev/null && service mariadb start) || true
		for _ in $(seq 1 60); do
			mysqladmin -h "$BPPM_DB_HOST" -u "$BPPM_DB_ROOT_USER" ping >/dev/null 2>&1 && break
			sleep 1
		done
		mysqladmin -h "$BPPM_DB_HOST" -u "$BPPM_DB_ROOT_USER" ping >/dev/null 2>&1 || die "MariaDB did not start"
	fi
	local url port
	for url in "$BPPM_REDIS_URL" $(bench_redis_urls); do
		port="${url##*:}"
		port="${port%%/*}"
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			say "starting Redis on port $port"
			mkdir -p /tmp/bppm-redis
			redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
				--dir /tmp/bppm-redis --logfile "/tmp/bppm-redis/$port.log" >/dev/null
			for _ in $(seq 1 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
			redis-cli -p "$port" ping >/dev/null 2>&1 || die "Redis did not start on port $port"
		fi
	done
}

# Redis URLs the bench is configured with (common_site_config.json), one per line.
bench_redis_urls() {
	local conf="$BPPM_BENCH/sites/common_site_config.json"
	[ -f "$conf" ] || return 0
	python3 - "$conf" <<'PY'
import json, sys
conf = json.load(open(sys.argv[1]))
for key in ("redis_cache", "redis_queue", "redis_socketio"):
    if conf.get(key, "").startswith("redis://127.0.0.1") or conf.get(key, "").startswith("redis://localhost"):
        print(conf[key])
PY
}

# Put this checkout into the bench as the app bppm_app (a symlink, so edits are live).
link_app() {
	local target="$BPPM_BENCH/apps/bppm_app"
	if [ -e "$target" ] && [ ! -L "$target" ]; then
		if [ "$(cd "$target" && pwd -P)" != "$(cd "$REPO" && pwd -P)" ]; then
			die "$target is a separate copy of the app (e.g. from 'bench get-app').
       Move it away to test this checkout:  mv $target $target.orig"
		fi
	else
		ln -sfn "$REPO" "$target"
	fi
	grep -qx "bppm_app" "$BPPM_BENCH/sites/apps.txt" || {
		[ -n "$(tail -c1 "$BPPM_BENCH/sites/apps.txt")" ] && echo >>"$BPPM_BENCH/sites/apps.txt"
		echo "bppm_app" >>"$BPPM_BENCH/sites/apps.txt"
	}
	# the app's static files (public/css, public/js) at /assets/bppm_app/..., from this checkout
	mkdir -p "$BPPM_BENCH/sites/assets"
	ln -sfn "$REPO/bppm_app/public" "$BPPM_BENCH/sites/assets/bppm_app"
	# editable install (setuptools resolves the symlink, so every relink reinstalls; it is quick)
	local log="$BPPM_BENCH/logs/bppm-pip.log"
	mkdir -p "$BPPM_BENCH/logs"
	bench_pip install --quiet --disable-pip-version-check -e "${target}[test]" >"$log" 2>&1 \
		|| { tail -30 "$log" >&2; die "pip could not install bppm_app into the bench (log: $log)"; }
	"$BPPM_BENCH/env/bin/python" -c "import bppm_app, holidays, pytest" || die "bppm_app is not importable in the bench"
}

# The site's own address, from which wkhtmltopdf fetches the print style of every PDF: host_name
# in the site config, and the name resolving here (what `bench --site … add-to-hosts` does,
# without needing sudo).
site_address() {
	local site="$1" port="$2"
	frappe_cli --site "$site" set-config host_name "http://$site:$port" >/dev/null
	if ! getent hosts "$site" >/dev/null; then
		if [ -w /etc/hosts ]; then
			printf '127.0.0.1\t%s\n' "$site" >>/etc/hosts
		else
			say "add '127.0.0.1 $site' to /etc/hosts so that PDFs can be made"
		fi
	fi
}

# Frappe's processes for one site (web server on a port, a worker, the scheduler), started in the
# background; their pids in logs/<tag>-*.pid, so that each script stops only its own.
server_pids() { cat "$BPPM_BENCH"/logs/"$1"-*.pid 2>/dev/null || true; }

stop_server() {
	local pid
	for pid in $(server_pids "$1"); do kill "$pid" 2>/dev/null || true; done
	rm -f "$BPPM_BENCH"/logs/"$1"-*.pid
}

start_server() {
	local tag="$1" site="$2" port="$3" name
	stop_server "$tag"
	mkdir -p "$BPPM_BENCH/logs"
	for name in web worker schedule; do
		local args=(--site "$site")
		case $name in
		# not Frappe's `serve`: its /files loader reads any path and its debugger runs code
		# (bppm_app/commands.py, bppm-serve)
		web) args+=(bppm-serve --port "$port" --host "${BPPM_HOST:-127.0.0.1}") ;;
		worker) args+=(worker) ;;
		schedule) args+=(schedule) ;;
		esac
		(
			cd "$BPPM_BENCH/sites"
			nohup "$BPPM_BENCH/env/bin/python" -m frappe.utils.bench_helper frappe "${args[@]}" \
				>"$BPPM_BENCH/logs/$tag-$name.log" 2>&1 &
			echo $! >"$BPPM_BENCH/logs/$tag-$name.pid"
		)
	done
	for _ in $(seq 1 60); do
		curl -fs -H "Host: $site" "http://127.0.0.1:$port/api/method/ping" >/dev/null && return 0
		sleep 1
	done
	die "the server did not answer on port $port; see $BPPM_BENCH/logs/$tag-web.log"
}

site_exists() { [ -f "$BPPM_BENCH/sites/$1/site_config.json" ]; }

site_db_exists() {
	local db
	db="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["db_name"])' "$BPPM_BENCH/sites/$1/site_config.json")"
	mysql_root -N -e "select 1 from information_schema.schemata where schema_name='$db'" 2>/dev/null | grep -q 1
}

# grep reads the whole list (no -q): with pipefail, an early exit would break the pipe of list-apps
# and make an installed app look missing.  app_installed SITE [APP] (default bppm_app)
app_installed() { frappe_cli --site "$1" list-apps 2>/dev/null | grep "^${2:-bppm_app} " >/dev/null; }

# Whether the bench has ERPNext (apps/erpnext, listed in sites/apps.txt and importable): then the
# ERPNext test site is used as well.
bench_has_erpnext() {
	[ -d "$BPPM_BENCH/apps/erpnext" ] && grep -qx "erpnext" "$BPPM_BENCH/sites/apps.txt" \
		&& "$BPPM_BENCH/env/bin/python" -c "import erpnext" 2>/dev/null
}

# Frappe asks for the MariaDB root password when it is empty (it treats "" as not given), reading
# it from the terminal; setsid detaches from any terminal so the answer comes from stdin, which
# works the same in CI (no terminal) and at a developer's prompt.
#   new_site SITE [APP...]   the apps to install, in order (default: bppm_app)
new_site() {
	local site="$1" app installs=()
	shift
	for app in "${@:-bppm_app}"; do installs+=(--install-app "$app"); done
	printf '%s\n' "$BPPM_DB_ROOT_PASSWORD" | (
		cd "$BPPM_BENCH/sites" && setsid -w "$BPPM_BENCH/env/bin/python" -m frappe.utils.bench_helper frappe \
			new-site "$site" \
			--db-host "$BPPM_DB_HOST" \
			--db-root-username "$BPPM_DB_ROOT_USER" \
			--db-root-password "$BPPM_DB_ROOT_PASSWORD" \
			--admin-password "${BPPM_ADMIN_PASSWORD:-admin}" \
			"${installs[@]}"
	)
}

# Create the site with the apps, or bring an existing one up to date (install what is missing, in
# order, or migrate).  ensure_site SITE [APP...]   (default: bppm_app)
ensure_site() {
	local site="$1" app missing=0
	shift
	local apps=("${@:-bppm_app}")
	if site_exists "$site" && ! site_db_exists "$site"; then
		die "Site $site exists in $BPPM_BENCH/sites but its database is gone; drop the folder to recreate it."
	fi
	if ! site_exists "$site"; then
		say "creating site $site with ${apps[*]}"
		new_site "$site" "${apps[@]}"
		return
	fi
	for app in "${apps[@]}"; do
		if ! app_installed "$site" "$app"; then
			say "installing $app on $site"
			frappe_cli --site "$site" install-app "$app"
			missing=1
		fi
	done
	if [ "$missing" = 0 ]; then
		say "migrating $site"
		frappe_cli --site "$site" migrate --skip-search-index
	fi
}

# Debian packages, installed from the distribution when missing (the package lists are refreshed
# only when apt does not know them): apt_ensure PACKAGE...
apt_ensure() {
	command -v apt-get >/dev/null || die "please install: $*"
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	say "installing $*"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-cache show "$@" >/dev/null 2>&1; then
		$sudo apt-get update -qq >/dev/null || die "apt-get update failed"
	fi
	$sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null || die "could not install $*"
}

# Documents and notifications: wkhtmltopdf makes the office's letters (Frappe's PDF pipeline) and
# pdftotext/pdftoppm (poppler-utils) read them back in the tests.
have_pdf_tools() { command -v wkhtmltopdf >/dev/null && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; }
ensure_pdf_tools() {
	have_pdf_tools && return 0
	apt_ensure wkhtmltopdf poppler-utils fonts-liberation
	have_pdf_tools || die "wkhtmltopdf or poppler-utils is still missing after installing them"
}

# The browser tier: Debian's Chromium (driven by Playwright's Python package, no browser download);
# the import rule: import-linter (PyPI) in the bench's virtualenv.
ensure_test_tools() {
	ensure_pdf_tools
	[ -x "${BPPM_CHROMIUM:-/usr/bin/chromium}" ] || apt_ensure chromium fonts-noto-core
	ensure_axe
	ensure_import_linter
}

ensure_import_linter() {
	[ -x "$BPPM_BENCH/env/bin/lint-imports" ] && return 0
	say "installing import-linter into the bench (pip)"
	bench_pip install --quiet --disable-pip-version-check "import-linter>=2.13" \
		|| die "pip could not install import-linter into the bench"
}

# The import rule (docs/layers.md): the contracts in pyproject.toml, checked on the code as it is
# (no site needed; function-level imports included).
lint_imports() {
	(cd "$REPO" && "$BPPM_BENCH/env/bin/lint-imports" --no-cache)
}

# axe-core (npm, pinned in tests/browser/package.json): the accessibility checks of the browser tier
ensure_axe() {
	[ -f "$REPO/tests/browser/node_modules/axe-core/axe.min.js" ] && return 0
	command -v npm >/dev/null || apt_ensure npm
	say "installing axe-core into tests/browser (npm)"
	(cd "$REPO/tests/browser" && npm install --no-audit --no-fund --silent) \
		|| die "npm could not install axe-core into tests/browser"
}
