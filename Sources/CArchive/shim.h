// libarchive for Swift: the read and write APIs and archive entries.
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
