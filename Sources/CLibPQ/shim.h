#ifndef VERNIER_CLIBPQ_SHIM_H
#define VERNIER_CLIBPQ_SHIM_H

// libpq, PostgreSQL's C client, as shipped by Debian's libpq-dev (headers in /usr/include/postgresql).
#include <libpq-fe.h>

#endif
