import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The pictures: `timeline --svg`, `lag --svg`, `topology --svg`, parsed as XML and read as a
/// learner would look at them.
@Suite struct PictureTests {
  /// Parses `svg` and checks what every picture must have: well-formed, one `<svg>`, every arrow
  /// with a tooltip, no two label boxes overlapping.
  @discardableResult
  static func checkPicture(_ svg: String, _ comment: Comment? = nil) -> MarkupCheck {
    let m = MarkupCheck(svg)
    #expect(m.wellFormed, "\(m.error ?? "")")
    #expect(m.counts["svg"] == 1)
    #expect(m.arrowsWithoutTitle == 0, "every arrow has a tooltip")
    #expect(m.overlappingLabels.isEmpty, "label boxes overlap: \(m.overlappingLabels.prefix(3))")
    #expect(!svg.contains("\u{1B}"))
    return m
  }

  /// Lesson 3's story: an acknowledged write lost at the promotion and rolled back on the old
  /// master when it returns.
  static func lostWriteLab() -> Lab {
    var lab = Lab()
    lab.run("set balance 100", "wait 20ms", "set balance 50", "crash master", "promote", "restart db1", "wait 30ms")
    return lab
  }

  @Test func aLostWriteIsMarkedWhereItWasWrittenLostAndRolledBack() {
    let lab = Self.lostWriteLab()
    let svg = TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures)
    let m = Self.checkPicture(svg)
    #expect(m.texts.contains("LOST: set balance 50 -> seq 2 on db1"))
    #expect(m.texts.contains("seq 2 lost: db2 took over (epoch 2) without it"))
    #expect(m.texts.contains("seq 2 (epoch 1) rolled back on db1, which now follows db2"))
    #expect(m.elements("g", class: "loss").count == 2)
    // The write that survived is not marked.
    #expect(m.texts.contains("set balance 100 -> seq 1 on db1"))
    // Its tooltip carries the sentence the REPL printed.
    #expect(m.titles.contains { $0.contains("The REPL said: OK  seq 2 on db1 (master, epoch 1)") })
  }

  @Test func everyArrowAndMarkerHasATooltipWithItsDetails() {
    let lab = Self.lostWriteLab()
    let m = Self.checkPicture(TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures))
    #expect(m.drawnWithTitle > 10)
    #expect(m.titles.contains { $0.hasPrefix("db1 \u{2192} db2: seq 1. Sent t=0.000s, arrived t=0.010s (10 ms).") })
    #expect(m.titles.contains { $0.contains("Sender's epoch 1; 1 entry (seq 1-1, written in epoch 1") })
    #expect(m.titles.contains("t=0.020s: db1 crashes"))
    #expect(m.elements("g", class: "marker").count >= 3)
  }

  @Test func semiSyncWritesWaitVisiblyAndAsyncOnesDoNot() {
    var lab = Lab()
    lab.run("set a 1", "sync-mode semi", "set b 2")
    let m = Self.checkPicture(TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures))
    let ops = lab.interpreter.pictures.writes
    #expect(ops.count == 2)
    #expect(ops[0].end == .acknowledged(at: ops[0].invoked))
    guard case .acknowledged(let at) = ops[1].end else {
      Issue.record("semi-sync write not acknowledged: \(ops[1].end)")
      return
    }
    #expect(at > ops[1].invoked)
    #expect(m.texts.contains("seq 1: async, acknowledged at once") == false)
    #expect(m.texts.contains("seq 2: semi, waited \((at - ops[1].invoked).durationText)"))
    // The two bars differ in colour and the semi-sync one is taller.
    let rects = m.elements.filter { $0.name == "rect" && $0.attributes["fill-opacity"] == "0.85" }.map(\.attributes)
    #expect(rects.count == 2)
    #expect(rects[0]["fill"] != rects[1]["fill"])
    #expect(Int(rects[1]["height"]!)! > Int(rects[0]["height"]!)!)
  }

  @Test func aBlockedWriteShowsItsWait() {
    var lab = Lab()
    lab.run("sync-mode sync", "crash db3", "set a 1")
    let ops = lab.interpreter.pictures.writes
    #expect(ops.last?.end == .waiting)
    let m = Self.checkPicture(TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures))
    #expect(m.texts.contains("seq 1: still waiting for its acknowledgement"))
  }

  @Test func aLongQuietStretchIsCutAndSaysHowMuch() {
    var lab = Lab()
    lab.run("set a 1", "wait 30s", "set b 2", "wait 20ms")
    let m = Self.checkPicture(TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures))
    // Quiet stretches between heartbeats are cut, the longest (the folded heartbeats) about 28 s.
    #expect(m.elements("g", class: "cut").count >= 2)
    #expect(m.texts.contains { $0.hasPrefix("\u{22EF} 2") && $0.hasSuffix(" s cut") })
    #expect(m.titles.contains { $0.contains("of quiet time cut out here") })
  }

  /// Equal latencies are drawn the same height: the axis is linear between cuts.
  @Test func equalLatenciesLookEqual() {
    var lab = Lab()
    lab.run("set a 1", "wait 20ms", "set b 2", "wait 20ms")
    let m = Self.checkPicture(TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures))
    let arrows = m.elements.filter { $0.name == "line" && ($0.attributes["marker-end"] ?? "").contains("replication)") }
      .map { Int($0.attributes["y2"]!)! - Int($0.attributes["y1"]!)! }.filter { $0 != 0 }  // not the legend's
    #expect(arrows.count == 4)
    #expect(Set(arrows).count == 1, "\(arrows)")
  }

  @Test func labelsNeverOverlapInABusyPicture() {
    var lab = Lab(seed: 7)
    lab.run(
      "jitter 50ms", "loss 10%", "failover auto", "election raft", "detector phi 8", "set a 1", "set b 2", "set c 3",
      "wait 5s", "crash master", "wait 5s", "set d 4", "wait 1s")
    Self.checkPicture(TimelineSVG.render(lab.cluster, range: .last(200), notes: lab.interpreter.pictures))
  }

  @Test func theLabelPlacerPushesAsideAndNeverOverlaps() {
    var p = LabelPlacer()
    var boxes: [LabelPlacer.Box] = []
    for i in 0..<40 { boxes.append(p.place(.init(x: 100 + (i % 3) * 10, y: 50, width: 80, height: 14))) }
    for i in boxes.indices {
      for j in boxes.indices where j > i { #expect(!boxes[i].overlaps(boxes[j])) }
    }
    p.reserve(.init(x: 0, y: 0, width: 50, height: 50))
    let b = p.place(.init(x: 10, y: 10, width: 20, height: 10))
    #expect(!b.overlaps(.init(x: 0, y: 0, width: 50, height: 50)))
  }

  @Test func theTopologyShowsWhoFollowsWhomAfterAFailover() {
    var lab = Self.lostWriteLab()
    lab.run("crash db3")
    let svg = TopologySVG.render(lab.cluster)
    let m = Self.checkPicture(svg)
    #expect(m.elements("g", class: "node").count == 3)
    #expect(m.texts.contains("db2"))
    #expect(m.texts.contains("master, epoch 2, up"))
    #expect(m.texts.contains("DOWN"))
    #expect(m.titles.contains { $0.hasPrefix("db1 follows db2: streaming") })
    #expect(svg.contains("master db2, epoch 2"))
    let text = lab.run("topology").output
    #expect(text.hasPrefix("db2  master, epoch 2, up"))
    #expect(text.contains("\n  <- db1  replica, epoch 2, up, streaming, sync_state async"))
  }

  @Test func theLagChartFollowsASlowReplicaAndMarksSemiSyncChanges() {
    var lab = Lab()
    lab.run("sync-mode semi", "crash db2", "crash db3", "set a 1", "restart db2", "wait 2s", "slow db2 20")
    lab.run("load 100 writes over 2s", "wait 3s")
    let svg = LagChartSVG.render(lab.cluster, notes: lab.interpreter.pictures)
    let m = Self.checkPicture(svg)
    #expect(lab.interpreter.pictures.syncChanges.contains { !$0.waits })
    #expect(m.titles.contains { $0.contains("semi-sync") || $0.contains("Semi-sync") })
    #expect(m.titles.contains { $0.hasPrefix("db2 applied: seq ") })
    #expect(m.titles.contains { $0.hasPrefix("db2 is ") && $0.contains("behind now") })
    let data = LagChartSVG.data(lab.cluster)
    #expect((data.applied["db2"]?.count ?? 0) > 5)
    #expect(data.head.last!.value >= 101)
  }

  @Test func pictureCommandsWriteWhereTheLearnerAskedAndRefuseBadInput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pictures-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var lab = Self.lostWriteLab()
    lab.interpreter.workingDirectory = dir
    let r = lab.run("topology --svg t.svg")
    #expect(r.error == nil)
    #expect(r.output.hasSuffix("Wrote the topology as a picture to t.svg; open it in a browser."))
    #expect(try String(contentsOfFile: dir + "/t.svg", encoding: .utf8) == TopologySVG.render(lab.cluster))
    let l = lab.run("lag --svg l.svg")
    #expect(l.output.hasPrefix("db2 (master) is at seq 1"))
    #expect(l.output.hasSuffix("Wrote a chart of positions and lag over time to l.svg; open it in a browser."))
    #expect(FileManager.default.fileExists(atPath: dir + "/l.svg"))
    // A lesson may not write outside its directory or replace a file.
    #expect(
      lab.run("lag --svg ../escape.svg").error?.contains("outside") == true
        || lab.run("lag --svg ../escape.svg").error != nil)
    #expect(!FileManager.default.fileExists(atPath: dir + "/../escape.svg"))
    #expect(lab.run("topology --svg t.svg").error != nil)
    // Bad input: one line saying how to write it.
    for bad in ["topology --svg", "topology --force", "topology now", "lag --svg -x", "lag --svg a.svg --svg b.svg"] {
      let e = lab.run(bad)
      #expect(e.error != nil, "\(bad)")
      #expect(e.error?.contains("\n") == false, "\(bad)")
      #expect(e.output.isEmpty)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["l.svg", "t.svg"])
  }

  @Test func picturesAreDeterministic() {
    func draw() -> String {
      var lab = Lab(seed: 3)
      lab.run("sync-mode semi", "set a 1", "load 50 writes over 1s", "wait 2s", "crash master", "promote", "wait 1s")
      return TimelineSVG.render(lab.cluster, range: .last(120), notes: lab.interpreter.pictures)
        + LagChartSVG.render(lab.cluster, notes: lab.interpreter.pictures) + TopologySVG.render(lab.cluster)
    }
    #expect(draw() == draw())
  }
}
