#ifndef VOUCH_CARCHIVE_SHIM_H
#define VOUCH_CARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>

/* The AE_IF* file-type constants are macros with casts, which Swift does not import. */
static inline unsigned int vouch_AE_IFREG(void) { return AE_IFREG; }
static inline unsigned int vouch_AE_IFLNK(void) { return AE_IFLNK; }
static inline unsigned int vouch_AE_IFDIR(void) { return AE_IFDIR; }
static inline unsigned int vouch_AE_IFCHR(void) { return AE_IFCHR; }
static inline unsigned int vouch_AE_IFBLK(void) { return AE_IFBLK; }
static inline unsigned int vouch_AE_IFIFO(void) { return AE_IFIFO; }
static inline unsigned int vouch_AE_IFSOCK(void) { return AE_IFSOCK; }

#endif
