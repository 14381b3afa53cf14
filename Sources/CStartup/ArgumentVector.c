// The process's argument vector for the Swift runtime, taken from what the C library hands every constructor.
//
// `CommandLine.arguments` asks the runtime's `_swift_stdlib_getUnsafeArgvArgc`. On Linux the runtime's own version
// finds argv by running a constructor in every process that opens /proc/self/maps, parses each line with sscanf and
// walks the initial stack back from `environ` (about 58,000 instructions and four system calls, some 15 % of a
// signed-out request; docs/startup.md). glibc calls each `.init_array` function with (argc, argv, envp), static
// programs included, so this file defines the same function over those two values. Because the program's own object
// defines the symbol, the linker never pulls the runtime's object (and its constructor) out of libswiftCore.a; were
// it pulled for another symbol, the link would fail on the duplicate instead of running two versions.
#include "CStartup.h"

#include <stddef.h>

static char **captured_argv;
static int captured_argc;
static char *no_arguments[] = { NULL };

__attribute__((constructor)) static void signin_capture_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    captured_argc = argc;
    captured_argv = argv;
}

// The runtime's declaration (stdlib/public/CommandLineSupport): `SWIFT_CC(swift) char **(int *outArgLen)`.
__attribute__((swiftcall)) char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    if (captured_argv == NULL) {
        *outArgLen = 0;
        return no_arguments;
    }
    *outArgLen = captured_argc;
    return captured_argv;
}
