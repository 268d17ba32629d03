# Sourced (not run) by the bench scripts that make Docker containers of their own, named PREFIX-...

# remove_prefixed PREFIX: removes every container whose name starts with PREFIX-, one `docker rm -f` each
# ($DOCKER, else docker from the PATH). One call with 201 ids left Debian's dockerd 20.10.24 hung, with 144
# of them still there, until it was restarted (bench/README.md, "The probes' own event loop"); one at a
# time they went at once. Returns 1 when the engine did not answer or a removal failed.
remove_prefixed() {
  local ids id rc=0
  ids=$("${DOCKER:-docker}" ps -aq --filter "name=^/$1-" 2>/dev/null) || return 1
  for id in $ids; do "${DOCKER:-docker}" rm -f "$id" >/dev/null 2>&1 || rc=1; done
  return "$rc"
}
