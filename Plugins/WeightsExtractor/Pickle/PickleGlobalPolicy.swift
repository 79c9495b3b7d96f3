/// Which globals a tensor checkpoint may name. Nothing is ever imported or called either way:
/// the list decides what is reported. A global outside it is a `weights.unsafe_pickle` finding,
/// because `pickle.load` (and `torch.load` without `weights_only`) would import and call it.
struct PickleGlobalPolicy: Sendable {
    /// Whether the archive is TorchScript, whose own loader resolves `__torch__` classes and
    /// `torch.jit._pickle` helpers without Python's unpickler.
    let torchScript: Bool

    /// The functions that rebuild tensors and parameters from storages.
    static let rebuilders: Set<String> = [
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
    ]

    /// Names of PyTorch dtypes, which untyped storages and `_rebuild_tensor_v3` name as globals.
    static let dtypes: Set<String> = [
        "float64", "float32", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool",
        "float8_e4m3fn", "float8_e5m2", "complex64", "complex128", "double", "float", "half", "long", "int", "short",
    ]

    /// Modules whose globals run code, open files or reach the system when called.
    static let executing: Set<String> = [
        "os", "posix", "nt", "subprocess", "sys", "runpy", "importlib", "shutil", "socket", "pty", "webbrowser",
        "pickle", "_pickle", "marshal", "types", "ctypes", "code", "codeop", "commands", "platform", "multiprocessing",
        "asyncio", "pip", "timeit", "imp", "zipimport", "urllib", "http", "requests", "ftplib", "telnetlib", "smtplib",
        "tempfile", "pathlib", "io", "_io", "operator", "functools", "torch.hub", "torch.jit",
    ]

    /// Builtins that run code or reach outside the process.
    static let executingBuiltins: Set<String> = [
        "eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "open", "input", "apply", "globals",
        "locals", "breakpoint", "execfile", "file", "reload", "vars", "memoryview",
    ]

    /// Whether a checkpoint may name `module.name`.
    func allows(module: String, name: String) -> Bool {
        let qualified = "\(module).\(name)"
        if Self.rebuilders.contains(qualified) || qualified == "collections.OrderedDict" { return true }
        if (module == "torch" || module == "torch.storage") && name.hasSuffix("Storage") { return true }
        if module == "torch" && Self.dtypes.contains(name) { return true }
        if torchScript && (module.hasPrefix("__torch__") || module == "torch.jit._pickle") { return true }
        return false
    }

    /// How dangerous an unlisted global is: `executes_code` when calling it runs code or reaches
    /// the system, `not_allowed` otherwise (still imported, and so run, by `pickle.load`).
    static func risk(module: String, name: String) -> String {
        let root = String(module.split(separator: ".").first ?? "")
        if executing.contains(module) || executing.contains(root) { return "executes_code" }
        if (module == "builtins" || module == "__builtin__") && executingBuiltins.contains(name) { return "executes_code" }
        return "not_allowed"
    }
}
