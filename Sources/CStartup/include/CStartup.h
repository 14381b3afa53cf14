// CStartup has no interface: its objects replace Swift runtime start-up steps at link time (ArgumentVector.c,
// AuxiliaryExecutables.c).
#ifndef SIGNIN_CSTARTUP_H
#define SIGNIN_CSTARTUP_H
#endif
