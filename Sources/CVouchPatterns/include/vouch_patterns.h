#ifndef VOUCH_PATTERNS_H
#define VOUCH_PATTERNS_H

/* The built-in secret rules' Vectorscan database, compiled ahead of time for a generic CPU of the
   build's architecture and embedded in the binary (builtin-patterns.S includes builtin-patterns.bin);
   VouchRegex loads it when the rules' hash matches, so a first scan does not compile. */
const unsigned char *vouch_builtin_patterns(void);
unsigned long vouch_builtin_patterns_size(void);

#endif
