#ifndef PGA_COPENSSL_SHIM_H
#define PGA_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>

/* Function-like macros Swift cannot import, wrapped as inline functions. */

static inline int pga_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int pga_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline int pga_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline long pga_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline long pga_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline EVP_PKEY *pga_EVP_EC_gen(const char *curve) {
    return EVP_EC_gen(curve);
}

static inline void pga_OPENSSL_free(void *ptr) {
    OPENSSL_free(ptr);
}

static inline uint64_t pga_SSL_CTX_set_options(SSL_CTX *ctx, uint64_t options) {
    return SSL_CTX_set_options(ctx, options);
}

static inline uint64_t pga_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t pga_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t pga_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline int pga_TLS1_2_VERSION(void) { return TLS1_2_VERSION; }
static inline int pga_TLS1_3_VERSION(void) { return TLS1_3_VERSION; }

#endif
