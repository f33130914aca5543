#ifndef VOUCH_CPCRE2_SHIM_H
#define VOUCH_CPCRE2_SHIM_H

/* pcre2.h declares nothing until a code unit width is chosen; Vouch matches bytes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* PCRE2_UNSET is a cast expression macro, which Swift does not import. */
static inline PCRE2_SIZE vouch_pcre2_unset(void) { return PCRE2_UNSET; }

#endif
