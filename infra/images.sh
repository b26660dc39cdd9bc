#!/usr/bin/env bash
# Builds the container images of the silo host and the two companion apps as OCI image archives,
# with no container daemon: `dotnet publish` with the SDK's container support
# (ContainerArchiveOutputPath). The SDK needs its base image from a registry, and these machines
# reach none, so the base image is made here from Debian's packages and served on loopback:
#   1. debootstrap a minimal Debian 12 tree, add the .NET and ASP.NET Core runtimes of this
#      machine's SDK and the non-root user `app` (1654), pack it as one layer (umoci);
#   2. serve it from Debian's docker-registry on 127.0.0.1 (HAWIYA_REGISTRY_PORT, default 5015);
#   3. publish each app onto it (ContainerBaseImage), writing artifacts/images/NAME.tar.
# The base tree is cached (HAWIYA_IMAGE_CACHE); the archives load with `docker load`, `podman
# load` or `skopeo copy docker-archive:…`. docs/operations.md, "Images".
#   infra/images.sh [--base-only]
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

out="${HAWIYA_IMAGES_DIR:-$HAWIYA_ROOT/artifacts/images}"
cache="${HAWIYA_IMAGE_CACHE:-/var/cache/hawiya-images}"
port="${HAWIYA_REGISTRY_PORT:-5015}"
version="${HAWIYA_IMAGE_TAG:-0.1.0}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime="$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')"
[ -n "$runtime" ] || die "no ASP.NET Core runtime next to the SDK"
base_tag="aspnet-$runtime"

apt_install debootstrap umoci skopeo docker-registry
mkdir -p "$out" "$cache"

# 1. The base image, once per runtime version.
layout="$cache/layout"
if ! umoci stat --image "$layout:$base_tag" >/dev/null 2>&1; then
  rootfs="$cache/rootfs-$runtime"
  if [ ! -f "$rootfs/.complete" ]; then
    log "making the base tree (debootstrap, Debian 12 minbase)"
    as_root rm -rf "$rootfs"
    # What .NET needs at run time (the runtime-deps set): C library, OpenSSL, ICU, zlib, time zones, CA roots.
    as_root debootstrap --variant=minbase \
      --include=ca-certificates,libicu72,libssl3,zlib1g,tzdata,libgssapi-krb5-2 \
      bookworm "$rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
      || die "debootstrap failed; see $cache/debootstrap.log"
    as_root rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
    as_root mkdir -p "$rootfs/usr/share/dotnet/shared" "$rootfs/usr/share/dotnet/host"
    as_root cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$rootfs/usr/share/dotnet/" 2>/dev/null \
      || as_root cp -a "$dotnet_root/dotnet" "$rootfs/usr/share/dotnet/"
    as_root cp -a "$dotnet_root/host/fxr" "$rootfs/usr/share/dotnet/host/"
    for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
      as_root mkdir -p "$rootfs/usr/share/dotnet/shared/$framework"
      as_root cp -a "$dotnet_root/shared/$framework/$runtime" "$rootfs/usr/share/dotnet/shared/$framework/"
    done
    as_root ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    # The same non-root user as Microsoft's images (uid and gid 1654, home /home/app).
    as_root chroot "$rootfs" groupadd --gid 1654 app
    as_root chroot "$rootfs" useradd --uid 1654 --gid 1654 --create-home --shell /usr/sbin/nologin app
    as_root touch "$rootfs/.complete"
  fi
  log "packing the base image $base_tag"
  as_root rm -rf "$layout"
  umoci init --layout "$layout"
  umoci new --image "$layout:$base_tag"
  layer="$cache/base-layer.tar"
  as_root tar --numeric-owner --exclude=./.complete --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* \
    -C "$rootfs" -cf "$layer" .
  umoci raw add-layer --image "$layout:$base_tag" "$layer"
  rm -f "$layer"
  umoci config --image "$layout:$base_tag" \
    --config.env DOTNET_ROOT=/usr/share/dotnet --config.env DOTNET_RUNNING_IN_CONTAINER=true \
    --config.env APP_UID=1654 --config.user 1654 --config.workingdir /app \
    --author "Hawiya" --os linux --architecture amd64
fi

[ "${1:-}" = "--base-only" ] && { log "base image $base_tag ready in $layout"; exit 0; }

# 2. A registry on loopback for the SDK to pull the base image from, for this run only.
require_free_port "$port"
registry_dir="$(mktemp -d)"
cat >"$registry_dir/config.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $registry_dir/data
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$registry_dir/config.yml" >"$registry_dir/registry.log" 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null || true; rm -rf "$registry_dir"' EXIT
wait_http_ok "http://127.0.0.1:$port/v2/" 30 || { cat "$registry_dir/registry.log" >&2; die "the registry did not start"; }
skopeo copy --quiet --dest-tls-verify=false "oci:$layout:$base_tag" "docker://127.0.0.1:$port/hawiya/aspnet:$base_tag"

# 3. One archive per app.
export DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:$port"
publish() {
  local project="$1" name="$2"
  shift 2
  log "building the image $name ($project)"
  rm -f "$out/$name.tar"
  dotnet publish "$HAWIYA_ROOT/$project" -c Release -nologo -v quiet -clp:ErrorsOnly \
    -t:PublishContainer \
    -p:ContainerBaseImage="127.0.0.1:$port/hawiya/aspnet:$base_tag" \
    -p:ContainerRepository="hawiya/$name" -p:ContainerImageTag="$version" \
    -p:ContainerArchiveOutputPath="$out/$name.tar" \
    -p:ContainerUser=1654 \
    "$@" >/dev/null || die "the image $name did not build"
  [ -s "$out/$name.tar" ] || die "no archive at $out/$name.tar"
}
publish src/Hawiya.Server silo
publish src/Hawiya.Portal portal
publish src/Hawiya.SampleProvider sample-provider
log "images in $out: $(cd "$out" && ls -1 *.tar | tr '\n' ' ')"
