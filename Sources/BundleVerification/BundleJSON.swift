import Foundation

/// JSON for bundle files: sorted keys, two-space indentation, unescaped slashes, a final
/// newline. The same value always gives the same bytes.
public enum BundleJSON {
    public static func data(_ object: Any, pretty: Bool = true) -> Data {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        if pretty { options.insert(.prettyPrinted) }
        var data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("null".utf8)
        data.append(0x0A)
        return data
    }

    /// A JSON column of the case store, back as an object.
    package static func object(_ text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? [String: Any]()
    }
}
