/// A member of a document's top-level object whose value is an array written element by
/// element as the case is read (`"nodes" : [` … `]`), laid out as ``PrettyJSON`` lays out
/// the rest.
struct StreamedJSONArray {
    private let out: ExportStream
    private let depth: Int
    private var count = 0

    /// Writes the indented `"key" : [` of a member at `depth`.
    init(key: String, depth: Int, to out: ExportStream) {
        self.out = out
        self.depth = depth
        PrettyJSON.indent(depth, out)
        out.writeJSONString(key)
        out.write(" : [")
    }

    mutating func append(_ element: JSONNode) {
        out.write(count == 0 ? "\n" : ",\n")
        PrettyJSON.indent(depth + 1, out)
        PrettyJSON.write(element, depth: depth + 1, to: out)
        count += 1
    }

    /// Closes the array (with no comma after it).
    func close() {
        out.write(count == 0 ? "\n\n" : "\n")
        PrettyJSON.indent(depth, out)
        out.write("]")
    }
}
