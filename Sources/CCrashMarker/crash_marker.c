// The crash marker's signal handler, in C: what runs inside a handler must be async-signal-safe
// (no allocation, no locks), and the Swift runtime promises neither.
#include "crash_marker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 256
#define ALTERNATE_STACK (256 * 1024)

struct slot {
    volatile int active;
    pthread_t thread;
    char *line;
    size_t length;
};

static struct slot slots[SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static char *marker = NULL;
static const int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
static struct sigaction previous[sizeof(signals) / sizeof(signals[0])];
static __thread int has_alternate_stack = 0;

// Whether the signal is the thread's own crash: a fault (si_code > 0), or an abort this process
// raised. A signal another process sends is not the extractor's doing.
static int is_crash(int signal, const siginfo_t *info) {
    if (info == NULL) return 0;
    if (info->si_code > 0 && signal != SIGABRT) return 1;
    return info->si_pid == getpid();
}

static void record(int signal, siginfo_t *info, void *context) {
    (void)context;
    int index = -1;
    for (int i = 0; i < (int)(sizeof(signals) / sizeof(signals[0])); i++) {
        if (signals[i] == signal) index = i;
    }
    if (marker != NULL && is_crash(signal, info)) {
        pthread_t self = pthread_self();
        for (int i = 0; i < SLOTS; i++) {
            if (!slots[i].active || !pthread_equal(slots[i].thread, self)) continue;
            char *line = slots[i].line;
            line[0] = (char)('0' + (signal / 100) % 10);
            line[1] = (char)('0' + (signal / 10) % 10);
            line[2] = (char)('0' + signal % 10);
            int fd = open(marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (fd >= 0) {
                size_t written = 0;
                while (written < slots[i].length) {
                    ssize_t count = write(fd, line + written, slots[i].length - written);
                    if (count < 0 && errno == EINTR) continue;
                    if (count <= 0) break;
                    written += (size_t)count;
                }
                fsync(fd);
                close(fd);
            }
            break;
        }
    }
    // The handler that was there before takes the signal: a fault happens again when this
    // returns; a raised signal is raised again.
    if (index >= 0) sigaction(signal, &previous[index], NULL);
    if (info == NULL || info->si_code <= 0 || signal == SIGABRT) raise(signal);
}

int exhibit_crash_marker_install(const char *marker_path) {
    if (marker != NULL) return 0;
    marker = strdup(marker_path);
    if (marker == NULL) return -1;
    for (int i = 0; i < (int)(sizeof(signals) / sizeof(signals[0])); i++) {
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_sigaction = record;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        if (sigaction(signals[i], &action, &previous[i]) != 0) return -1;
    }
    return 0;
}

// An alternate stack for the calling thread, unless it has one: a handler for a stack overflow
// cannot run on the stack that overflowed. Threads that walk originals are kept for the next
// walk, so the stack is kept with them.
static void prepare_thread(void) {
    if (has_alternate_stack) return;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) {
        has_alternate_stack = 1;
        return;
    }
    stack_t stack;
    stack.ss_sp = malloc(ALTERNATE_STACK);
    if (stack.ss_sp == NULL) return;
    stack.ss_size = ALTERNATE_STACK;
    stack.ss_flags = 0;
    if (sigaltstack(&stack, NULL) == 0) has_alternate_stack = 1; else free(stack.ss_sp);
}

int exhibit_crash_marker_begin(const char *line, size_t length) {
    prepare_thread();
    char *copy = malloc(length);
    if (copy == NULL) return -1;
    memcpy(copy, line, length);
    pthread_mutex_lock(&slots_lock);
    int found = -1;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].active) continue;
        slots[i].thread = pthread_self();
        slots[i].line = copy;
        slots[i].length = length;
        __atomic_store_n(&slots[i].active, 1, __ATOMIC_RELEASE);
        found = i;
        break;
    }
    pthread_mutex_unlock(&slots_lock);
    if (found < 0) free(copy);
    return found;
}

void exhibit_crash_marker_end(int registration) {
    if (registration < 0 || registration >= SLOTS) return;
    pthread_mutex_lock(&slots_lock);
    __atomic_store_n(&slots[registration].active, 0, __ATOMIC_RELEASE);
    char *line = slots[registration].line;
    slots[registration].line = NULL;
    pthread_mutex_unlock(&slots_lock);
    free(line);
}
