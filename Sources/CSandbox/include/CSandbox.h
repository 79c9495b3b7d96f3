#ifndef EXHIBIT_CSANDBOX_H
#define EXHIBIT_CSANDBOX_H

#include <sys/types.h>

/// What a sandboxed child runs under. Zero means "no limit" for the numbers.
struct exhibit_sandbox_limits {
    unsigned long long memory_bytes;   // RLIMIT_AS
    unsigned long long cpu_seconds;    // RLIMIT_CPU
    unsigned long long open_files;     // RLIMIT_NOFILE
    int deny_network;                  // a new, empty network namespace (and Landlock TCP rules)
    int deny_writes;                   // Landlock: no file-system writes; RLIMIT_FSIZE 0
};

/// Protections the child had in force when it executed the program (bits of `applied`).
enum {
    EXHIBIT_SANDBOX_RLIMITS = 1 << 0,
    EXHIBIT_SANDBOX_PROCESS_GROUP = 1 << 1,
    EXHIBIT_SANDBOX_NO_NEW_PRIVILEGES = 1 << 2,
    EXHIBIT_SANDBOX_NETWORK_NAMESPACE = 1 << 3,
    EXHIBIT_SANDBOX_LANDLOCK_WRITES = 1 << 4,
    EXHIBIT_SANDBOX_LANDLOCK_NETWORK = 1 << 5,
    EXHIBIT_SANDBOX_CLOSED_DESCRIPTORS = 1 << 6,
};

/// Starts `path` with `argv` and `envp` in `directory`, its standard input, output and error
/// connected to new pipes (returned: the parent's ends, close-on-exec), in a process group of
/// its own, with the limits applied in the child just before exec. Returns 0 and fills `pid`,
/// `applied`; or an errno value (the exec's, when the program could not be started).
int exhibit_sandbox_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                          const struct exhibit_sandbox_limits *limits, pid_t *pid, int *stdin_fd, int *stdout_fd,
                          int *stderr_fd, int *applied);

#endif
