extension JSONValue {
    /// Decodes a `Decodable` model from this value (its checks already done by the parser: no duplicate
    /// keys, valid UTF-8, limits). A decoding failure becomes an error naming the file and the JSON path,
    /// e.g. `manifest sha256:...: $.layers[0].digest: malformed digest ...`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(VouchError) -> T {
        do {
            return try T(from: JSONValueDecoder(value: self, codingPath: []))
        } catch let error as DecodingError {
            throw Self.describe(error, base: path, file: file.isEmpty ? nil : file)
        } catch let error as VouchError {
            throw error
        } catch {
            throw self.error("\(error)")
        }
    }

    /// Parses `bytes` and decodes `T` from the document.
    public static func decode<T: Decodable>(_ type: T.Type = T.self, from bytes: [UInt8], path: String,
                                           limits: JSONLimits = JSONLimits()) throws(VouchError) -> T {
        try JSONValue(parsing: bytes, path: path, limits: limits).decode(type)
    }

    private static func describe(_ error: DecodingError, base: JSONPath, file: String?) -> VouchError {
        func at(_ codingPath: [any CodingKey]) -> JSONPath { JSONPath(base.components + JSONPath(codingPath: codingPath).components) }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            return VouchError(.malformedInput, "\(at(context.codingPath)): \(context.debugDescription)", path: file)
        case .keyNotFound(let key, let context):
            return VouchError(.malformedInput, "\(at(context.codingPath + [key])): required member is missing", path: file)
        @unknown default:
            return VouchError(.malformedInput, "\(base): \(error)", path: file)
        }
    }
}

/// A `Decoder` over the tape: models keep their `Decodable` conformances, and decode through the one
/// strict reader instead of Foundation's (which keeps the last of duplicate keys).
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard value.kind == .object else { throw mismatch(Dictionary<String, Any>.self, value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer<Key>(value: value, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = value.array else { throw mismatch([Any].self, value, codingPath) }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(value: value, codingPath: codingPath)
    }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
    let wanted: String
    switch type {
    case is String.Type: wanted = "a string"
    case is Bool.Type: wanted = "a boolean"
    case is Dictionary<String, Any>.Type: wanted = "an object"
    case is [Any].Type: wanted = "an array"
    default: wanted = "a number"
    }
    return DecodingError.typeMismatch(type, DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(wanted), found \(value.kind)"))
}

/// The primitive decodings shared by the three containers.
private func decodePrimitive<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) throws -> T {
    if value.isNull, !(T.self is any ExpressibleByNilLiteral.Type) {
        throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath, debugDescription: "expected a value, found null"))
    }
    switch type {
    case is String.Type:
        guard let text = value.string else { throw mismatch(String.self, value, codingPath) }
        return text as! T
    case is Bool.Type:
        guard let bool = value.bool else { throw mismatch(Bool.self, value, codingPath) }
        return bool as! T
    case is Double.Type:
        guard let number = value.number else { throw mismatch(Double.self, value, codingPath) }
        return number as! T
    case is Float.Type:
        guard let number = value.number else { throw mismatch(Float.self, value, codingPath) }
        return Float(number) as! T
    case let integer as any FixedWidthInteger.Type:
        guard value.kind == .number else { throw mismatch(type, value, codingPath) }
        guard let parsed = integer.init(value.numberText, radix: 10) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: "\(value.numberText) is not a \(type) integer"))
        }
        return parsed as! T
    default:
        return try T(from: JSONValueDecoder(value: value, codingPath: codingPath))
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let value: JSONValue
    let codingPath: [any CodingKey]

    var allKeys: [Key] { (value.members ?? []).compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { value[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let member = value[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "required member is missing"))
        }
        return member
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodePrimitive(type, try member(key), codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let member = value[key.stringValue], !member.isNull else { return nil }
        return try decodePrimitive(type, member, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(value: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(value: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { JSONValueDecoder(value: value, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: try member(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private func next<T>(_ type: T.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "the array has no more items"))
        }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try next(Never.self).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoded = try decodePrimitive(type, try next(type), codingPath + [IndexKey(currentIndex)])
        currentIndex += 1
        return decoded
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try JSONValueDecoder(value: try next(type), codingPath: codingPath + [IndexKey(currentIndex)]).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try JSONValueDecoder(value: try next([Any].self), codingPath: codingPath + [IndexKey(currentIndex)]).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = JSONValueDecoder(value: try next(Any.self), codingPath: codingPath + [IndexKey(currentIndex)])
        currentIndex += 1
        return decoder
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodePrimitive(type, value, codingPath)
    }
}
