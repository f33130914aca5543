import Foundation

/// How to reach registries: credentials, TLS, and the bounds of the transfer.
public struct RegistryOptions: Sendable {
    public var credentials: CredentialStore
    /// `--registry-cacert FILE`: a PEM bundle trusted in addition to the system store.
    public var caCertificateFile: String?
    /// `--allow-insecure-registry` (cosign's name): TLS certificates are not verified.
    public var allowInsecure: Bool
    /// `--allow-http-registry` (cosign's name): plain HTTP is used when the registry does not speak TLS.
    public var allowHTTP: Bool
    public var limits: RegistryLimits
    /// Most blobs transferred at once.
    public var maxParallelBlobs: Int
    /// Most retries of one idempotent request after a 429, a 5xx or a dropped connection.
    public var maxRetries: Int
    /// Longest wait between two retries, whatever `Retry-After` asks.
    public var maxRetryDelay: Double
    /// Seconds without a byte before a request is abandoned.
    public var readTimeout: Int64
    /// `SSL_CERT_FILE` (replaces the system store, as OpenSSL reads it); taken from the environment unless given.
    public var sslCertFile: String?
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`; taken from the environment unless given.
    public var proxySettings: RegistryProxySettings
    /// Blobs larger than this are uploaded in chunks (`PATCH` with `Content-Range`, distribution-spec v1.1.1
    /// "Pushing a blob in chunks") instead of one monolithic `PUT`.
    public var chunkedUploadThreshold: Int64
    /// The size of each `PATCH` of a chunked upload.
    public var uploadChunkSize: Int64
    /// Where blobs were seen (``BlobLocationCache``): pulls and pushes record it, pushes mount from it; nil: none.
    public var blobCache: BlobLocationCache?

    public init(
        credentials: CredentialStore = CredentialStore(), caCertificateFile: String? = nil, allowInsecure: Bool = false,
        allowHTTP: Bool = false, limits: RegistryLimits = RegistryLimits(), maxParallelBlobs: Int = 4, maxRetries: Int = 4,
        maxRetryDelay: Double = 10, readTimeout: Int64 = 60,
        sslCertFile: String?? = nil, proxySettings: RegistryProxySettings? = nil,
        chunkedUploadThreshold: Int64 = 512 << 20, uploadChunkSize: Int64 = 64 << 20, blobCache: BlobLocationCache? = nil
    ) {
        self.credentials = credentials
        self.caCertificateFile = caCertificateFile
        self.allowInsecure = allowInsecure
        self.allowHTTP = allowHTTP
        self.limits = limits
        self.maxParallelBlobs = max(1, maxParallelBlobs)
        self.maxRetries = max(0, maxRetries)
        self.maxRetryDelay = maxRetryDelay
        self.readTimeout = readTimeout
        self.sslCertFile = sslCertFile ?? ProcessInfo.processInfo.environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        self.proxySettings = proxySettings ?? RegistryProxySettings()
        self.chunkedUploadThreshold = max(1, chunkedUploadThreshold)
        self.uploadChunkSize = max(1, uploadChunkSize)
        self.blobCache = blobCache
    }
}
