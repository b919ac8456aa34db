#!/usr/bin/env bash
# Installs what the end-to-end run needs, offline-safe (npm registry and Debian only): Debian's chromium, and
# code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) into .e2e/cs. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v g++ >/dev/null || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
CS="$ROOT/.e2e/cs/node_modules/.bin/code-server"
if [ ! -x "$CS" ]; then
  # @vscode/ripgrep would download rg from GitHub: give it Debian's instead
  RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$RG_CACHE" /tmp/fly-rgpkg && cp "$(command -v rg)" /tmp/fly-rgpkg/rg
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /tmp/fly-rgpkg rg
  mkdir -p "$ROOT/.e2e/cs" && cd "$ROOT/.e2e/cs"
  [ -f package.json ] || echo '{"name":"cs","private":true}' > package.json
  npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
    npm install --no-audit --no-fund --foreground-scripts code-server@4.100.3 > "$ROOT/.e2e/cs-install.log" 2>&1
fi
"$CS" --version | head -1
