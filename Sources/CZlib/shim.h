#ifndef SIGNIN_CZLIB_SHIM_H
#define SIGNIN_CZLIB_SHIM_H
#include <zlib.h>
/* deflateInit2/inflateInit2 are macros; wrap them for Swift.
 * Deflate with an 8 KiB window (-13: raw, RFC 1951) and memLevel 7: ~96 KiB of state instead of zlib's default
 * 256 KiB (which malloc maps fresh and the hash table's zeroing faults in page by page). A session cookie's payload
 * is a few KiB, and on an Entra-sized one these settings give the same compressed size as the defaults. Inflate
 * keeps the full 32 KiB window, so it reads any raw DEFLATE stream (RFC 7516 §4.1.3). */
static inline int signin_deflate_init_raw(z_stream *s, int level) { return deflateInit2(s, level, Z_DEFLATED, -13, 7, Z_DEFAULT_STRATEGY); }
static inline int signin_inflate_init_raw(z_stream *s) { return inflateInit2(s, -15); }
#endif
