import RandomNets

/// The tasks by name.
public enum TaskRegistry {
    public static let all: [any TrainingTask] = [QuinticTask(), MixtureScoreTask(), SpiralsTask(), TeacherTask()]
    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) throws -> any TrainingTask {
        guard let task = all.first(where: { $0.name == name }) else {
            throw InvalidParameter(parameter: "task", "unknown task '\(name)'; one of \(names.joined(separator: ", "))")
        }
        return task
    }
}
