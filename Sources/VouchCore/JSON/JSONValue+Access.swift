/// Typed access that reports what is wrong and where, for reading untrusted documents field by field:
/// a field of the wrong type is an error naming its JSON path, never read as empty.
extension JSONValue {
    /// An error about this value: `file: $.path: reason`.
    public func error(_ reason: String, code: VouchError.Code = .malformedInput) -> VouchError {
        VouchError(code, "\(path): \(reason)", path: file.isEmpty ? nil : file)
    }

    /// A limit error about this value (a list too long, say), naming the limit and the value found.
    public func limitError(_ name: String, limit: Int, found: Int, what: String) -> VouchError {
        VouchError.limitExceeded(name, limit: Int64(limit), found: Int64(found), path: file.isEmpty ? nil : file, what: "\(path): \(what)")
    }

    /// This value, if it is of `kind`; else an error naming the kind found.
    public func expect(_ kind: Kind) throws(VouchError) -> JSONValue {
        guard self.kind == kind else { throw error("expected \(kind), found \(self.kind)") }
        return self
    }

    /// The member `key` of this object; an error when this is not an object or the member is missing.
    public func member(_ key: String) throws(VouchError) -> JSONValue {
        let object = try expect(.object)
        guard let value = object[key] else { throw error("required member '\(key)' is missing") }
        return value
    }

    /// The member `key`, or nil when it is absent or `null`; an error when this is not an object.
    public func optionalMember(_ key: String) throws(VouchError) -> JSONValue? {
        let object = try expect(.object)
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// This value as a string, or an error naming its path and kind.
    public func stringValue() throws(VouchError) -> String {
        guard let text = string else { throw error("expected a string, found \(kind)") }
        return text
    }

    /// This value as an array, or an error naming its path and kind.
    public func arrayValue() throws(VouchError) -> [JSONValue] {
        guard let items = array else { throw error("expected an array, found \(kind)") }
        return items
    }

    /// This value as an array of at most `limit` items (the named limit `limitName`).
    public func arrayValue(maxCount limit: Int, limitName: String, what: String) throws(VouchError) -> [JSONValue] {
        let items = try arrayValue()
        guard items.count <= limit else { throw limitError(limitName, limit: limit, found: items.count, what: what) }
        return items
    }

    /// This value as an object's members, or an error naming its path and kind.
    public func objectMembers() throws(VouchError) -> [(key: String, value: JSONValue)] {
        guard let members else { throw error("expected an object, found \(kind)") }
        return members
    }

    /// This value as a boolean, or an error naming its path and kind.
    public func boolValue() throws(VouchError) -> Bool {
        guard let bool else { throw error("expected a boolean, found \(kind)") }
        return bool
    }

    /// This value as an integer: a number written without fraction or exponent, within Int's range.
    public func intValue() throws(VouchError) -> Int {
        guard kind == .number else { throw error("expected an integer, found \(kind)") }
        guard let value = Int(numberText) else { throw error("expected an integer, found \(numberText)") }
        return value
    }

    /// The string member `key`; an error when it is missing or not a string.
    public func string(_ key: String) throws(VouchError) -> String {
        try member(key).stringValue()
    }

    /// The string member `key`, nil when absent or `null`; an error when it is present and not a string.
    public func optionalString(_ key: String) throws(VouchError) -> String? {
        try optionalMember(key)?.stringValue()
    }

    /// The array member `key`, empty when absent or `null`; an error when it is present and not an array.
    public func optionalArray(_ key: String) throws(VouchError) -> [JSONValue] {
        try optionalMember(key)?.arrayValue() ?? []
    }

    /// An object of string values (`{"sha256": "ab..."}`), in document order; an error naming the first
    /// member that is not a string.
    public func stringMap() throws(VouchError) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for (key, value) in try objectMembers() { result.append((key, try value.stringValue())) }
        return result
    }
}
