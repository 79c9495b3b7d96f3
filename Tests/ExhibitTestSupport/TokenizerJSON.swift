import Foundation

/// A Hugging Face `tokenizer.json` shaped like a sentence-transformer's (WordPiece, BERT's 30,522
/// tokens), for tests: special tokens, unused slots, punctuation, whole words — among them the
/// words a careless recognizer reads as settings (`beta`, `epsilon`, `gamma`, `lam`, `seed`,
/// `precision`, `stage`, `target`, `temperature`, `lr`, `learning_rate`) — `##` pieces, and,
/// when asked, BPE-style merges.
public enum TokenizerJSON {
    /// Words that are also the names of training and RL settings.
    public static let settingWords = ["beta", "epsilon", "gamma", "lam", "seed", "precision", "stage", "target",
                                      "temperature", "lr", "learning_rate", "cliprange", "vf_coef", "num_generations",
                                      "top_p", "top_k", "do_sample", "hidden_size", "num_hidden_layers", "password"]

    /// The file's text, with `size` tokens and `merges` merges.
    public static func make(size: Int = 30_522, merges: Int = 0) -> String {
        var tokens = ["[PAD]"] + (0..<99).map { "[unused\($0)]" } + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        tokens += "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~".map { String($0) }
        tokens += settingWords
        var index = 0
        while tokens.count < size {
            tokens.append(index % 3 == 0 ? "##w\(index)" : "word\(index)")
            index += 1
        }
        var text = #"{"version": "1.0", "truncation": null, "padding": null, "added_tokens": ["#
        text += ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map { token in
            #"{"id": \#(tokens.firstIndex(of: token)!), "content": "\#(token)", "single_word": false, "lstrip": false, "#
                + #""rstrip": false, "normalized": false, "special": true}"#
        }.joined(separator: ", ")
        text += #"], "normalizer": {"type": "BertNormalizer", "lowercase": true}, "pre_tokenizer": {"type": "BertPreTokenizer"}, "#
        text += ###""model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "vocab": {"###
        text += tokens.prefix(size).enumerated().map { id, token in
            "\"" + token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\": \(id)"
        }.joined(separator: ", ")
        text += "}"
        if merges > 0 {
            let pairs = (0..<merges).map { index in "\"w\(index % 977) " + "##" + "\(index % 131)\"" }
            text += ", \"merges\": [" + pairs.joined(separator: ", ") + "]"
        }
        return text + "}}\n"
    }
}
