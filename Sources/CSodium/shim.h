#ifndef VOUCH_CSODIUM_SHIM_H
#define VOUCH_CSODIUM_SHIM_H

/* libsodium: XSalsa20-Poly1305 (NaCl secretbox) for cosign's encrypted key format, which OpenSSL lacks. */
#include <sodium.h>

#endif
