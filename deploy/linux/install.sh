#!/usr/bin/env bash
# Install, upgrade or remove the kiosk on a Debian/Ubuntu PC from an offline bundle made by
# `kiosk bundle --out DIR` (no internet needed). Run from the bundle:
#
#   sudo ./linux/install.sh --role one-pc                       # the kiosk PC of a small center
#   sudo ./linux/install.sh --role kiosk-pc --server http://192.168.1.10:8080
#   sudo ./linux/install.sh --role display  --server http://192.168.1.10:8080
#   sudo ./linux/install.sh --role counter  --server http://192.168.1.10:8080 --screen-user lan
#   sudo ./linux/install.sh --role server                       # many-kiosk mode's server
#
# Upgrading is the same command from a newer bundle: the program (/opt/kiosk) is replaced,
# the settings (/etc/kiosk) and the data (/var/lib/kiosk) are kept.
# --root DIR lays every file out under DIR instead, as a package build does: no user is
# created and no service started (what would have been done is written to
# DIR/opt/kiosk/share/install-actions.txt).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: install.sh [--role ROLE] [--server URL] [--screen-user NAME] [--display-position X,Y]
                  [--bundle DIR] [--root DIR] [--no-apt] [--uninstall]
  --role              one-pc (default), server, kiosk-pc, display or counter
  --server URL        the kiosk server the screens open (default http://localhost:8080)
  --screen-user NAME  the desktop user whose session shows the screen (default kiosk-screen)
  --display-position  one-pc with the hall TV on a second output: where it starts, e.g. 1920,0
  --bundle DIR        the unpacked bundle (default: the folder above this script)
  --root DIR          lay the files out under DIR (no users, no systemctl, no apt-get)
  --no-apt            do not apt-get the system packages (Chromium, python3-venv, ...)
  --uninstall         remove the program, units and launchers; keep /etc/kiosk and /var/lib/kiosk
EOF
}

here=$(cd "$(dirname "$0")" && pwd)
root=""
bundle=""
role=""
server="http://localhost:8080"
screen_user="kiosk-screen"
display_position=""
use_apt=1
uninstall=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --root) root=${2%/}; shift 2 ;;
    --bundle) bundle=$2; shift 2 ;;
    --role) role=$2; shift 2 ;;
    --server) server=${2%/}; shift 2 ;;
    --screen-user) screen_user=$2; shift 2 ;;
    --display-position) display_position=$2; shift 2 ;;
    --no-apt) use_apt=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf 'kiosk: %s\n' "$*"; }
die() { printf 'kiosk: %s\n' "$*" >&2; exit 1; }

if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
elif [ "$(id -u)" -ne 0 ]; then
  die "run it as root (sudo $0 ...), or with --root DIR to lay the files out under DIR"
fi

opt=/opt/kiosk
actions="$root$opt/share/install-actions.txt"
installed_list="$root$opt/share/installed-files"

# A command that changes the running system: done for real, or written down under --root.
act() {
  if [ -n "$root" ]; then
    printf '%s\n' "$*" >>"$actions"
  elif { [ "$1" = systemctl ] || [ "$1" = udevadm ]; } && [ ! -d /run/systemd/system ]; then
    say "systemd is not running here (a container?): skipped $*"
  else
    "$@"
  fi
}

services_of() {
  case "$1" in
    one-pc | server) echo "kiosk.service kiosk-backup.timer" ;;
    kiosk-pc) echo "kiosk-printer.service" ;;
    display | counter) echo "" ;;
    *) die "unknown role $1 (one-pc, server, kiosk-pc, display, counter)" ;;
  esac
}

if [ "$uninstall" -eq 1 ]; then
  [ -f "$installed_list" ] || die "nothing to remove: $installed_list is missing"
  for unit in kiosk.service kiosk-printer.service kiosk-backup.timer kiosk-backup.service; do
    act systemctl disable --now "$unit" || true
  done
  while IFS= read -r path; do
    rm -f -- "$root$path"
  done <"$installed_list"
  act systemctl daemon-reload
  rm -rf -- "$root${opt:?}/venv" "$root${opt:?}/bin" "$root${opt:?}/fonts" "$root${opt:?}/share"
  say "removed; the settings (/etc/kiosk) and the data (/var/lib/kiosk) are kept"
  exit 0
fi

# --- The bundle ---
if [ -z "$bundle" ]; then
  bundle=$(dirname "$here")
fi
bundle=$(cd "$bundle" && pwd)
[ -f "$bundle/manifest.json" ] || die "$bundle is not a kiosk bundle (no manifest.json); make one with: kiosk bundle --out DIR"
say "checking the bundle's files against SHA256SUMS"
(cd "$bundle" && sha256sum --quiet --check SHA256SUMS) || die "the bundle is damaged: copy it again"
manifest_field() {
  sed -n "s/^  \"$1\": \\(.*\\),\$/\\1/p" "$bundle/manifest.json" | tr -d '"'
}
version=$(manifest_field version)
with_dependencies=$(manifest_field dependencies)
extras=$(manifest_field extras)
[ -n "$version" ] || die "the bundle's manifest.json has no version"

# The role: the one given, else the one installed before (an upgrade), else one-pc.
screen_env="$root/etc/kiosk/screen.env"
write_screen_env=1
if [ -z "$role" ]; then
  if [ -f "$screen_env" ]; then
    role=$(sed -n 's/^KIOSK_ROLE=//p' "$screen_env")
    write_screen_env=0
  fi
  role=${role:-one-pc}
fi
services=$(services_of "$role")
say "installing kiosk $version as $role${root:+ under $root}"

# --- System packages, users ---
has_screen=0
case "$role" in one-pc | kiosk-pc | display | counter) has_screen=1 ;; esac
if [ -z "$root" ] && [ "$use_apt" -eq 1 ] && command -v apt-get >/dev/null; then
  packages="python3-venv fonts-dejavu-core"
  [ "$has_screen" -eq 1 ] && packages="$packages chromium curl unclutter x11-xserver-utils"
  # A PC with no desktop yet (a minimal Debian): the smallest one that signs a user in.
  if [ "$has_screen" -eq 1 ] && [ ! -s /etc/X11/default-display-manager ]; then
    packages="$packages xorg lightdm openbox python3-xdg"
  fi
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -q $packages || say "apt-get could not install $packages: install them from the local mirror or a USB disk"
fi

# The service user: a package records it in sysusers.d and tmpfiles.d.
mkdir -p "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d" "$root$opt/share"
: >"$actions"
: >"$installed_list.new"
put() { # put MODE SOURCE TARGET: copy one file, recorded for --uninstall
  install -D -m "$1" "$2" "$root$3"
  printf '%s\n' "$3" >>"$installed_list.new"
}
keep() { # keep MODE SOURCE TARGET: like put, but never replaces the admin's edited copy
  if [ -e "$root$3" ]; then
    say "kept $3 (yours)"
  else
    install -D -m "$1" "$2" "$root$3"
  fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'u kiosk - "Kiosk services" /var/lib/kiosk /usr/sbin/nologin\n' >"$tmp/sysusers"
put 0644 "$tmp/sysusers" /usr/lib/sysusers.d/kiosk.conf
cat >"$tmp/tmpfiles" <<'EOF'
d /var/lib/kiosk 0750 kiosk kiosk -
d /var/lib/kiosk/instance 0750 kiosk kiosk -
d /var/lib/kiosk/backups 0750 kiosk kiosk -
d /var/lib/kiosk/printer 0750 kiosk kiosk -
EOF
put 0644 "$tmp/tmpfiles" /usr/lib/tmpfiles.d/kiosk.conf
act systemd-sysusers /usr/lib/sysusers.d/kiosk.conf
for dir in /var/lib/kiosk /var/lib/kiosk/instance /var/lib/kiosk/backups /var/lib/kiosk/printer; do
  install -d -m 0750 "$root$dir"
done
act systemd-tmpfiles --create /usr/lib/tmpfiles.d/kiosk.conf
if [ "$has_screen" -eq 1 ] && ! getent passwd "$screen_user" >/dev/null 2>&1; then
  if [ "$role" = counter ]; then
    say "no user $screen_user: the counter console opens in that user's session; create it or pass --screen-user"
  else
    act useradd --create-home --shell /bin/bash --comment "Kiosk screen" "$screen_user"
  fi
fi

# --- The program: a new virtual environment from the bundle's wheels, then swapped in ---
python=${PYTHON:-python3}
say "building the program's environment with $($python --version 2>&1)"
rm -rf "$root$opt/venv.new"
"$python" -m venv "$root$opt/venv.new"
pip_args=(--no-index --find-links "$bundle/wheels" --disable-pip-version-check -q)
requirement="kiosk${extras:+[$extras]}==$version"
if [ "$with_dependencies" = "false" ]; then
  say "this bundle carries only kiosk's own wheel (made with --no-dependencies): installing it alone"
  pip_args+=(--no-deps)
  requirement="kiosk==$version"
fi
PIP_CONFIG_FILE=/dev/null "$root$opt/venv.new/bin/pip" install "${pip_args[@]}" "$requirement" ||
  die "the bundle's wheels do not fit this PC's Python ($($python --version 2>&1)); make the bundle with --python for it"
# Scripts name their interpreter by absolute path: the path they will have once swapped in.
{ grep -rlF "$root$opt/venv.new" "$root$opt/venv.new/bin" || true; } | while IFS= read -r file; do
  sed -i "s#$root$opt/venv.new#$opt/venv#g" "$file"
done
running=""
if [ -z "$root" ]; then
  for unit in kiosk.service kiosk-printer.service; do
    if systemctl is-active --quiet "$unit"; then running="$running $unit"; fi
  done
  # shellcheck disable=SC2086 # unit names
  [ -n "$running" ] && systemctl stop $running
fi
rm -rf "$root$opt/venv.old"
[ -d "$root$opt/venv" ] && mv "$root$opt/venv" "$root$opt/venv.old"
mv "$root$opt/venv.new" "$root$opt/venv"
rm -rf "$root$opt/venv.old"

# --- Launchers, units, rules, settings ---
for script in kiosk-browser kiosk-session kiosk-hall-display kiosk-counter kiosk-backup; do
  put 0755 "$here/bin/$script" "$opt/bin/$script"
done
for unit in kiosk.service kiosk-printer.service kiosk-backup.service kiosk-backup.timer; do
  put 0644 "$here/systemd/$unit" "/etc/systemd/system/$unit"
done
put 0644 "$here/udev/99-kiosk-printer.rules" /etc/udev/rules.d/99-kiosk-printer.rules
put 0644 "$here/xdg/kiosk-session.desktop" /etc/xdg/autostart/kiosk-session.desktop
put 0644 "$here/xdg/kiosk-counter.desktop" /usr/share/applications/kiosk-counter.desktop
put 0644 "$here/xdg/kiosk-hall-display.desktop" /usr/share/applications/kiosk-hall-display.desktop
cat >"$tmp/kiosk" <<'EOF'
#!/bin/sh
# `kiosk` for the administrator: the service's settings and data, as user kiosk.
if [ -r /etc/kiosk/kiosk.env ]; then set -a; . /etc/kiosk/kiosk.env; set +a; fi
export KIOSK_INSTANCE_PATH="${KIOSK_INSTANCE_PATH:-/var/lib/kiosk/instance}"
cd /var/lib/kiosk 2>/dev/null || true
if [ "$(id -u)" = 0 ]; then exec runuser -u kiosk -- /opt/kiosk/venv/bin/kiosk "$@"; fi
exec /opt/kiosk/venv/bin/kiosk "$@"
EOF
put 0755 "$tmp/kiosk" /usr/local/bin/kiosk
ln -sf "$opt/venv/bin/kiosk-printer" "$root/usr/local/bin/kiosk-printer"
printf '%s\n' /usr/local/bin/kiosk-printer >>"$installed_list.new"
if [ -d "$bundle/fonts" ]; then
  for font in "$bundle"/fonts/*; do
    put 0644 "$font" "$opt/fonts/$(basename "$font")"
  done
fi
for doc in "$bundle"/docs/*.md; do
  [ -e "$doc" ] && put 0644 "$doc" "$opt/share/docs/$(basename "$doc")"
done
put 0644 "$bundle/manifest.json" "$opt/share/manifest.json"
case "$role" in
  one-pc | kiosk-pc | display)
    put 0644 "$here/chromium/kiosk-policy.json" /etc/chromium/policies/managed/kiosk.json
    printf '[Seat:*]\nautologin-user=%s\nautologin-user-timeout=0\n' "$screen_user" >"$tmp/lightdm"
    put 0644 "$tmp/lightdm" /etc/lightdm/lightdm.conf.d/50-kiosk-autologin.conf
    ;;
esac

keep 0640 "$here/kiosk.env" /etc/kiosk/kiosk.env
act chgrp kiosk /etc/kiosk/kiosk.env
if [ "$write_screen_env" -eq 1 ]; then
  case "$role" in
    one-pc) screen=kiosk; url="$server/kiosk/" ;;
    kiosk-pc) screen=kiosk; url="$server/kiosk/" ;;
    display) screen=display; url="$server/display" ;;
    counter) screen=counter; url="$server/staff/" ;;
    *) screen=none; url="" ;;
  esac
  display_url=""
  [ "$role" = one-pc ] && [ -n "$display_position" ] && display_url="$server/display"
  cat >"$tmp/screen.env" <<EOF
# What this PC's screen shows (read by /opt/kiosk/bin/kiosk-session at login).
# Written by install.sh --role $role; edit it, or run install.sh again with --role.
KIOSK_ROLE=$role
KIOSK_SCREEN=$screen
KIOSK_SCREEN_USER=$screen_user
KIOSK_SCREEN_URL=$url
KIOSK_DISPLAY_URL=$display_url
KIOSK_DISPLAY_POSITION=$display_position
EOF
  install -D -m 0644 "$tmp/screen.env" "$screen_env"
fi
act chown -R kiosk:kiosk /var/lib/kiosk
mv "$installed_list.new" "$installed_list"

# --- Start what this role runs ---
act systemctl daemon-reload
act udevadm control --reload
act udevadm trigger --subsystem-match=usb --subsystem-match=usbmisc
for unit in $services; do
  if [ "$unit" = kiosk-printer.service ] && ! grep -q '^KIOSK_PRINTER_TOKEN=.' "$root/etc/kiosk/kiosk.env"; then
    act systemctl enable "$unit"
    say "set KIOSK_SERVER, KIOSK_PRINTER_TOKEN and KIOSK_PRINTER in /etc/kiosk/kiosk.env, then: sudo systemctl start kiosk-printer"
    continue
  fi
  act systemctl enable "$unit"
  act systemctl restart "$unit"
done
say "kiosk $version installed ($role)."
[ "$has_screen" -eq 1 ] && say "the screen starts when $screen_user signs in (automatic with LightDM)."
exit 0
