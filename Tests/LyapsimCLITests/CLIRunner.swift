import Foundation

/// Runs the built `lyapsim` binary, as a user would.
enum CLIRunner {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        #if DEBUG
        let config = "debug"
        #else
        let config = "release"
        #endif
        return root.appendingPathComponent(".build/\(config)/lyapsim")
    }

    /// `environment` adds to (or overrides) this process's environment.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `arguments` (which must include `--checkpoint checkpoint`),
    /// sends `signal` once the run has written its first checkpoint (its
    /// handlers are installed by then) and `delay` microseconds more, and
    /// returns the exit status.
    static func interrupted(_ arguments: [String], checkpoint: String, signal: Int32,
                            delay: useconds_t = 200_000) throws -> Int32 {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning { usleep(10_000) }
        usleep(delay)
        // A child already finished and reaped may have its pid reused: signal only a running one.
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
