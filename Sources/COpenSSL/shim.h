#ifndef VOUCH_COPENSSL_SHIM_H
#define VOUCH_COPENSSL_SHIM_H

#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

/* EVP_MD_CTX_size is a macro in OpenSSL 3; Swift cannot call macros. */
static inline int vouch_EVP_MD_CTX_size(const EVP_MD_CTX *ctx) {
    return EVP_MD_get_size(EVP_MD_CTX_get0_md(ctx));
}

/* SHA-1 in one call through the low-level interface, which needs no provider fetch and so no library
 * initialization (about 1 ms per process, which `vouch sbom` otherwise pays for its UUIDv5 alone).
 * Deprecated since OpenSSL 3.0 in favour of EVP, still present; only for SHA-1 that specifications fix
 * (UUIDv5, SPDX checksums). */
#include <openssl/sha.h>
static inline void vouch_SHA1_oneshot(const void *data, size_t count, unsigned char out[20]) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    SHA_CTX context;
    SHA1_Init(&context);
    SHA1_Update(&context, data, count);
    SHA1_Final(out, &context);
#pragma GCC diagnostic pop
}

/* X.509 chains, RFC 3161 timestamps (issue 16, keyless Sigstore verification). */
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/ts.h>
#include <openssl/bio.h>

/* STACK_OF(X509) operations are macros over OPENSSL_sk_*; Swift cannot call macros. */
static inline STACK_OF(X509) *vouch_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int vouch_sk_X509_push(STACK_OF(X509) *stack, X509 *certificate) { return sk_X509_push(stack, certificate); }
static inline int vouch_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *vouch_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
static inline void vouch_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }

#endif
