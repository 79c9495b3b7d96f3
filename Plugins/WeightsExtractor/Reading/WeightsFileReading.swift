import EvidenceKit

/// What every format's reader works with: the artifact, its content read forward, the inventory
/// it fills, the sink for what it finds on the way, and the options in force.
struct WeightsFile {
    let reader: ForwardReader
    let inventory: WeightsInventory
    let sink: any FindingSink
    let options: WeightsExtractor.Options
    let artifact: Artifact
}

/// A reader of one format, over a ``WeightsFile``.
protocol WeightsFileReader {
    var file: WeightsFile { get }
    func read() throws
}

extension WeightsFileReader {
    var reader: ForwardReader { file.reader }
    var inventory: WeightsInventory { file.inventory }
    var sink: any FindingSink { file.sink }
    var options: WeightsExtractor.Options { file.options }
    var artifact: Artifact { file.artifact }
}
