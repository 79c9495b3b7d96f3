// liblzma for Swift: xz, .lzma and lzip decoding with a memory limit, which libarchive's own
// xz filter does not set (it passes UINT64_MAX).
#include <lzma.h>
