/* The floor: the least a CGI program can do, answer with a redirect. Built with gcc -O2 -static by scripts/bench;
 * its per-request time is what process start costs on this machine. */
#include <unistd.h>

int main(void) {
    static const char answer[] = "Status: 302 Found\r\nLocation: /cgi-bin/signin.cgi/login\r\nContent-Length: 0\r\n\r\n";
    return write(1, answer, sizeof answer - 1) == (ssize_t)(sizeof answer - 1) ? 0 : 1;
}
