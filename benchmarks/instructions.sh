#!/usr/bin/env bash
# Instructions (millions) for one cold start, counted by valgrind: deterministic, so a busy machine does not
# blur a few-percent change the way wall time does. Same environment as run.py's cold start (.venv-others,
# its bytecode cache, our tree on PYTHONPATH). Needs valgrind and a running fake server.
#
#   benchmarks/instructions.sh ours PORT [TREE]    # seller-central from TREE (default: this checkout)
#   benchmarks/instructions.sh httpx PORT          # the bare-httpx floor
#   benchmarks/instructions.sh deps PORT           # the dependency floor (cold_start.dependency_floor)
#
# Run it twice after a change and read the second figure: the first one includes byte-compiling.
set -euo pipefail
client=$1 port=$2
here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "${3:-$here/..}" && pwd)
unset PYTHONDONTWRITEBYTECODE PYTHONPATH
if [ "$client" = ours ]; then
    export PYTHONPATH="$tree/facade:$tree/generated:$here/.venv-others/ours-deps"
elif [ "$client" = deps ]; then  # the dependency floor: click importable, as beside seller-central
    export PYTHONPATH="$here/.venv-others/ours-deps"
fi
PYTHONPYCACHEPREFIX="$here/.venv-others/pycache" valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file=/dev/null "$here/.venv-others/bin/python" "$here/cold_start.py" "$client" "$port" 2>&1 \
    | awk '/I[[:space:]]+refs/ {gsub(",", "", $4); printf "%s: %.1f M instructions\n", "'$client'", $4 / 1e6}'
