#!/usr/bin/env bash
# The launcher's own time: how long bin/run takes before the JVM runs the agent (bench/README.md, "The
# launcher's own time"). Each round times `JAVA_OPTS=-version bin/run` (bin/run's whole path, its checks,
# bin/cds-archive's and the JVM's choice, then a JVM with bin/run's flags and archive that prints its
# version and exits) and the same java with the same flags and archive started directly; the difference
# is the launcher's. With BASELINE=<another checkout>, that checkout's bin/run takes its turn in each
# round too (its quarkus-app must be built, its archive made, and its sources not newer than its jar, or
# its bin/run would build first).
#
# Usage: RUNS=6 [BASELINE=/path/to/checkout] bench/launcher.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-6}
ms_of() { # ms_of COMMAND...: runs it, output discarded, and prints its wall time in ms
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}
archive=$(bin/cds-archive)
java=$(bin/jvm)
read -r -a flags <<<"$(bin/jvm --flags)"
direct=() this=() base=()
for ((i = 0; i < RUNS; i++)); do
  direct+=("$(ms_of "$java" "${flags[@]}" "$archive" -version)")
  this+=("$(JAVA_OPTS=-version ms_of bin/run)")
  [[ -z ${BASELINE:-} ]] || base+=("$(JAVA_OPTS=-version ms_of "$BASELINE/bin/run")")
done
echo "java -version, started directly, ms: ${direct[*]}"
echo "bin/run (JAVA_OPTS=-version), ms:     ${this[*]}"
[[ -z ${BASELINE:-} ]] || echo "BASELINE's bin/run, ms:              ${base[*]}"
