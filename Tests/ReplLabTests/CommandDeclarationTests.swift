import Testing

@testable import ReplLab
@testable import ReplLabCommands

/// Each command is declared once (`CommandSpec`): its usage, example, effect, scope and completion
/// must agree with each other and with what the interpreter does.
@Suite struct CommandDeclarationTests {
  static let lessonDirectory = "Lessons"

  @Test func everyExampleParsesAsItsOwnCommand() throws {
    for spec in CommandRegistry.all {
      let words = try Tokenizer.split(spec.example)
      #expect(CommandRegistry.match(words)?.spec.name == spec.name, "\(spec.name): example `\(spec.example)`")
      #expect(throws: Never.self, "\(spec.name)") { try Parser.parse(spec.example) }
    }
    for spec in CommandRegistry.lessonWords {
      #expect(spec.scope == .lesson)
      #expect(throws: Never.self, "\(spec.name)") { try Parser.parseLine(spec.example, inLesson: true) }
    }
  }

  @Test func everyUsageFormStartsWithTheCommandsName() {
    for spec in CommandRegistry.all + CommandRegistry.lessonWords {
      for form in spec.declaredUsage.forms {
        #expect(form == spec.name || form.hasPrefix(spec.name + " "), "\(spec.name): \(form)")
      }
      #expect(spec.usage.hasPrefix(spec.name), "\(spec.name)")
    }
  }

  @Test func usageFormsNameOneWayOfWritingACommand() {
    let semi = Usage.optionally("semi-sync", "acks N", "timeout DURATION")
    #expect(semi.line == "semi-sync [acks N | timeout DURATION]")
    #expect(semi.form(mentioning: "acks") == "semi-sync acks N")
    let slow = Usage.either("slow NODE RATE/s", "slow NODE off")
    #expect(slow.line == "slow NODE RATE/s | slow NODE off")
    #expect(slow.form(mentioning: "off") == "slow NODE off")
    #expect(slow.form(mentioning: "nothing") == slow.line)
  }

  @Test func anInterpretersRefusalCarriesTheDeclaredUsage() {
    var lab = Interpreter(seed: 1)
    #expect(
      lab.execute("diff db1 db1").error == "db1 is named twice; compare two different nodes. Usage: diff [NODE NODE]")
    #expect(lab.execute("preset off").error == "no preset is active; `preset` lists them. Usage: preset [NAME|off]")
  }

  /// What `undo` replays comes from the declarations: a command that changes nothing, run after a
  /// change, must leave that change as the one `undo` takes back.
  @Test func aCommandThatChangesNothingIsNotReplayedByUndo() throws {
    for spec in CommandRegistry.all {
      let args = Array(try Tokenizer.split(spec.example).dropFirst(spec.nameWords.count))
      guard spec.effect.resolved(for: args) != .changesCluster else { continue }
      // `lesson`, `exercise`, `undo` and `quit` act on the session itself.
      if ["lesson", "exercise", "undo", "quit"].contains(spec.name) { continue }
      var lab = Interpreter(seed: 1, lessonsDirectory: Self.lessonDirectory)
      lab.workingDirectory = "/nonexistent-\(spec.name)"
      _ = lab.execute("set x 1")
      let before = lab.session.entries.count
      _ = lab.execute(spec.example)
      if spec.effect == .session { #expect(lab.session.entries.count == before, "\(spec.name) was recorded") }
      let undo = lab.execute("undo")
      #expect(undo.output.hasPrefix("Undone: `set x 1`."), "\(spec.name): \(undo.output) \(undo.error ?? "")")
    }
  }

  @Test func aCommandThatChangesTheClusterIsWhatUndoTakesBack() throws {
    for line in [
      "wait 20ms", "sync-mode semi", "semi-sync acks 1", "election raft", "preset mysql-semisync", "crash db2",
    ] {
      var lab = Interpreter(seed: 1)
      _ = lab.execute("set x 1")
      #expect(lab.execute(line).error == nil, "\(line)")
      #expect(lab.execute("undo").output.hasPrefix("Undone: `\(line)`."), "\(line)")
    }
  }

  @Test func effectsDependOnArgumentsOnlyWhereDeclared() throws {
    #expect(try Parser.parseLine("semi-sync").effect == .view)
    #expect(try Parser.parseLine("semi-sync acks 1").effect == .changesCluster)
    #expect(try Parser.parseLine("election COMPARE").effect == .view)
    #expect(try Parser.parseLine("election raft").effect == .changesCluster)
    #expect(try Parser.parseLine("preset").effect == .view)
    #expect(try Parser.parseLine("preset off").effect == .changesCluster)
    #expect(try Parser.parseLine("status").effect == .view)
    #expect(try Parser.parseLine("help").effect == .session)
    #expect(try Parser.parseLine("# a note").effect == .session)
  }

  @Test func lessonWordsComeFirstInALessonOnlyWhenTheirArgumentsFit() throws {
    #expect(try Parser.parseLine("restart", inLesson: true).command == .restartLesson)
    #expect(try Parser.parseLine("RESTART", inLesson: true).command == .restartLesson)
    #expect(try Parser.parseLine("restart db1", inLesson: true).command == .restart("db1"))
    #expect(try Parser.parseLine("quit", inLesson: true).command == .leaveLesson)
    #expect(try Parser.parseLine("exit", inLesson: true).command == .leaveLesson)
    #expect(try Parser.parseLine("next", inLesson: true).command == .nextStep)
    #expect(try Parser.parseLine("quit").command == .quit)
    #expect(try Parser.parseLine("exit").command == .quit)
    #expect(throws: CommandError.self) { try Parser.parseLine("restart") }
    // Tab and `help` offer only the lab's commands.
    #expect(!CommandRegistry.all.contains { $0.scope == .lesson })
  }

  @Test func completionOffersEachArgumentKind() {
    var lab = Interpreter(seed: 1)
    _ = lab.execute("client alice")
    #expect(lab.completions(for: "cra") == ["crash"])
    #expect(lab.completions(for: "crash ") == ["db1", "db2", "db3", "master"])
    #expect(lab.completions(for: "restart ") == ["db1", "db2", "db3"])
    #expect(lab.completions(for: "as ") == ["alice", "app"])
    #expect(lab.completions(for: "partition db1 ").contains("orch"))
    #expect(lab.completions(for: "sync-mode s") == ["semi", "sync"])
    #expect(lab.completions(for: "help sync-") == ["sync-commit", "sync-fallback", "sync-mode", "sync-standbys"])
    #expect(lab.completions(for: "add ") == ["replica", "standby"])
    // Quotes are read as the parser reads them: the key is one word.
    #expect(lab.completions(for: "get \"a b\" from ma") == ["master"])
    #expect(lab.completions(for: "get \"a b\" ") == ["from"])
  }
}
