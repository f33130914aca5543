#ifndef VOUCH_CISAL_SHIM_H
#define VOUCH_CISAL_SHIM_H

#include <isa-l/igzip_lib.h>

/* ISAL_GZIP and the return codes are macros; Swift imports only the plain integer ones, so they are
   re-exported as functions to keep one spelling in Swift. */
static inline uint32_t vouch_ISAL_GZIP(void) { return ISAL_GZIP; }
/* ISAL_BLOCK_FINISH is an enumerator of an anonymous-typed field; comparing in C avoids enum import quirks. */
static inline int vouch_isal_member_finished(const struct inflate_state *state) {
    return state->block_state == ISAL_BLOCK_FINISH;
}

#endif
