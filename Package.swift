// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "repl-lab",
  products: [
    .executable(name: "repl-lab", targets: ["repl-lab"]),
    .library(name: "ReplLab", targets: ["ReplLab"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
  ],
  targets: [
    // GNU readline, linked through a module map; Debian's readline.pc drags in flags SwiftPM rejects.
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    .target(
      name: "ReplLab",
      dependencies: [
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "DequeModule", package: "swift-collections"),
      ]
    ),
    .executableTarget(
      name: "repl-lab",
      dependencies: [
        "ReplLab",
        "CReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `Scripts/bench`: speed and memory figures against baselines measured in the same run.
    .executableTarget(name: "repl-lab-bench", dependencies: ["ReplLab"]),
    // The start-up baseline for the benchmark: hello world, built like repl-lab.
    .executableTarget(name: "repl-lab-hello"),
    .testTarget(name: "ReplLabTests", dependencies: ["ReplLab"]),
    .testTarget(name: "TranscriptTests", dependencies: ["ReplLab"]),
  ]
)
