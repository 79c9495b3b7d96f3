// ISA-L's inflate (igzip) for Swift: gzip decompression, faster than zlib's.
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>
