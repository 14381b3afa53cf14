// The Swift floor: the least a Swift program does, built like the release binary (fully static, -Osize, lld).
// It answers as the C floor does (bench/floor.c), so that Apache can run it as a CGI program too.
print("Status: 302 Found\r\nLocation: /cgi-bin/signin.cgi/login\r\nContent-Length: 0\r\n", terminator: "\r\n")
