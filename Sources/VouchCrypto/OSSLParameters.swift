import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Builds an `OSSL_PARAM` array whose strings live exactly as long as the call that reads them.
enum OSSLParameters {
    enum Value {
        case utf8(String)
        case unsignedInteger(UInt32)
        case octets([UInt8])
    }

    static func with<R>(_ entries: [(String, Value)], _ body: (UnsafePointer<OSSL_PARAM>) -> R) -> R {
        var allocations: [UnsafeMutableRawPointer] = []
        defer { allocations.forEach { free($0) } }
        var params: [OSSL_PARAM] = []
        for (key, value) in entries {
            let keyCopy = strdup(key)!
            allocations.append(UnsafeMutableRawPointer(keyCopy))
            switch value {
            case .utf8(let string):
                let valueCopy = strdup(string)!
                allocations.append(UnsafeMutableRawPointer(valueCopy))
                params.append(OSSL_PARAM_construct_utf8_string(keyCopy, valueCopy, 0))
            case .unsignedInteger(let number):
                let storage = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
                storage.initialize(to: number)
                allocations.append(UnsafeMutableRawPointer(storage))
                params.append(OSSL_PARAM_construct_uint(keyCopy, storage))
            case .octets(let bytes):
                let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
                bytes.withUnsafeBytes { storage.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                allocations.append(storage)
                params.append(OSSL_PARAM_construct_octet_string(keyCopy, storage, bytes.count))
            }
        }
        params.append(OSSL_PARAM_construct_end())
        return params.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
