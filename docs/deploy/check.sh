#!/usr/bin/env bash
# Checks the deploy recipes with the tools that validate them offline, says which could not run
# here, and then runs the release behind the nginx and Caddy recipes (check-live.sh). Needs: systemd (systemd-analyze), caddy, nginx, openssl, and docker-compose or
# `docker compose`. On Debian 12: apt-get install -y systemd caddy nginx docker-compose
# Usage: bash docs/deploy/check.sh [release.tar.gz]   (exit status 1 if a check that ran failed)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
skipped=()

run() { # run NAME COMMAND...: prints the outcome, remembers a failure
  local name="$1"; shift
  if "$@" >"$work/out" 2>&1; then echo "ok    $name"; else echo "FAIL  $name"; sed 's/^/      /' "$work/out"; failed=1; fi
}
have() { command -v "$1" >/dev/null 2>&1; }

# systemd: verify the unit against a stand-in launcher at the same relative place.
if have systemd-analyze; then
  mkdir -p "$work/root/opt/confab/current/bin"
  printf '#!/bin/sh\n' >"$work/root/opt/confab/current/bin/confab"
  chmod +x "$work/root/opt/confab/current/bin/confab"
  sed "s#/opt/confab/current#$work/root/opt/confab/current#g" "$here/confab.service" >"$work/confab.service"
  verify() { out="$(systemd-analyze verify "$work/confab.service" 2>&1)"; echo "$out"; [ -z "$out" ]; }
  run 'systemd-analyze verify confab.service' verify
  exposure() { systemd-analyze security --offline=true --threshold=20 "$work/confab.service" | tail -1; }
  run 'systemd-analyze security (exposure at most 2.0)' exposure
else skipped+=('systemd unit (no systemd-analyze)'); fi

# Caddy: validate adapts the Caddyfile and provisions every module without starting a server.
if have caddy; then
  cp "$here/Caddyfile" "$work/Caddyfile"
  run 'caddy validate Caddyfile' caddy validate --config "$work/Caddyfile" --adapter caddyfile
  formatted() { caddy fmt "$work/Caddyfile" | diff -u "$work/Caddyfile" -; }
  run 'caddy fmt (Caddyfile is formatted)' formatted
else skipped+=('Caddyfile (no caddy)'); fi

# nginx: the site inside a minimal http {} with a throwaway certificate at the paths it names.
if have nginx && have openssl; then
  mkdir -p "$work/nginx/certs" "$work/nginx/logs"
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=chat.example.com -days 1 \
    -keyout "$work/nginx/certs/privkey.pem" -out "$work/nginx/certs/fullchain.pem" >/dev/null 2>&1
  sed -e "s#/etc/letsencrypt/live/chat.example.com#$work/nginx/certs#" -e "s#/var/log/nginx#$work/nginx/logs#" \
    "$here/nginx.conf" >"$work/nginx/site.conf"
  printf 'events {}\npid %s/nginx/nginx.pid;\nerror_log %s/nginx/logs/error.log;\nhttp { include %s/nginx/site.conf; }\n' \
    "$work" "$work" "$work" >"$work/nginx/nginx.conf"
  run 'nginx -t nginx.conf' nginx -t -q -c "$work/nginx/nginx.conf" -p "$work/nginx/"
else skipped+=('nginx site (no nginx or openssl)'); fi

# Compose: parse and resolve the file (needs no Docker engine).
if docker compose version >/dev/null 2>&1; then
  run 'docker compose config compose.yaml' docker compose -p confab -f "$here/compose.yaml" config -q
elif have docker-compose; then
  run 'docker-compose config compose.yaml' docker-compose -p confab -f "$here/compose.yaml" config -q
else skipped+=('compose.yaml (no docker compose)'); fi

# The image itself needs a running engine and the node base image from a registry.
if docker info >/dev/null 2>&1; then
  tarball="$(ls "$here"/../../dist/confab-*-linux-x64.tar.gz 2>/dev/null | head -1)"
  if [ -n "$tarball" ]; then
    version="$(basename "$tarball" | sed -E 's/^confab-(.*)-linux-x64\.tar\.gz$/\1/')"
    run "docker build (release $version)" docker build -q -f "$here/Dockerfile" --build-arg CONFAB_VERSION="$version" -t "confab:$version" "$here/../.."
  else skipped+=('docker build (no dist/confab-*-linux-x64.tar.gz: run `npx -y pnpm@10.34.9 release` first)'); fi
else skipped+=('docker build of the Dockerfile (no running container engine)'); fi

for item in "${skipped[@]}"; do echo "skip  $item"; done

# Then the recipes in action: the release behind nginx and Caddy on loopback ports.
bash "$here/check-live.sh" "${1:-}" || failed=1
exit "$failed"
