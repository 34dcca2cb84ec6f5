#ifndef VERNIER_CNLOPT_SHIM_H
#define VERNIER_CNLOPT_SHIM_H

// NLopt as shipped by Debian's libnlopt-dev (2.7): the C API only (nlopt.h), no C++ wrapper.
#include <nlopt.h>

#endif
