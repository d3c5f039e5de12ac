#!/usr/bin/env bash
# Makes sure the programs a WebBITS command needs are on PATH, installing Debian's packages when
# they are missing. npm start, npm test (test/run-all.sh) and .ci/run all go through here.
#
#   bash test/tools/ensure-tools.sh --for "npm start" chromium
#   bash test/tools/ensure-tools.sh --for "npm test" --optional "the Firefox tests will be skipped" firefox-esr
#
# Tools: chromium (or chromium-browser), firefox-esr (or firefox), aria2c, curl.
# For each missing one it prints "WebBITS: installing Debian's <pkg> (needed for <command>)…", then
# runs apt-get update and apt-get install -y (through sudo when not root). When that cannot work (no
# apt-get, neither root nor sudo, or the install fails) it prints one sentence saying what to install:
# for required tools (the default) on stderr, exiting 1; with --optional, saying what will be left
# out, exiting 0. apt-get's own errors still reach stderr; its progress output does not.
set -uo pipefail

command_name=""
optional_consequence=""
is_optional=0
tools=()
while [ $# -gt 0 ]; do
  case $1 in
    --for)
      command_name=${2:?--for needs the command, e.g. "npm start"}
      shift 2
      ;;
    --optional)
      is_optional=1
      optional_consequence=${2:?--optional needs what is left out, e.g. "the Firefox tests will be skipped"}
      shift 2
      ;;
    -*)
      echo "ensure-tools.sh: unknown option $1" >&2
      exit 2
      ;;
    *)
      tools+=("$1")
      shift
      ;;
  esac
done

# The commands that count as the tool being present, its Debian package and its name in messages.
tool_commands() {
  case $1 in
    chromium) echo "chromium chromium-browser" ;;
    firefox-esr) echo "firefox-esr firefox" ;;
    aria2c) echo "aria2c" ;;
    curl) echo "curl" ;;
    *) return 1 ;;
  esac
}
tool_package() {
  case $1 in
    aria2c) echo "aria2" ;;
    *) echo "$1" ;;
  esac
}
tool_title() {
  case $1 in
    chromium) echo "Chromium" ;;
    firefox-esr) echo "Firefox ESR" ;;
    aria2c) echo "aria2" ;;
    *) echo "$1" ;;
  esac
}

is_present() {
  local candidate
  for candidate in $(tool_commands "$1"); do
    command -v "$candidate" >/dev/null 2>&1 && return 0
  done
  return 1
}

for tool in ${tools[@]+"${tools[@]}"}; do
  if ! tool_commands "$tool" >/dev/null; then
    echo "ensure-tools.sh: unknown tool $tool (known: chromium, firefox-esr, aria2c, curl)" >&2
    exit 2
  fi
done

missing_tools() {
  local tool
  for tool in ${tools[@]+"${tools[@]}"}; do
    is_present "$tool" || echo "$tool"
  done
}

# "a", "a and b", "a, b and c"
join_and() {
  local out="" i
  for ((i = 1; i <= $#; i++)); do
    if [ "$i" -eq 1 ]; then
      out=${!i}
    elif [ "$i" -eq $# ]; then
      out="$out and ${!i}"
    else
      out="$out, ${!i}"
    fi
  done
  echo "$out"
}

# The one sentence for tools that are still missing; exits (1 when they are required, 0 when optional).
give_up() {
  local titles=() packages=() tool it=it
  for tool in "$@"; do
    titles+=("$(tool_title "$tool")")
    packages+=("$(tool_package "$tool")")
  done
  [ $# -gt 1 ] && it=them
  local what how
  what=$(join_and "${titles[@]}")
  how="Debian/Ubuntu: sudo apt-get install ${packages[*]}"
  if [ "$is_optional" = 1 ]; then
    echo "WebBITS could not install $what ($how), so $optional_consequence." >&2
    exit 0
  fi
  if [ -n "$command_name" ]; then
    echo "WebBITS needs $what: install $it ($how) and run $command_name again." >&2
  else
    echo "WebBITS needs $what: install $it ($how) and try again." >&2
  fi
  exit 1
}

mapfile -t missing < <(missing_tools)
[ ${#missing[@]} -eq 0 ] && exit 0

# How to run apt-get as root: directly, through sudo (never prompting without a terminal), or not at all.
if ! command -v apt-get >/dev/null 2>&1; then
  give_up "${missing[@]}"
fi
sudo=()
if [ "$(id -u 2>/dev/null)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || give_up "${missing[@]}"
  if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
fi
run_apt_get() {
  if [ ${#sudo[@]} -gt 0 ]; then
    "${sudo[@]}" DEBIAN_FRONTEND=noninteractive apt-get "$@"
  else
    DEBIAN_FRONTEND=noninteractive apt-get "$@"
  fi
}

packages=()
for tool in "${missing[@]}"; do
  packages+=("$(tool_package "$tool")")
  echo "WebBITS: installing Debian's $(tool_package "$tool") (needed for ${command_name:-WebBITS})…"
done
run_apt_get update -qq >/dev/null && run_apt_get install -y -qq "${packages[@]}" >/dev/null

mapfile -t still_missing < <(missing_tools)
[ ${#still_missing[@]} -eq 0 ] && exit 0
give_up "${still_missing[@]}"
