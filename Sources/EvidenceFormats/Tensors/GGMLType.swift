/// A ggml tensor type as GGUF stores it: its number, its name, and its block layout (how many
/// elements one block holds in how many bytes). Types ggml has since removed keep their numbers
/// so that an old file still reads as what it is.
package struct GGMLType: Sendable, Hashable {
    package let id: UInt32
    package let name: String
    package let blockElements: Int
    package let blockBytes: Int

    /// The types by number, from ggml's type table (`ggml.h`, `gguf-py/gguf/constants.py`).
    package static let known: [UInt32: GGMLType] = {
        let table: [(UInt32, String, Int, Int)] = [
            (0, "F32", 1, 4), (1, "F16", 1, 2), (2, "Q4_0", 32, 18), (3, "Q4_1", 32, 20),
            (6, "Q5_0", 32, 22), (7, "Q5_1", 32, 24), (8, "Q8_0", 32, 34), (9, "Q8_1", 32, 40),
            (10, "Q2_K", 256, 84), (11, "Q3_K", 256, 110), (12, "Q4_K", 256, 144), (13, "Q5_K", 256, 176),
            (14, "Q6_K", 256, 210), (15, "Q8_K", 256, 292), (16, "IQ2_XXS", 256, 66), (17, "IQ2_XS", 256, 74),
            (18, "IQ3_XXS", 256, 98), (19, "IQ1_S", 256, 50), (20, "IQ4_NL", 32, 18), (21, "IQ3_S", 256, 110),
            (22, "IQ2_S", 256, 82), (23, "IQ4_XS", 256, 136), (24, "I8", 1, 1), (25, "I16", 1, 2),
            (26, "I32", 1, 4), (27, "I64", 1, 8), (28, "F64", 1, 8), (29, "IQ1_M", 256, 56), (30, "BF16", 1, 2),
            (31, "Q4_0_4_4", 32, 18), (32, "Q4_0_4_8", 32, 18), (33, "Q4_0_8_8", 32, 18),
            (34, "TQ1_0", 256, 54), (35, "TQ2_0", 256, 66),
            (36, "IQ4_NL_4_4", 32, 18), (37, "IQ4_NL_4_8", 32, 18), (38, "IQ4_NL_8_8", 32, 18),
            (39, "MXFP4", 32, 17),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.0, GGMLType(id: $0.0, name: $0.1, blockElements: $0.2, blockBytes: $0.3)) })
    }()

    /// The quantized types whose values are decoded for statistics (ggml's own rules).
    package static let dequantized: Set<String> = ["Q4_0", "Q4_1", "Q5_0", "Q8_0", "Q4_K", "Q6_K"]

    /// Whether the type is block-quantized (not a plain element type).
    package var isQuantized: Bool { blockElements > 1 }
}
