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

/* Added for the TLS module's PKI and engine. */

static inline long pga_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long pga_SSL_SESS_CACHE_OFF(void) { return SSL_SESS_CACHE_OFF; }

static inline int pga_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return (int)SSL_CTX_add1_chain_cert(ctx, cert);
}

static inline long pga_SSL_MODE_RELEASE_BUFFERS(void) { return SSL_MODE_RELEASE_BUFFERS; }

/* Memory BIOs: an empty read BIO must report "retry" rather than EOF (-1 is also the default,
   set explicitly so the engine does not depend on it). */
static inline long pga_BIO_set_mem_eof_return(BIO *bio, long value) {
    return BIO_set_mem_eof_return(bio, value);
}

/* GENERAL_NAMES is a STACK_OF(GENERAL_NAME); the sk_ accessors are macros. */
static inline GENERAL_NAMES *pga_GENERAL_NAMES_new_null(void) {
    return sk_GENERAL_NAME_new_null();
}
static inline int pga_GENERAL_NAMES_push(GENERAL_NAMES *names, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(names, name);
}

/* PEM_read_bio_X509 sets PEM_R_NO_START_LINE when a PEM bundle has no more certificates. */
static inline int pga_ERR_is_pem_no_start_line(unsigned long err) {
    return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

static inline unsigned long pga_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

#endif
