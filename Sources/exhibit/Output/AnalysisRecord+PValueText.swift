import CaseStore

extension AnalysisRecord {
    /// `, p = …` for a listing, or nothing when the method has no p-value. A p-value that
    /// underflowed a double is said to be below it: its figure is the result's `log10_p`.
    var pValueText: String {
        guard let pValue else { return "" }
        return pValue == 0 ? ", p < 1e-308 (its log10 is in the result)" : ", p = \(pValue)"
    }
}
