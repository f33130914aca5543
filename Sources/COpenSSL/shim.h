#ifndef VOUCH_COPENSSL_SHIM_H
#define VOUCH_COPENSSL_SHIM_H

#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

/* EVP_MD_CTX_size is a macro in OpenSSL 3; Swift cannot call macros. */
static inline int vouch_EVP_MD_CTX_size(const EVP_MD_CTX *ctx) {
    return EVP_MD_get_size(EVP_MD_CTX_get0_md(ctx));
}

#endif
