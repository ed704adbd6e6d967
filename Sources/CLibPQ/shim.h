#ifndef PGA_CLIBPQ_SHIM_H
#define PGA_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
