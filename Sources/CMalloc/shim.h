// glibc's allocator tuning (malloc.h), which the Glibc Swift module does not export. Part of libc: no
// library to link, no pkg-config entry.
#pragma once
#include <malloc.h>

// mallopt with the parameter names as functions: the M_* macros are not importable constants everywhere.
static inline int _cmalloc_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
static inline int _cmalloc_set_trim_threshold(int bytes) { return mallopt(M_TRIM_THRESHOLD, bytes); }
