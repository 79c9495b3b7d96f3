#ifndef EXHIBIT_CRASH_MARKER_H
#define EXHIBIT_CRASH_MARKER_H

#include <stddef.h>

/// Installs handlers for the signals of a crash (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE,
/// SIGABRT) that append, to the file at `marker_path`, the line the crashing thread registered
/// with `exhibit_crash_marker_begin`, then hand the signal to the handler that was there before
/// (the process still dies of it). Once per process; returns 0, or -1 if it could not.
int exhibit_crash_marker_install(const char *marker_path);

/// Registers the calling thread's line until `exhibit_crash_marker_end`: `line` (copied) must
/// begin with three characters the handler replaces with the signal's number. Gives the thread
/// an alternate signal stack first, so that a stack overflow can still be recorded. Returns the
/// registration, or -1 when none is free.
int exhibit_crash_marker_begin(const char *line, size_t length);

/// Ends a registration.
void exhibit_crash_marker_end(int registration);

#endif
