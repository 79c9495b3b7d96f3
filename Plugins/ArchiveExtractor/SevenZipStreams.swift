/// A 7z `StreamsInfo` (7zFormat.txt): where the packed streams are, and the folders that decode
/// them — each folder a list of coders with their properties. Substreams are read past, so that
/// what follows them in the header is reached.
struct SevenZipStreams {
    var packPosition: Int64 = 0
    var packSizes: [Int64] = []
    /// Each folder's coders.
    var coders: [[SevenZipCoders.Coder]] = []
    /// Each folder's output sizes, in order.
    var unpackSizes: [Int64] = []
    /// Whether each folder's output has a CRC of its own.
    private var folderCRCs: [Bool] = []

    static func read(_ cursor: inout SevenZipCursor) throws -> SevenZipStreams {
        var streams = SevenZipStreams()
        while true {
            switch try cursor.number() {
            case 0x00:
                return streams
            case 0x06:
                try streams.readPackInfo(&cursor)
            case 0x07:
                try streams.readFolders(&cursor)
            case 0x08:
                try streams.skipSubstreams(&cursor)
            default:
                throw SevenZipCursor.Malformed()
            }
        }
    }

    private mutating func readPackInfo(_ cursor: inout SevenZipCursor) throws {
        packPosition = try cursor.number()
        let count = try cursor.count()
        while true {
            switch try cursor.number() {
            case 0x00: return
            case 0x09: packSizes = try (0..<count).map { _ in try cursor.number() }
            case 0x0A: _ = try Self.skipDigests(&cursor, count: count)
            default: throw SevenZipCursor.Malformed()
            }
        }
    }

    private mutating func readFolders(_ cursor: inout SevenZipCursor) throws {
        guard try cursor.number() == 0x0B else { throw SevenZipCursor.Malformed() }
        let folders = try cursor.count()
        guard try cursor.byte() == 0 else { throw SevenZipCursor.Malformed() }   // folders in another stream
        var outputs = 0
        for _ in 0..<folders {
            let (folder, folderOutputs) = try Self.readFolder(&cursor)
            coders.append(folder)
            outputs += folderOutputs
        }
        guard try cursor.number() == 0x0C else { throw SevenZipCursor.Malformed() }
        unpackSizes = try (0..<outputs).map { _ in try cursor.number() }
        while true {
            switch try cursor.number() {
            case 0x00: return
            case 0x0A: folderCRCs = try Self.skipDigests(&cursor, count: folders)
            default: throw SevenZipCursor.Malformed()
            }
        }
    }

    /// Substreams: how many files each folder holds, their sizes but the last, their CRCs.
    private func skipSubstreams(_ cursor: inout SevenZipCursor) throws {
        var perFolder = [Int](repeating: 1, count: coders.count)
        while true {
            switch try cursor.number() {
            case 0x00:
                return
            case 0x0D:
                perFolder = try coders.indices.map { _ in try cursor.count() }
            case 0x09:
                for _ in 0..<perFolder.reduce(0, { $0 + max(0, $1 - 1) }) { _ = try cursor.number() }
            case 0x0A:
                let unknown = perFolder.indices.reduce(0) { total, folder in
                    total + (perFolder[folder] == 1 && folder < folderCRCs.count && folderCRCs[folder] ? 0 : perFolder[folder])
                }
                _ = try Self.skipDigests(&cursor, count: unknown)
            default:
                throw SevenZipCursor.Malformed()
            }
        }
    }

    /// One folder: its coders, and how many output streams they have in all.
    private static func readFolder(_ cursor: inout SevenZipCursor) throws -> ([SevenZipCoders.Coder], Int) {
        let count = try cursor.count()
        var coders: [SevenZipCoders.Coder] = []
        var inputs = 0
        var outputs = 0
        for _ in 0..<count {
            let flags = try cursor.byte()
            guard flags & 0x80 == 0 else { throw SevenZipCursor.Malformed() }   // alternative methods: never written
            let method = try cursor.bytes(Int64(flags & 0x0F))
            if flags & 0x10 != 0 {
                inputs += try cursor.count()
                outputs += try cursor.count()
            } else {
                inputs += 1
                outputs += 1
            }
            let properties = flags & 0x20 != 0 ? try cursor.bytes(try cursor.number()) : []
            coders.append(SevenZipCoders.Coder(method: method, properties: properties))
        }
        let bindPairs = outputs - 1
        guard bindPairs >= 0, inputs >= bindPairs else { throw SevenZipCursor.Malformed() }
        for _ in 0..<(bindPairs * 2) { _ = try cursor.number() }
        let packed = inputs - bindPairs
        if packed > 1 { for _ in 0..<packed { _ = try cursor.number() } }
        return (coders, outputs)
    }

    /// Digests: "all defined" or a bit field, then a CRC-32 for each one defined; returns which are.
    private static func skipDigests(_ cursor: inout SevenZipCursor, count: Int) throws -> [Bool] {
        guard count <= cursor.remaining * 8 else { throw SevenZipCursor.Malformed() }
        var defined = [Bool](repeating: true, count: count)
        if try cursor.byte() == 0 {
            let bits = try cursor.bytes(Int64((count + 7) / 8))
            defined = (0..<count).map { bits[$0 / 8] & (0x80 >> ($0 % 8)) != 0 }
        }
        try cursor.skip(Int64(defined.filter { $0 }.count) * 4)
        return defined
    }
}
