// The Swift runtime's auxiliary-executable lookup, answered as the runtime itself answers it on platforms without a
// file system (stdlib/public/runtime/Paths.cpp): there are none.
//
// The runtime asks once per process, from the crash backtracer's constructor, where `swift-backtrace` is. Its own
// version readlink()s /proc/self/exe, stats eight candidate folders next to the program, and aborts the process
// ("Unable to obtain Swift runtime path") when /proc is not mounted. A CGI program should not exec a helper found
// beside it when it crashes, so "none" is also the answer this program wants: the backtracer stays off, as it is
// whenever no `swift-backtrace` is installed. Defining the function here keeps the linker from pulling the runtime's
// object; were it pulled for another symbol, the link would fail on the duplicate.
#include "CStartup.h"

#include <stddef.h>

// The runtime's declaration (include/swift/Runtime/Paths.h): `char *swift_copyAuxiliaryExecutablePath(const char *name)`,
// a string the caller frees, or NULL when the executable is not found.
char *swift_copyAuxiliaryExecutablePath(const char *name) {
    (void)name;
    return NULL;
}
