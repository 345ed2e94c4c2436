#!/usr/bin/env bash
# Installs the Debian packages hitlog needs to build and test, if any is missing.
# Runs apt-get as root, through sudo when started by another user.
set -euo pipefail

packages=(g++ cmake make pkg-config zlib1g-dev libboost-program-options-dev
          libboost-iostreams-dev libre2-dev catch2 gzip)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
