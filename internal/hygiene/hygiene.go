// Package hygiene hardens the Sparekey process against leaking its
// secrets through the operating system, before anything else runs.
//
// On Linux, Harden forbids core dumps: RLIMIT_CORE is set to 0 (soft and
// hard, so nothing in the process can raise it again), and the process is
// made non-dumpable (prctl PR_SET_DUMPABLE 0), which also covers a core
// pattern that pipes to a handler such as systemd-coredump (it ignores
// RLIMIT_CORE) and stops other processes of the same user, debuggers
// included, from attaching with ptrace or reading /proc/<pid>/mem. A
// crash then leaves no copy of the vault key, the TOTP secret or the
// backup codes on disk.
//
// On other systems Harden does nothing; docs/SECURITY.md says what macOS
// and Windows do instead.
package hygiene
