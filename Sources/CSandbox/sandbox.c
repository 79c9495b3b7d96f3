// The sandbox for external extractors: a child started with fork and exec, whose protections are
// applied in the child between the two, with system calls only (no allocation, no locks: the
// parent is multithreaded, so the child may call only async-signal-safe functions). Foundation's
// Process and swift-subprocess give no hook there for rlimits, a process group, no_new_privs,
// namespaces or Landlock.
#define _GNU_SOURCE
#include "CSandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

// Landlock, declared here so that an older kernel header does not limit what is asked for.
struct landlock_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};
struct landlock_path_beneath {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_FS_WRITES_ABI1 ((1ULL << 1) | (1ULL << 4) | (1ULL << 5) | (1ULL << 6) | (1ULL << 7) | (1ULL << 8) | \
                           (1ULL << 9) | (1ULL << 10) | (1ULL << 11) | (1ULL << 12))
#define LL_FS_REFER (1ULL << 13)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_RULE_PATH_BENEATH 1
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)

/// Applies Landlock: no writes anywhere (and, from ABI 4, no TCP) for the child and what it runs.
static int restrict_with_landlock(int deny_writes, int deny_network) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    if (abi < 1) return 0;
    struct landlock_attr attr;
    memset(&attr, 0, sizeof attr);
    if (deny_writes) {
        attr.handled_access_fs = LL_FS_WRITES_ABI1;
        if (abi >= 2) attr.handled_access_fs |= LL_FS_REFER;
        if (abi >= 3) attr.handled_access_fs |= LL_FS_TRUNCATE;
    }
    size_t size = 8;
    if (deny_network && abi >= 4) {
        attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
        size = 16;
    }
    if (attr.handled_access_fs == 0 && attr.handled_access_net == 0) return 0;
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) return 0;
    // One rule: /dev/null may be written (programs and their launchers throw output there);
    // everything else handled is denied everywhere.
    if (deny_writes) {
        int null_fd = open("/dev/null", O_PATH | O_CLOEXEC);
        if (null_fd >= 0) {
            struct landlock_path_beneath rule = { LL_FS_WRITE_FILE | (abi >= 3 ? LL_FS_TRUNCATE : 0), null_fd };
            syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
            close(null_fd);
        }
    }
    int applied = syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
    close(ruleset);
    if (!applied) return 0;
    return (attr.handled_access_fs ? EXHIBIT_SANDBOX_LANDLOCK_WRITES : 0)
        | (attr.handled_access_net ? EXHIBIT_SANDBOX_LANDLOCK_NETWORK : 0);
}

static int set_limit(int resource, unsigned long long value) {
    struct rlimit limit = { (rlim_t)value, (rlim_t)value };
    return setrlimit(resource, &limit) == 0;
}

/// The child, between fork and exec. Reports the protections applied, then execs; on failure
/// reports errno after them. Never returns.
static void child(const char *path, char *const argv[], char *const envp[], const char *directory,
                  const struct exhibit_sandbox_limits *limits, int in_fd, int out_fd, int err_fd, int status_fd) {
    int applied = 0;
    // Default signal dispositions: the host ignores SIGPIPE; the plugin should not inherit that.
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (setpgid(0, 0) == 0) applied |= EXHIBIT_SANDBOX_PROCESS_GROUP;
    // The pipes first move above the descriptors they are about to replace, then take their
    // places: standard input, output and error, and the status pipe as 3 (closed on exec).
    in_fd = fcntl(in_fd, F_DUPFD, 10);
    out_fd = fcntl(out_fd, F_DUPFD, 10);
    err_fd = fcntl(err_fd, F_DUPFD, 10);
    status_fd = fcntl(status_fd, F_DUPFD, 10);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0 || status_fd < 0) _exit(127);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0 || dup3(status_fd, 3, O_CLOEXEC) < 0) _exit(127);
    // Nothing inherited but the three pipes: every other descriptor closed.
    if (syscall(SYS_close_range, 4U, ~0U, 0) != 0) {
        for (int fd = 4; fd < 65536; fd++) close(fd);
    }
    applied |= EXHIBIT_SANDBOX_CLOSED_DESCRIPTORS;
    if (directory && chdir(directory) != 0) {
        int error = errno, none = -1;
        (void)!write(3, &none, sizeof none);
        (void)!write(3, &error, sizeof error);
        _exit(127);
    }
    int limits_ok = 1;
    if (limits->memory_bytes) limits_ok &= set_limit(RLIMIT_AS, limits->memory_bytes);
    if (limits->cpu_seconds) limits_ok &= set_limit(RLIMIT_CPU, limits->cpu_seconds);
    if (limits->open_files) limits_ok &= set_limit(RLIMIT_NOFILE, limits->open_files);
    limits_ok &= set_limit(RLIMIT_CORE, 0);
    if (limits->deny_writes) limits_ok &= set_limit(RLIMIT_FSIZE, 0);
    if (limits_ok) applied |= EXHIBIT_SANDBOX_RLIMITS;
    if (limits->deny_network && unshare(CLONE_NEWNET) == 0) applied |= EXHIBIT_SANDBOX_NETWORK_NAMESPACE;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0) applied |= EXHIBIT_SANDBOX_NO_NEW_PRIVILEGES;
    applied |= restrict_with_landlock(limits->deny_writes, limits->deny_network);
    (void)!write(3, &applied, sizeof applied);
    execve(path, argv, envp);
    int error = errno;
    (void)!write(3, &error, sizeof error);
    _exit(127);
}

int exhibit_sandbox_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                          const struct exhibit_sandbox_limits *limits, pid_t *pid, int *stdin_fd, int *stdout_fd,
                          int *stderr_fd, int *applied) {
    int in_pipe[2], out_pipe[2], err_pipe[2], status_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0) return errno;
    if (pipe2(out_pipe, O_CLOEXEC) != 0) { int e = errno; close(in_pipe[0]); close(in_pipe[1]); return e; }
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        int e = errno; close(in_pipe[0]); close(in_pipe[1]); close(out_pipe[0]); close(out_pipe[1]); return e;
    }
    if (pipe2(status_pipe, O_CLOEXEC) != 0) {
        int e = errno;
        close(in_pipe[0]); close(in_pipe[1]); close(out_pipe[0]); close(out_pipe[1]); close(err_pipe[0]); close(err_pipe[1]);
        return e;
    }
    pid_t child_pid = fork();
    if (child_pid < 0) {
        int e = errno;
        close(in_pipe[0]); close(in_pipe[1]); close(out_pipe[0]); close(out_pipe[1]); close(err_pipe[0]);
        close(err_pipe[1]); close(status_pipe[0]); close(status_pipe[1]);
        return e;
    }
    if (child_pid == 0) {
        child(path, argv, envp, directory, limits, in_pipe[0], out_pipe[1], err_pipe[1], status_pipe[1]);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(status_pipe[1]);
    setpgid(child_pid, child_pid);   // also from here, so the group exists before we signal it
    int flags = 0, error = 0;
    ssize_t got = read(status_pipe[0], &flags, sizeof flags);
    ssize_t failed = got == sizeof flags ? read(status_pipe[0], &error, sizeof error) : 0;
    close(status_pipe[0]);
    if (got != sizeof flags || flags == -1 || failed == sizeof error) {
        close(in_pipe[1]); close(out_pipe[0]); close(err_pipe[0]);
        waitpid(child_pid, NULL, 0);
        return failed == sizeof error && error ? error : ECHILD;
    }
    *pid = child_pid;
    *stdin_fd = in_pipe[1];
    *stdout_fd = out_pipe[0];
    *stderr_fd = err_pipe[0];
    *applied = flags;
    return 0;
}
