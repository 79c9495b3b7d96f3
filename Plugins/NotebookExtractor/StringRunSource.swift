import EvidenceFormats
import EvidenceKit

/// The value that comes next in a notebook — a string, or a list of strings, as nbformat
/// allows for every MIME bundle entry — as one stream of its unescaped bytes. Reading it to its
/// end (``finish()``) consumes the value; elements that are not strings are skipped and counted.
final class StringRunSource: ByteSource {
    private let json: NotebookJSON
    private var current: (any ByteSource)?
    private var isList = false
    private var ended = false
    /// Elements of a list that were not strings; `1` for a value that is neither.
    private(set) var notStrings = 0

    init(_ json: NotebookJSON) throws {
        self.json = json
        switch try json.peek() {
        case .string?:
            current = try json.scanner.stringContent()
        case .array?:
            _ = try json.scanner.next()
            isList = true
        default:
            try json.scanner.skipValue()
            notStrings = 1
            ended = true
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while !ended {
            if let current {
                let count = try current.read(into: buffer)
                if count > 0 { return count }
                self.current = nil
            }
            guard isList else {
                ended = true
                break
            }
            switch try json.peek() {
            case .string?:
                current = try json.scanner.stringContent()
            case nil:
                _ = try json.scanner.next()   // the list's end
                ended = true
            default:
                try json.scanner.skipValue()
                notStrings += 1
            }
        }
        return 0
    }

    /// Reads what is left, so that the scanner is past the value.
    func finish() throws {
        try drain()
    }
}
