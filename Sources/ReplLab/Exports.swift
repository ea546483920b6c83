// The umbrella: `import ReplLab` gives the executables and the tests every layer, as swift-nio's
// `NIO` module re-exports NIOCore and NIOPosix. Code inside the layers imports only what it needs.
@_exported import ReplLabClients
@_exported import ReplLabCommands
@_exported import ReplLabControl
@_exported import ReplLabKernel
@_exported import ReplLabModel
@_exported import ReplLabPresentation
