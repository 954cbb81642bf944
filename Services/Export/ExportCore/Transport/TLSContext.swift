import COpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the client SSL_CTX for a `TLSOptions`: TLS 1.2+, peer verification, trust anchors, client certificate.
enum TLSContext {
    static func make(_ options: TLSOptions, endpoint: Endpoint) throws(TransportError) -> OpaquePointer {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw endpoint.error("tls.config", "OpenSSL could not create a TLS context: \(openSSLErrors())",
                                 retryable: false)
        }
        func fail(_ message: String) -> TransportError {
            SSL_CTX_free(ctx)
            return endpoint.error("tls.config", message, retryable: false)
        }
        _ = SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil)
        if options.verify {
            if let caFile = options.caFile {
                guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
                    throw fail("cannot read the CA file \(caFile) for \(endpoint): \(openSSLErrors()); it must be a "
                               + "readable PEM file of CA certificates")
                }
            } else {
                SSL_CTX_set_default_verify_paths(ctx)
            }
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        }
        if let certificate = options.certificateFile {
            guard SSL_CTX_use_certificate_chain_file(ctx, certificate) == 1 else {
                throw fail("cannot read the client certificate \(certificate): \(openSSLErrors()); it must be PEM")
            }
            let key = options.keyFile ?? certificate
            guard SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1,
                  SSL_CTX_check_private_key(ctx) == 1 else {
                throw fail("cannot use the client key \(key) with \(certificate): \(openSSLErrors()); it must be an "
                           + "unencrypted PEM key matching the certificate")
            }
        } else if options.keyFile != nil {
            throw fail("a client key is set for \(endpoint) but no client certificate; set both or neither")
        }
        return ctx
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
