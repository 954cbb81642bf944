#define _GNU_SOURCE
#include "palisade_spawn.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

struct spawn_failure { int stage; int err; };

static void child_fail(int pipe_fd, int stage) {
    struct spawn_failure f = { stage, errno };
    ssize_t r;
    do { r = write(pipe_fd, &f, sizeof f); } while (r < 0 && errno == EINTR);
    _exit(127);
}

static void mark_all_cloexec(long max_fd) {
#if defined(__linux__) && defined(SYS_close_range)
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
#endif
    for (long fd = 3; fd < max_fd; fd++) {
        int flags = fcntl((int)fd, F_GETFD);
        if (flags >= 0) fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

pid_t palisade_spawn(const char *path, char *const argv[], char *const envp[], int out_fd, int death_signal,
                     int *failed_stage, int *failed_errno) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        *failed_stage = PALISADE_SPAWN_PIPE; *failed_errno = errno; return -1;
    }
    long max_fd = sysconf(_SC_OPEN_MAX);
    if (max_fd <= 0 || max_fd > 65536) max_fd = 65536;
    pid_t parent = getpid();

    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(pipe_fds[0]); close(pipe_fds[1]);
        *failed_stage = PALISADE_SPAWN_FORK; *failed_errno = e; return -1;
    }
    if (pid == 0) {
        int w = pipe_fds[1];
        close(pipe_fds[0]);
        if (setpgid(0, 0) != 0) child_fail(w, PALISADE_SPAWN_SETUP);
#ifdef __linux__
        if (death_signal > 0 && prctl(PR_SET_PDEATHSIG, death_signal, 0, 0, 0) != 0) child_fail(w, PALISADE_SPAWN_SETUP);
#endif
        // The parent may have died between fork and prctl: then nobody would ever signal us.
        if (getppid() != parent) _exit(0);
        struct sigaction dfl;
        dfl.sa_handler = SIG_DFL;
        dfl.sa_flags = 0;
        sigemptyset(&dfl.sa_mask);
        for (int s = 1; s < NSIG; s++) {
            if (s == SIGKILL || s == SIGSTOP) continue;
            sigaction(s, &dfl, NULL);  // fails harmlessly for signals glibc reserves
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull < 0) child_fail(w, PALISADE_SPAWN_SETUP);
        if (dup2(devnull, 0) < 0) child_fail(w, PALISADE_SPAWN_SETUP);
        if (devnull != 0) close(devnull);
        if (out_fd >= 0) {
            if (dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0) child_fail(w, PALISADE_SPAWN_SETUP);
        }
        mark_all_cloexec(max_fd);
        execve(path, argv, envp);
        child_fail(w, PALISADE_SPAWN_EXEC);
    }

    // Parent: also set the group here so it holds before we ever signal -pid (the usual race).
    (void)setpgid(pid, pid);
    close(pipe_fds[1]);
    struct spawn_failure f;
    ssize_t n;
    do { n = read(pipe_fds[0], &f, sizeof f); } while (n < 0 && errno == EINTR);
    close(pipe_fds[0]);
    if (n == (ssize_t)sizeof f) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *failed_stage = f.stage; *failed_errno = f.err; return -1;
    }
    *failed_stage = PALISADE_SPAWN_OK; *failed_errno = 0;
    return pid;
}

int palisade_wait(pid_t pid, int *exit_code, int *term_signal) {
    int status = 0;
    pid_t r;
    do { r = waitpid(pid, &status, 0); } while (r < 0 && errno == EINTR);
    if (r < 0) return -1;
    *exit_code = -1; *term_signal = 0;
    if (WIFEXITED(status)) *exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) *term_signal = WTERMSIG(status);
    return 0;
}
