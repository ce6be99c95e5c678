#!/bin/sh
# Confab launcher: bin/confab <command> (start, backup, restore, ...; bin/confab --help lists them).
# Runs on Node @MAJORS@: plain `node` from PATH, or NODE=/path/to/node. Uses no other program.
case "$0" in
  */*) bin_dir=${0%/*} ;;
  *) bin_dir=. ;;
esac
node=${NODE:-node}
abi=$("$node" -p process.versions.modules 2>/dev/null) || {
  echo "confab: Node.js not found (tried '$node'): install Node @MAJORS@, or set NODE=/path/to/node" >&2
  exit 1
}
case " @ABIS@ " in
  *" $abi "*) ;;
  *)
    echo "confab: this release runs on Node @MAJORS@, not $("$node" --version)" >&2
    exit 1
    ;;
esac
exec "$node" "$bin_dir/../apps/server/dist/cli.js" "$@"
