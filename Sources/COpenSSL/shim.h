#ifndef SIGNIN_COPENSSL_SHIM_H
#define SIGNIN_COPENSSL_SHIM_H
/* EVP_CIPHER_meth_dup is deprecated in OpenSSL 3.0 but supported; see Sources/Crypto/AES256CBC.swift. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <sys/random.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/bio.h>
#include <openssl/obj_mac.h>
/* XN_FLAG_RFC2253 is a compound macro Swift cannot import. */
static const unsigned long signin_xn_flag_rfc2253 = XN_FLAG_RFC2253;
#endif
