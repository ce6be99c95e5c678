#!/usr/bin/env bash
# Runs the release behind the real nginx and Caddy recipes on this machine's loopback address and
# drives them the way a browser would: https through each proxy, a WebSocket upgrade on /trpc, an
# upload a little under and one over UPLOAD_MAX_BYTES, and a spoofed X-Forwarded-For, which the
# proxy must overwrite so Confab (TRUST_PROXY=127.0.0.1) sees the real client address.
# Needs: node, curl, openssl, nginx and caddy; and dist/confab-<version>-linux-x64.tar.gz
# (npx -y pnpm@10.34.9 release). Usage: bash docs/deploy/check-live.sh [path/to/release.tar.gz]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tarball="${1:-$(ls "$here"/../../dist/confab-*-linux-x64.tar.gz 2>/dev/null | head -1)}"
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
  echo "skip  live proxy check: no release tarball (run npx -y pnpm@10.34.9 release first)"; exit 0
fi
for tool in node curl openssl nginx caddy; do
  command -v "$tool" >/dev/null 2>&1 || { echo "skip  live proxy check: $tool is not installed"; exit 0; }
done

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
failed=0
ok() { echo "ok    $1"; }
fail() { echo "FAIL  $1"; failed=1; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_for() { # wait_for WHAT COMMAND...: up to 20 s
  local what="$1"; shift
  for _ in $(seq 1 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "$what did not come up"; return 1
}

confab_port=$(free_port); nginx_port=$(free_port); nginx_http_port=$(free_port); caddy_port=$(free_port)
host=chat.example.com

# Confab, extracted from the tarball, with the settings the systemd unit uses. As root, it runs as
# `nobody` like the unit's User=, so the release folder (owned by root) is read-only to it and
# only DATA_DIR is writable, as under ProtectSystem=strict.
tar -xzf "$tarball" -C "$work"
chmod 755 "$work"
release="$(ls -d "$work"/confab-*/)"
mkdir -p "$work/data"
as_service=()
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
  chown nobody "$work/data" && chmod 700 "$work/data"
  as_service=(runuser -u nobody --)
fi
# Both proxies sign a new person up, so sign-up is open for this check (a real team keeps the invite default).
(cd "$release" && exec "${as_service[@]}" env -i PATH="$PATH" HOME="$work/data" NODE_ENV=production DATA_DIR="$work/data" HOST=127.0.0.1 PORT="$confab_port" \
  PUBLIC_ORIGIN="https://$host" DEFAULT_SIGNUP_MODE=open TRUST_PROXY=127.0.0.1,::1 LOG_FORMAT=json LOG_LEVEL=info bin/confab start >"$work/confab.log" 2>&1) &
pids+=($!)
wait_for "Confab" curl -fsS "http://127.0.0.1:$confab_port/healthz" || { cat "$work/confab.log"; exit 1; }
[ ${#as_service[@]} -gt 0 ] && ok "Confab runs from the release as an unprivileged user that cannot write the release folder"

# nginx: the recipe with loopback ports, a throwaway certificate and logs in the temp folder.
mkdir -p "$work/nginx/logs" "$work/nginx/certs"
openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=$host" -days 1 \
  -keyout "$work/nginx/certs/privkey.pem" -out "$work/nginx/certs/fullchain.pem" >/dev/null 2>&1
sed -e "s#/etc/letsencrypt/live/$host#$work/nginx/certs#" -e "s#/var/log/nginx#$work/nginx/logs#" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$nginx_port ssl http2;#" -e "s#listen 80;#listen 127.0.0.1:$nginx_http_port;#" \
  -e '/listen \[::\]/d' -e "s#server 127.0.0.1:3000;#server 127.0.0.1:$confab_port;#" "$here/nginx.conf" >"$work/nginx/site.conf"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events {}
http {
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  include $work/nginx/site.conf;
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx/" &
pids+=($!)

# Caddy: the recipe on a loopback port with its own local CA instead of Let's Encrypt.
mkdir -p "$work/caddy"
{ printf '{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\tauto_https disable_redirects\n\thttp_port %s\n}\n' "$(free_port)"
  sed -e "s#^$host {#https://$host:$caddy_port {\n\tbind 127.0.0.1#" -e "s#reverse_proxy 127.0.0.1:3000#reverse_proxy 127.0.0.1:$confab_port#" "$here/Caddyfile"
} >"$work/caddy/Caddyfile"
(cd "$work/caddy" && exec env HOME="$work/caddy" XDG_DATA_HOME="$work/caddy/data" XDG_CONFIG_HOME="$work/caddy/config" \
  caddy run --config Caddyfile --adapter caddyfile >"$work/caddy/caddy.log" 2>&1) &
pids+=($!)

head -c 5000000 /dev/urandom >"$work/five-mb.bin"
head -c 11000000 /dev/urandom >"$work/eleven-mb.bin"
email_n=0

check_proxy() { # check_proxy NAME PORT
  local name="$1" port="$2"
  local url="https://$host:$port"
  local c=(curl -sS -k --resolve "$host:$port:127.0.0.1" --max-time 20)
  wait_for "$name" "${c[@]}" -f "$url/healthz" || return

  local headers; headers="$("${c[@]}" -D - -o /dev/null "$url/healthz")"
  grep -qi '^strict-transport-security: max-age=31536000' <<<"$headers" && ok "$name: https, /healthz 200 with HSTS" || fail "$name: no HSTS on /healthz"$'\n'"$headers"
  grep -qi "^content-security-policy:.*connect-src 'self' wss://$host;" <<<"$headers" && ok "$name: CSP connect-src names wss://$host" || fail "$name: CSP"$'\n'"$headers"

  email_n=$((email_n + 1))
  local register; register="$("${c[@]}" -H 'content-type: application/json' -H 'x-forwarded-for: 203.0.113.99' \
    -d "{\"email\":\"live$email_n@example.com\",\"name\":\"Live $email_n\",\"password\":\"correct horse battery\",\"issueToken\":true}" "$url/trpc/auth.register")"
  local token; token="$(node -e 'const r=JSON.parse(process.argv[1]);process.stdout.write(r.result?.data?.token??"")' "$register" 2>/dev/null)"
  [ -n "$token" ] && ok "$name: sign-up through the proxy" || { fail "$name: sign-up: $register"; return; }
  # The request line Confab logged for that sign-up: its client address must be the proxy's view (127.0.0.1), not the spoof.
  if grep '"url":"/trpc/auth.register"' "$work/confab.log" | tail -1 | grep -q '"remoteAddress":"127.0.0.1"'; then
    ok "$name: a spoofed X-Forwarded-For is overwritten (Confab saw the real client, 127.0.0.1)"
  else fail "$name: Confab logged another address:"$'\n'"$(grep '"url":"/trpc/auth.register"' "$work/confab.log" | tail -1)"; fi

  local upgrade; upgrade="$("${c[@]}" --http1.1 -i -N --max-time 3 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
    -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H "Origin: https://$host" "$url/trpc?connectionParams=1" 2>/dev/null | head -1)"
  grep -q ' 101' <<<"$upgrade" && ok "$name: WebSocket upgrade on /trpc (101)" || fail "$name: WebSocket upgrade answered: $upgrade"

  local small; small="$("${c[@]}" -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" -F "file=@$work/five-mb.bin" "$url/api/uploads")"
  [ "$small" = 201 ] && ok "$name: a 5 MB upload passes (201)" || fail "$name: 5 MB upload got $small"
  local big; big="$("${c[@]}" -H "authorization: Bearer $token" -F "file=@$work/eleven-mb.bin" "$url/api/uploads")"
  grep -q '"message"' <<<"$big" && ok "$name: an 11 MB upload reaches Confab and gets its JSON refusal, not the proxy's" || fail "$name: 11 MB upload: ${big:0:200}"
}

check_proxy nginx "$nginx_port"
redirect="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "$host:$nginx_http_port:127.0.0.1" "http://$host:$nginx_http_port/x")"
[[ "$redirect" == "301 https://$host/x" ]] && ok "nginx: http redirects to https" || fail "nginx: http answered $redirect"
check_proxy caddy "$caddy_port"
if grep -q "$(printf 'connectionParams=1')" "$work/nginx/logs/confab.access.log" 2>/dev/null; then fail "nginx: the access log kept a query string"; else ok "nginx: the access log has no query strings"; fi

[ "$failed" = 0 ] || { echo "--- confab.log (last lines)"; tail -5 "$work/confab.log"; echo "--- caddy.log"; tail -5 "$work/caddy/caddy.log"; echo "--- nginx error.log"; tail -5 "$work/nginx/logs/error.log"; }
exit "$failed"
