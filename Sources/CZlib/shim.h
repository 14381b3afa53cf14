#ifndef SIGNIN_CZLIB_SHIM_H
#define SIGNIN_CZLIB_SHIM_H
#include <zlib.h>
/* deflateInit2/inflateInit2 are macros; wrap them for Swift. */
static inline int signin_deflate_init_raw(z_stream *s, int level) { return deflateInit2(s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY); }
static inline int signin_inflate_init_raw(z_stream *s) { return inflateInit2(s, -15); }
#endif
