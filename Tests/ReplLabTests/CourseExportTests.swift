import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabPresentation

/// `repl-lab export`: the course as pages that parse as XHTML, step through the lesson's commands
/// with a picture for every step, fold an exercise's solution, and come out the same every time.
@Suite struct CourseExportTests {
  static func lesson(_ n: Int) throws -> Lesson {
    try LessonLibrary.find(String(n), in: Project.lessonsDirectory)
  }

  static func record(_ n: Int) throws -> LessonRecording {
    CourseExport.record(try lesson(n), lessonsDirectory: Project.lessonsDirectory)
  }

  @Test(arguments: [3, 15])
  func aLessonPageStepsThroughEveryCommandWithItsPictures(_ n: Int) throws {
    let lesson = try Self.lesson(n)
    let r = try Self.record(n)
    let commands = r.parts.filter { if case .command = $0 { true } else { false } }
    #expect(commands.count == r.steps)
    #expect(r.snapshots.count == r.steps + 1)
    // The page shows what the transcript shows: every command echo and output, in order.
    let transcript = LessonRunner.run(lesson, lessonsDirectory: Project.lessonsDirectory).transcript
    var echoes: [String] = []
    for case .command(_, let echo, let output, _) in r.parts {
      echoes.append(echo)
      #expect(transcript.contains(echo + (output.isEmpty ? "" : "\n" + output)))
    }
    #expect(echoes.count == transcript.components(separatedBy: "repl-lab> ").count - 1)
    let page = LessonPage.render(r, previous: nil, next: ("x.html", "Next"))
    let m = MarkupCheck(page)
    #expect(m.wellFormed, "\(m.error ?? "")")
    #expect(m.elements("section", class: "step").count == r.steps)
    #expect(m.elements.contains { $0.name == "button" && $0.attributes["id"] == "forward" })
    #expect(m.elements.contains { $0.name == "script" && $0.attributes["src"] == "course.js" })
    // Every step, 0 (before the first command) to the last, has its topology.
    let topologySteps = m.elements("figure", class: "snap").compactMap { $0["data-steps"] }
    var covered: [Int] = []
    for s in topologySteps { covered += s.split(separator: " ").map { Int($0)! } }
    #expect(Set(covered).isSuperset(of: 0...r.steps))
    // Nothing comes from the network, and no terminal colour leaks in.
    #expect(!page.contains("http://") || !page.replacing("http://www.w3.org/", with: "").contains("http://"))
    #expect(!page.contains("https://"))
    #expect(!page.contains("\u{1B}"))
    // Every picture on the page is a well-formed SVG whose labels do not overlap.
    for svg in r.pictures { PictureTests.checkPicture(svg) }
    // Marker ids are unique on the page.
    let ids = m.elements.compactMap { $0.attributes["id"] }
    #expect(ids.count == Set(ids).count)
  }

  @Test func lesson3ShowsTheLostWriteAndTheFailover() throws {
    let r = try Self.record(3)
    #expect(r.pictures.contains { $0.contains("LOST: set balance 50 -&gt; seq 2 on db1") })
    #expect(r.pictures.contains { $0.contains("master db2, epoch 2") })
    let final = r.finalTimeline.map { r.pictures[$0] } ?? ""
    #expect(final.contains("<svg"))
  }

  @Test func anExerciseShowsItsGoalAndFoldsItsHintsAndSolution() throws {
    let r = try Self.record(27)
    let page = LessonPage.render(r, previous: nil, next: nil)
    let m = MarkupCheck(page)
    #expect(m.wellFormed, "\(m.error ?? "")")
    #expect(m.elements("details", class: "solution").count == 1)
    // The whole story gives the solution away: folded too.
    #expect(m.elements("details", class: "story").count == 1)
    #expect(m.elements("details", class: "hint").count >= 2)
    #expect(m.elements("section", class: "goal").count == 1)
    #expect(page.contains("<div class=\"checks\"><h3>The goal is reached when</h3>"))
    // The solution's commands are inside the fold.
    let solution = page[page.range(of: "<details class=\"solution\"")!.lowerBound...]
    #expect(solution.contains("repl-lab&gt; set balance 50"))
  }

  @Test func theExportIsDeterministicAndWritesOnlyItsDirectory() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: base) }
    let lessons = [try Self.lesson(3), try Self.lesson(27)]
    let a = try CourseExport.export(lessons, to: base + "/a", lessonsDirectory: Project.lessonsDirectory)
    _ = try CourseExport.export(lessons, to: base + "/b", lessonsDirectory: Project.lessonsDirectory)
    #expect(
      a.files.sorted() == [
        ".repl-lab-export", "03-master-failover.html", "27-exercise-lose-a-write.html", "course.css", "course.js",
        "index.html",
      ])
    for f in a.files {
      let x = try Data(contentsOf: URL(fileURLWithPath: base + "/a/" + f))
      let y = try Data(contentsOf: URL(fileURLWithPath: base + "/b/" + f))
      #expect(x == y, "\(f) differs between two exports")
    }
    let index = try String(contentsOfFile: base + "/a/index.html", encoding: .utf8)
    let m = MarkupCheck(index)
    #expect(m.wellFormed)
    let links = m.elements.filter { $0.name == "a" }.compactMap { $0.attributes["href"] }
    #expect(links == ["03-master-failover.html", "27-exercise-lose-a-write.html"])
    // Again over an earlier export is fine; over a directory with other files is refused.
    _ = try CourseExport.export(lessons, to: base + "/a", lessonsDirectory: Project.lessonsDirectory)
    try FileManager.default.createDirectory(atPath: base + "/other", withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: base + "/other/notes.txt", contents: Data("mine".utf8)))
    #expect(throws: CourseExport.Refusal.self) {
      try CourseExport.export(lessons, to: base + "/other", lessonsDirectory: Project.lessonsDirectory)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/other") == ["notes.txt"])
  }
}

/// `repl-lab export` as a learner runs it: the built binary.
@Suite struct ExportCommandTests {
  @Test func theBinaryExportsLessonsAndRefusesWhatItCannotDo() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let ok = try BuiltBinary.run(
      ["export", "3", "15", "--to", "site", "--lessons-dir", Project.lessonsDirectory], in: dir)
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout == "Wrote 2 lesson pages and an index to site/; open site/index.html in a browser.\n")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/site").sorted()
    #expect(
      files == [
        ".repl-lab-export", "03-master-failover.html", "15-auto-failover.html", "course.css", "course.js", "index.html",
      ])
    let bad = try BuiltBinary.run(
      ["export", "99", "--to", "other", "--lessons-dir", Project.lessonsDirectory], in: dir)
    #expect(bad.status == 64)
    #expect(bad.stderr == "error: there is no lesson '99'; `lessons` lists them by number\n")
    #expect(!FileManager.default.fileExists(atPath: dir + "/other"))
    #expect(FileManager.default.createFile(atPath: dir + "/mine.txt", contents: Data("x".utf8)))
    let busy = try BuiltBinary.run(["export", "3", "--to", ".", "--lessons-dir", Project.lessonsDirectory], in: dir)
    #expect(busy.status == 64)
    #expect(busy.stderr.hasPrefix("error: . is not empty and holds no earlier export"))
  }
}

/// Every lesson of the course, exported: every page and every picture parses, and no picture has
/// two labels on top of each other.
@Suite struct WholeCourseExportTests {
  @Test(arguments: Project.lessonFileNames)
  func everyPageAndPictureOfTheCourseIsWellFormed(_ fileName: String) throws {
    let lesson = try Lesson.load(Project.lessonsDirectory + "/" + fileName)
    let r = CourseExport.record(lesson, lessonsDirectory: Project.lessonsDirectory)
    #expect(r.steps > 0)
    let page = LessonPage.render(r, previous: nil, next: nil)
    let m = MarkupCheck(page)
    #expect(m.wellFormed, "\(fileName): \(m.error ?? "")")
    #expect(m.elements("section", class: "step").count == r.steps)
    for svg in r.pictures {
      let p = MarkupCheck(svg)
      #expect(p.wellFormed, "\(fileName): \(p.error ?? "")")
      #expect(p.overlappingLabels.isEmpty, "\(fileName): labels overlap")
      #expect(p.arrowsWithoutTitle == 0, "\(fileName): an arrow without a tooltip")
    }
  }
}
