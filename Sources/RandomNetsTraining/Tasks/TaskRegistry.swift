import RandomNets

/// The tasks by name.
public enum TaskRegistry {
    /// The tasks whose data lyapsim draws itself (T14's tasks).
    public static let synthetic: [any TrainingTask] = [QuinticTask(), MixtureScoreTask(), SpiralsTask(), TeacherTask()]
    /// Every task: the synthetic ones, then those on real data.
    public static let all: [any TrainingTask] = synthetic + [FashionMNISTTask()]
    /// Their names, in order.
    public static var names: [String] { all.map(\.name) }

    /// The task called `name`; `dataDirectory` (`--data-dir`) points a task
    /// on real data at another folder and is refused for synthetic tasks.
    /// - Throws: `InvalidParameter` (from RandomNets) naming the tasks if there is none.
    public static func named(_ name: String, dataDirectory: String? = nil) throws -> any TrainingTask {
        guard let task = all.first(where: { $0.name == name }) else {
            throw InvalidParameter(parameter: "task", "unknown task \(QuotedValue.quote(name)); one of \(names.joined(separator: ", "))")
        }
        guard let dataDirectory else { return task }
        guard let fileBacked = task as? any FileBackedTask else {
            let real = all.filter { $0 is any FileBackedTask }.map(\.name)
            throw InvalidParameter(parameter: "data-dir", "only with a task on real data (\(real.joined(separator: ", "))); \(name) draws its own data")
        }
        guard !dataDirectory.isEmpty else {
            throw InvalidParameter(parameter: "data-dir", "must be a folder path, got an empty string")
        }
        return fileBacked.reading(from: dataDirectory)
    }
}
