/// A programming language as fingerprinting reads it: how its comments and strings are written,
/// and which of its words are keywords (kept as themselves; every other name is one placeholder,
/// so renaming variables changes no fingerprint).
///
/// ```swift
/// SourceLanguage.of(fileName: "train.py")?.name      // "python"
/// SourceLanguage.named("Python")?.lineComment         // "#"
/// ```
public struct SourceLanguage: Sendable, Hashable {
    /// The language's name, lower-case (`python`, `c`, `shell`).
    public let name: String
    /// What starts a comment to the end of the line, if anything does.
    public let lineComment: String?
    /// What opens and closes a block comment, if anything does.
    public let blockComment: (open: String, close: String)?
    /// The quote characters that open a string.
    public let quotes: Set<UInt8>
    /// Whether three quotes open a string that runs to three more (Python's docstrings).
    public let tripleQuotes: Bool
    /// Whether a string may run past the end of its line (shell, JavaScript's template strings).
    public let multilineStrings: Bool
    /// Short words that, directly before a quote, are a string prefix rather than a name (`r`, `f`, `b`).
    let stringPrefixes: Set<String>
    /// Words kept as themselves.
    let keywords: Set<String>

    public static func == (lhs: SourceLanguage, rhs: SourceLanguage) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The language a file name's extension says, if fingerprinting reads it.
    public static func of(fileName: String) -> SourceLanguage? {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        return byExtension[fileName[fileName.index(after: dot)...].lowercased()]
    }

    /// The language of that name (as a notebook's kernel states it), if fingerprinting reads it.
    public static func named(_ name: String) -> SourceLanguage? {
        let wanted = name.lowercased()
        return all.first { $0.name == wanted } ?? byExtension[wanted]
    }

    /// Every language fingerprinting reads.
    public static let all: [SourceLanguage] = [python, shell, cFamily, javaFamily, javascript, go, rust, swift, julia, r, lua]

    /// The file extensions of each language.
    public static let extensions: [String: [String]] = [
        "python": ["py", "pyi", "pyw"], "shell": ["sh", "bash", "zsh", "ksh"],
        "c": ["c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx", "cu", "cuh"],
        "java": ["java", "kt", "kts", "scala", "groovy"], "javascript": ["js", "mjs", "cjs", "jsx", "ts", "tsx"],
        "go": ["go"], "rust": ["rs"], "swift": ["swift"], "julia": ["jl"], "r": ["r"], "lua": ["lua"],
    ]

    private static let byExtension: [String: SourceLanguage] = {
        var table: [String: SourceLanguage] = [:]
        for language in all {
            for suffix in extensions[language.name] ?? [] { table[suffix] = language }
        }
        return table
    }()

    private init(_ name: String, line: String?, block: (String, String)? = nil, quotes: String = "\"'",
                 triple: Bool = false, multiline: Bool = false, prefixes: Set<String> = [], keywords: String) {
        self.name = name
        lineComment = line
        blockComment = block.map { (open: $0.0, close: $0.1) }
        self.quotes = Set(quotes.utf8)
        tripleQuotes = triple
        multilineStrings = multiline
        stringPrefixes = prefixes
        self.keywords = Set(keywords.split(separator: " ").map(String.init))
    }

    public static let python = SourceLanguage(
        "python", line: "#", triple: true,
        prefixes: ["r", "u", "b", "f", "br", "rb", "fr", "rf"],
        keywords: "False None True and as assert async await break class continue def del elif else except finally for from "
            + "global if import in is lambda nonlocal not or pass raise return try while with yield match case self")
    public static let shell = SourceLanguage(
        "shell", line: "#", multiline: true,
        keywords: "if then else elif fi case esac for while until do done in function select time export local readonly "
            + "return exit set unset source")
    public static let cFamily = SourceLanguage(
        "c", line: "//", block: ("/*", "*/"),
        keywords: "auto break case char const continue default do double else enum extern float for goto if inline int long "
            + "register return short signed sizeof static struct switch typedef union unsigned void volatile while bool "
            + "class namespace template typename public private protected virtual override new delete this true false "
            + "nullptr using try catch throw const_cast static_cast dynamic_cast reinterpret_cast __global__ __device__ "
            + "__host__ __shared__ include define ifdef ifndef endif pragma")
    public static let javaFamily = SourceLanguage(
        "java", line: "//", block: ("/*", "*/"), triple: true,
        keywords: "abstract boolean break byte case catch char class const continue default do double else enum extends "
            + "final finally float for if implements import instanceof int interface long native new package private "
            + "protected public return short static super switch synchronized this throw throws try void volatile while "
            + "true false null val var fun object def trait override")
    public static let javascript = SourceLanguage(
        "javascript", line: "//", block: ("/*", "*/"), quotes: "\"'`", multiline: true,
        keywords: "break case catch class const continue debugger default delete do else export extends finally for "
            + "function if import in instanceof let new return super switch this throw try typeof var void while with "
            + "yield async await true false null undefined of interface type enum implements")
    public static let go = SourceLanguage(
        "go", line: "//", block: ("/*", "*/"), quotes: "\"'`", multiline: true,
        keywords: "break case chan const continue default defer else fallthrough for func go goto if import interface map "
            + "package range return select struct switch type var true false nil")
    public static let rust = SourceLanguage(
        "rust", line: "//", block: ("/*", "*/"), quotes: "\"",
        keywords: "as async await break const continue crate dyn else enum extern false fn for if impl in let loop match "
            + "mod move mut pub ref return self Self static struct super trait true type unsafe use where while")
    public static let swift = SourceLanguage(
        "swift", line: "//", block: ("/*", "*/"), quotes: "\"", triple: true,
        keywords: "associatedtype class deinit enum extension func import init inout internal let open operator private "
            + "protocol public static struct subscript typealias var break case continue default defer do else "
            + "fallthrough for guard if in repeat return switch where while as catch false is nil self Self super "
            + "throw throws true try")
    public static let julia = SourceLanguage(
        "julia", line: "#", triple: true,
        keywords: "baremodule begin break catch const continue do else elseif end export false finally for function "
            + "global if import let local macro module quote return struct true try using while")
    public static let r = SourceLanguage(
        "r", line: "#",
        keywords: "if else repeat while function for in next break TRUE FALSE NULL Inf NaN NA library require")
    public static let lua = SourceLanguage(
        "lua", line: "--",
        keywords: "and break do else elseif end false for function goto if in local nil not or repeat return then true "
            + "until while require")
}
