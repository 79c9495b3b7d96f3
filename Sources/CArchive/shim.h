// libarchive for Swift: the read and write APIs and archive entries.
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

// archive_set_error is variadic, which Swift cannot call: this passes one message through.
static inline void exhibit_archive_set_error(struct archive *archive, int code, const char *message) {
    archive_set_error(archive, code, "%s", message);
}
