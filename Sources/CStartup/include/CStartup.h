// CStartup has no interface: its one object replaces a Swift runtime start-up step at link time (ArgumentVector.c).
#ifndef SIGNIN_CSTARTUP_H
#define SIGNIN_CSTARTUP_H
#endif
