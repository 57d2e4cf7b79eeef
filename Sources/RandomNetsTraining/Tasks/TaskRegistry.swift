import RandomNets

/// The tasks by name.
public enum TaskRegistry {
    /// Every task `--task` accepts.
    public static let all: [any TrainingTask] = [QuinticTask(), MixtureScoreTask(), SpiralsTask(), TeacherTask()]
    /// Their names, in order.
    public static var names: [String] { all.map(\.name) }

    /// The task called `name`.
    /// - Throws: `InvalidParameter` (from RandomNets) naming the tasks if there is none.
    public static func named(_ name: String) throws -> any TrainingTask {
        guard let task = all.first(where: { $0.name == name }) else {
            throw InvalidParameter(parameter: "task", "unknown task '\(name)'; one of \(names.joined(separator: ", "))")
        }
        return task
    }
}
