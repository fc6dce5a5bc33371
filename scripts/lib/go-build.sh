# Shared by the scripts that build Go programs into .cache/ (build-apiserver.sh, build-tools.sh): their
# arguments (--force, --help) and the check that Go is there. Sourced, not run.

# parse_build_args NAME HELP_RANGE ARGS...: sets FORCE=1 on --force, prints the script's help on --help.
parse_build_args() {
  local name="$1" help="$2"
  shift 2
  FORCE=0
  for arg in "$@"; do
    case "$arg" in
      --force) FORCE=1 ;;
      -h|--help) sed -n "${help}p" "$0"; exit 0 ;;
      *) echo "$name: unknown argument: $arg" >&2; exit 2 ;;
    esac
  done
}

# require_go NAME: exits with a clear message when $GO is not a command.
require_go() {
  if ! command -v "$GO" >/dev/null 2>&1; then
    echo "$1: '$GO' not found; install Go >= 1.24 or set GO=/path/to/go" >&2
    exit 1
  fi
}
