/// An array of tables (`[[name]]`) of a ``TOMLTable``: a class, so appending to it does not copy
/// the tables before.
final class TOMLTableArray {
    var tables: [TOMLTable] = []
}
