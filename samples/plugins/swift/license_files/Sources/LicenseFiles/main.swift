import ExtractorPlugin

// The whole plugin: serve the extractor over the protocol on standard input and output.
PluginServer.run(.builtIn(LicenseFilesExtractor.self))
