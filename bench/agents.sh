# Sourced (not run) by the bench scripts that measure agents already running, each given on the command
# line as NAME:PID:PORT (interleaved.sh, spaced-scrapes.sh, scrape-rounds.sh).

# agents_parse NAME:PID:PORT...: sets names (the names in order) and pid[NAME], port[NAME]; exits 2 on a
# malformed argument or a process that is not running.
agents_parse() {
  local a name p po
  names=()
  declare -gA pid=() port=()
  for a in "$@"; do
    IFS=: read -r name p po <<<"$a"
    [[ -n $name && -r /proc/$p/stat && $po =~ ^[0-9]+$ ]] || { echo "bad agent $a (NAME:PID:PORT)" >&2; exit 2; }
    names+=("$name")
    pid[$name]=$p
    port[$name]=$po
  done
}

# cpu_ns PID: the process's on-CPU time so far, ns, summed over its threads (schedstat; finer than ticks).
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }

# now_ns: wall clock, ns.
now_ns() { date +%s%N; }
