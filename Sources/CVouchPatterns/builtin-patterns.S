/* Embeds include/builtin-patterns.bin (written by `VOUCH_RECORD_PATTERNS=1 swift test --filter
   EmbeddedPatternDatabaseTests`) as read-only data; the assembler finds it through the target's
   include directory. */
    .section .rodata
    .balign 64
    .globl vouch_builtin_patterns_start
vouch_builtin_patterns_start:
    .incbin "builtin-patterns.bin"
    .globl vouch_builtin_patterns_end
vouch_builtin_patterns_end:
    .byte 0
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack,"",%progbits
#endif
