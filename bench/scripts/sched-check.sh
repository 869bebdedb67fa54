# Sourced by the scripts that pin the archive to one core. With the kernel's autogroup scheduling on
# (kernel.sched_autogroup_enabled = 1, the default on most distributions), the embedded PostgreSQL, which
# pg_ctl starts in a session of its own, is a scheduling group of its own beside the archive's JVM. Pinned
# to one core together, a PostgreSQL backend that had work waited up to 1.2 s for the core (perf sched,
# bench/RESULTS.md session 11), so queries took seconds now and then; with autogroup off, none did.
# Unpinned runs do not show it. Warn rather than change a kernel setting behind the user's back.
if [ -z "$UNPINNED" ] && [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = 1 ]; then
  echo "warning: kernel.sched_autogroup_enabled is 1: pinned to one core, the archive's PostgreSQL stalls for" \
       "seconds at times (bench/RESULTS.md, session 11). For comparable numbers, as root first:" \
       "sysctl kernel.sched_autogroup_enabled=0" >&2
fi
