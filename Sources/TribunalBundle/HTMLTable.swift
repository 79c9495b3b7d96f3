/// An HTML table of the report written row by row (cells are HTML already).
struct HTMLTable {
    private let out: ExportStream

    /// Writes `<table>` and the header row.
    init(_ headers: [String], to out: ExportStream) {
        self.out = out
        out.write("<table><tr>" + headers.map { "<th>\(ReportPage.escape($0))</th>" }.joined() + "</tr>\n")
    }

    func row(_ cells: [String], class rowClass: String? = nil) {
        out.write((rowClass.map { "<tr class=\($0)>" } ?? "<tr>") + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n")
    }

    func close() {
        out.write("</table>")
    }
}
