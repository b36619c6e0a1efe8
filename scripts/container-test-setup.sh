#!/usr/bin/env bash
# Makes this machine able to build and run docker/Dockerfile with podman when no Docker engine and no image registry
# are at hand (the CI sandbox): installs podman and its helpers with apt-get when they are missing, writes the
# containers.conf this sandbox needs into a project-local folder, and builds the two base images the Dockerfile takes
# as build arguments (a JDK and a JRE, both Debian 12 with Debian's OpenJDK 17) from Debian packages with debootstrap
# and `podman import`. The base images are cached by tag: a second run finds them and only checks the tools.
#
#   scripts/container-test-setup.sh          (as root; prints KEY=VALUE lines for the caller, last lines of stdout)
#
# Environment (all optional):
#   CONTAINER_TEST_STATE_DIR  where containers.conf and the lock file go (default container-test/target/podman)
#   CONTAINER_TEST_JDK_IMAGE  tag of the JDK base image (default below)
#   CONTAINER_TEST_JRE_IMAGE  tag of the JRE base image (default below)
#   CONTAINER_TEST_MIRROR     Debian mirror for debootstrap (default: the first one this machine's apt uses)
#
# Output: CONTAINERS_CONF=..., JDK_IMAGE=..., JRE_IMAGE=... on stdout; progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE_DIR="${CONTAINER_TEST_STATE_DIR:-$ROOT/container-test/target/podman}"
# The tag names the recipe: change the suffix when the recipe below changes, so cached images are rebuilt.
JDK_IMAGE="${CONTAINER_TEST_JDK_IMAGE:-localhost/mqtt-broker-base/jdk:17-bookworm-r2}"
JRE_IMAGE="${CONTAINER_TEST_JRE_IMAGE:-localhost/mqtt-broker-base/jre:17-bookworm-r2}"
SUITE=bookworm

log() { printf '[container-test-setup] %s\n' "$*" >&2; }

mkdir -p "$STATE_DIR"
# Two test runs at once would otherwise both debootstrap and both import.
exec 9>"$STATE_DIR/setup.lock"
flock 9

# ---- tools ------------------------------------------------------------------------------------------------------
# One apt-get call for whatever is missing; no recommends (buildah, fuse-overlayfs, slirp4netns are not needed as
# root). netavark + aardvark-dns + iptables give port publishing and name resolution between compose services.
missing=()
for pkg in podman runc netavark aardvark-dns iptables debootstrap; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing packages: ${missing[*]}; run as root, or install them:" \
      "apt-get install --no-install-recommends ${missing[*]}"
    exit 3
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# ---- containers.conf --------------------------------------------------------------------------------------------
# This sandbox has no systemd and no cgroup delegation: runc with the cgroupfs manager works where crun/systemd do
# not, and the default ulimits (nofile) cannot be raised here. A project-local file, so /etc stays untouched.
export CONTAINERS_CONF="$STATE_DIR/containers.conf"
cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF

# ---- base images ------------------------------------------------------------------------------------------------
mirror() {
  if [[ -n "${CONTAINER_TEST_MIRROR:-}" ]]; then
    echo "$CONTAINER_TEST_MIRROR"
    return
  fi
  # The mirror this machine already reaches: deb822 sources first, then the one-line format.
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' \
    | head -n1 || true)
  if [[ -z "$uri" ]]; then
    uri=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' \
      | grep -v -- '-security' | head -n1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# Imports the root file system in $1 as image $2 (no layers of its own history: one flat layer).
import_rootfs() {
  local rootfs=$1 tag=$2 arch
  arch=$(dpkg --print-architecture)
  tar -C "$rootfs" --numeric-owner -c . | podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" \
    --change "ENV LANG=C.UTF-8" \
    --change 'CMD ["/bin/bash"]' \
    --quiet - "$tag" >/dev/null
}

# Leaves only what a container needs: package caches, apt lists, documentation and translations go.
slim_rootfs() {
  local rootfs=$1
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/root/.cache
}

# Certificate authorities this machine added to its own trust store (for example the CA of a TLS-intercepting proxy
# between it and Maven Central) are added to the images too, for the system bundle and Java's cacerts alike, so the
# build stage reaches Central the way this machine does. Java's hook in update-ca-certificates runs java: it needs
# /proc.
trust_local_cas() {
  local rootfs=$1
  compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null || return 0
  log "adding this machine's local CAs: $(cd /usr/local/share/ca-certificates && echo *.crt)"
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" update-ca-certificates >&2
  umount "$rootfs/proc"
}

WORK_PARENT="${TMPDIR:-/var/tmp}"

# Unmounts whatever is mounted below $1 (deepest first), then deletes it without crossing into other file systems.
remove_tree() {
  local dir=$1
  awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r mnt; do
    umount -l "$mnt" || true
  done
  rm -rf --one-file-system "$dir"
}

if podman image exists "$JDK_IMAGE" && podman image exists "$JRE_IMAGE"; then
  log "base images cached: $JDK_IMAGE, $JRE_IMAGE"
else
  if [[ $(id -u) -ne 0 ]]; then
    log "building the base images needs root (debootstrap)"
    exit 3
  fi
  started=$SECONDS
  # A run that was killed (a test timeout) can leave its tree behind, with proc or sys still mounted in it.
  for stale in "$WORK_PARENT"/mqtt-broker-rootfs.*; do
    [[ -d "$stale" ]] && remove_tree "$stale"
  done
  work=$(mktemp -d "$WORK_PARENT/mqtt-broker-rootfs.XXXXXX")
  rootfs="$work/rootfs"
  trap 'remove_tree "$work"' EXIT
  m=$(mirror)
  # One debootstrap for both images: the JDK rootfs, then the same tree without the JDK package is the JRE.
  # minbase + the JDK package's dependencies only (debootstrap installs no recommends).
  log "debootstrap $SUITE from $m (minbase + openjdk-17-jdk-headless)"
  debootstrap --variant=minbase --include=openjdk-17-jdk-headless "$SUITE" "$rootfs" "$m" \
    >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  trust_local_cas "$rootfs"
  slim_rootfs "$rootfs"
  log "importing $JDK_IMAGE"
  import_rootfs "$rootfs" "$JDK_IMAGE"
  chroot "$rootfs" dpkg --purge openjdk-17-jdk-headless >"$work/purge.log" 2>&1 \
    || { cat "$work/purge.log" >&2; exit 1; }
  slim_rootfs "$rootfs"
  log "importing $JRE_IMAGE"
  import_rootfs "$rootfs" "$JRE_IMAGE"
  log "base images built in $((SECONDS - started)) s"
fi

echo "CONTAINERS_CONF=$CONTAINERS_CONF"
echo "JDK_IMAGE=$JDK_IMAGE"
echo "JRE_IMAGE=$JRE_IMAGE"
