import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct LessonTests {
  @Test func linesAreSplitOnNewlines() {
    let lesson = Lesson(fileName: "01-x.lab", path: "Lessons/01-x.lab", text: "# Title\nset k v\n\nget k\n")
    #expect(lesson.lines == ["# Title", "set k v", "", "get k"])
    #expect(lesson.name == "01-x")
    #expect(lesson.title == "Title")
  }

  @Test func crlfFilesSplitLikeLFFiles() {
    let lf = Lesson(fileName: "a.lab", path: "a.lab", text: "# Title\nset k v\n\nget k\n")
    let crlf = Lesson(fileName: "a.lab", path: "a.lab", text: "# Title\r\nset k v\r\n\r\nget k\r\n")
    #expect(crlf.lines == lf.lines)
    #expect(LessonRunner.run(crlf).transcript == LessonRunner.run(lf).transcript)
    #expect(LessonRunner.run(crlf).errors == 0)
  }
}
