// swift-tools-version: 6.0
import PackageDescription

// The library is one module per layer, each depending only on the layers below it, so the compiler
// enforces what a lower layer may know:
//
//   ReplLabKernel        deterministic simulation: clock, event queue, seeded generator, network
//     ← ReplLabModel     the data plane: nodes, logs, the write path, sync modes, the trace
//     ← ReplLabControl   control planes (failover regimes), routing, and the Cluster that joins them
//     ← ReplLabClients   named client sessions, read policies, guarantees, the history checker
//     ← ReplLabCommands  the command language: tokenizer, declarations, parser, completion
//     ← ReplLabPresentation   every sentence, table and picture the learner reads
//     ← ReplLab          the interpreter and the lessons: what the executables import
let package = Package(
  name: "repl-lab",
  products: [
    .executable(name: "repl-lab", targets: ["repl-lab"]),
    .library(name: "ReplLab", targets: ["ReplLab"]),
    .executable(name: "repl-lab-stress", targets: ["repl-lab-stress"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
  ],
  targets: [
    // GNU readline, linked through a module map; Debian's readline.pc drags in flags SwiftPM rejects.
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    .target(
      name: "ReplLabKernel",
      dependencies: [.product(name: "HeapModule", package: "swift-collections")]
    ),
    .target(
      name: "ReplLabModel",
      dependencies: ["ReplLabKernel", .product(name: "DequeModule", package: "swift-collections")]
    ),
    .target(name: "ReplLabControl", dependencies: ["ReplLabModel"]),
    .target(name: "ReplLabClients", dependencies: ["ReplLabControl"]),
    .target(name: "ReplLabCommands", dependencies: ["ReplLabClients"]),
    .target(
      name: "ReplLabPresentation",
      dependencies: ["ReplLabCommands", .product(name: "DequeModule", package: "swift-collections")]),
    .target(name: "ReplLab", dependencies: ["ReplLabPresentation"]),
    .executableTarget(
      name: "repl-lab",
      dependencies: [
        "ReplLab",
        "CReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `Scripts/bench`: speed and memory figures against baselines measured in the same run.
    .executableTarget(name: "repl-lab-bench", dependencies: ["ReplLab", "ReplLabStress"]),
    // The start-up baseline for the benchmark: hello world, built like repl-lab.
    .executableTarget(name: "repl-lab-hello"),
    // Generators and checkers for fuzzing and random fault schedules, shared by the tests and the tool.
    .target(name: "ReplLabStress", dependencies: ["ReplLab"]),
    .executableTarget(
      name: "repl-lab-stress",
      dependencies: [
        "ReplLabStress",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // What the test targets share: the pseudo-terminal harness, the built binary, the project's paths,
    // the lab and cluster helpers and the reflection-driven perturber. Not a product: only tests use it.
    .target(
      name: "ReplLabTestSupport",
      dependencies: ["ReplLab", .product(name: "DequeModule", package: "swift-collections")]
    ),
    // One test target per layer where the tests need nothing above it; whatever needs the
    // interpreter, the lessons, the binary or the stress tools is in ReplLabTests.
    .testTarget(name: "ReplLabKernelTests", dependencies: ["ReplLabKernel"]),
    .testTarget(name: "ReplLabModelTests", dependencies: ["ReplLabModel"]),
    .testTarget(name: "ReplLabControlTests", dependencies: ["ReplLabControl", "ReplLabTestSupport"]),
    .testTarget(name: "ReplLabPresentationTests", dependencies: ["ReplLabPresentation"]),
    .testTarget(name: "ReplLabTests", dependencies: ["ReplLab", "ReplLabStress", "ReplLabTestSupport"]),
    .testTarget(name: "TranscriptTests", dependencies: ["ReplLab", "ReplLabTestSupport"]),
  ]
)
