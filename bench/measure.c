/* Runs one program and reports its wall time and peak memory, for bench/bench.py.
 *   measure PROGRAM [ARGS...]   (environment, stdin, stdout and stderr are passed through)
 * Writes "<wall ns> <max RSS KiB> <wait status> <minor page faults>\n" to fd 3.
 * Why not wait4 from Python: a child's ru_maxrss also counts the memory its parent had before exec
 * (Linux keeps the pre-exec high-water mark), so children of a 40 MB Python all "peak" at 40 MB; this
 * helper is a few hundred KiB, so the figure it reports is the program's own. */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 2) { fputs("usage: measure PROGRAM [ARGS...]\n", stderr); return 2; }
    FILE *report = fdopen(3, "w");
    if (report == NULL || fcntl(3, F_SETFD, FD_CLOEXEC) != 0) { perror("measure: fd 3"); return 2; }
    struct timespec start, end;
    pid_t pid;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = posix_spawn(&pid, argv[1], NULL, NULL, argv + 1, environ);
    if (rc != 0) { fprintf(stderr, "measure: cannot run %s (error %d)\n", argv[1], rc); return 2; }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) != pid) { perror("measure: wait4"); return 2; }
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long ns = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    fprintf(report, "%lld %ld %d %ld\n", ns, usage.ru_maxrss, status, usage.ru_minflt);
    return fclose(report) == 0 ? 0 : 2;
}
