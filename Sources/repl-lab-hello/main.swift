// The start-up baseline for `repl-lab-bench`: the smallest Swift program, built the same way (release,
// same toolchain, no Foundation) as `repl-lab`, so their ratio is what repl-lab itself adds.
print("Hello, world!")
