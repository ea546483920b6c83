import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `preset NAME`: run the preset's lab commands as one step. They run on a copy first, so a preset
  /// that cannot apply (say, no replica left to name) changes nothing.
  package mutating func runPreset(_ preset: Preset?) throws -> Reply {
    guard let preset else { return Reply(output: PresetView.list(active: self.preset)) }
    let commands = preset.commands(for: cluster)
    var trial = self
    for line in commands {
      do {
        _ = try trial.run(try Parser.parse(line))
      } catch {
        throw CommandRegistry.error(Refusal.presetCannotApply(preset, refused: line), command: "preset")
      }
    }
    // Settings commands can leave events behind (a released write); they belong to this command.
    trial.preset = preset
    self = trial
    return Reply(output: PresetView.applied(preset, commands: commands))
  }

  /// `preset off`: keep the settings, stop showing the system's parameter names.
  package mutating func runPresetOff() throws -> Reply {
    guard let preset else {
      throw CommandRegistry.error(Refusal.noPreset, command: "preset")
    }
    self.preset = nil
    return Reply(output: Explain.presetOff(preset))
  }
}
