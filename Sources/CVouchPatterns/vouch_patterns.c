#include "vouch_patterns.h"

extern const unsigned char vouch_builtin_patterns_start[];
extern const unsigned char vouch_builtin_patterns_end[];

const unsigned char *vouch_builtin_patterns(void) { return vouch_builtin_patterns_start; }
unsigned long vouch_builtin_patterns_size(void) { return (unsigned long)(vouch_builtin_patterns_end - vouch_builtin_patterns_start); }
