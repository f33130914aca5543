#ifndef VOUCH_CVECTORSCAN_SHIM_H
#define VOUCH_CVECTORSCAN_SHIM_H

/* Vectorscan ships the Hyperscan API under /usr/include/hs (pkg-config libhs). */
#include <hs.h>

#endif
