#ifndef PALISADE_SPAWN_H
#define PALISADE_SPAWN_H
#include <sys/types.h>

/// Where a spawn failed (see `palisade_spawn`).
enum palisade_spawn_stage {
    PALISADE_SPAWN_OK = 0,
    PALISADE_SPAWN_PIPE = 1,
    PALISADE_SPAWN_FORK = 2,
    PALISADE_SPAWN_SETUP = 3,
    PALISADE_SPAWN_EXEC = 4,
};

/// fork + execve for a supervised child. Between fork and exec the child (async-signal-safe calls only):
/// puts itself in its own process group (pgid = pid), asks for `death_signal` when the forking thread dies
/// (PR_SET_PDEATHSIG; Linux), exits at once if the parent is already gone, resets every signal disposition to
/// the default and unblocks all signals, wires stdin to /dev/null and stdout/stderr to `out_fd`, and marks
/// every other descriptor close-on-exec. An exec failure is reported back over a CLOEXEC pipe, and the
/// failed child is reaped here.
///
/// Returns the child's pid (> 0), or -1 with `*failed_stage` and `*failed_errno` set.
/// Call it from a long-lived thread: the death signal fires when the *thread* that forked exits.
pid_t palisade_spawn(const char *path, char *const argv[], char *const envp[], int out_fd, int death_signal,
                     int *failed_stage, int *failed_errno);

/// Wait for `pid` (blocking, restarting on EINTR). Returns 0 and fills `exit_code` (>= 0 when it exited)
/// or `term_signal` (> 0 when a signal ended it); -1 with errno on failure.
int palisade_wait(pid_t pid, int *exit_code, int *term_signal);
#endif
