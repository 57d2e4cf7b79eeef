import RandomNets

/// Regression on the outputs of a random teacher network of the student's
/// shape (lyapsim's fourth task): d_in = 2, d_out = 1, inputs x ~ N(0, I).
/// The teacher has the student's width, depth, activation and zero biases;
/// its outer layers are drawn as the students' are (`WeightDrawing`), its
/// hidden layers Gaussian at sigma_crit (Leaky ReLU; He's gain for other
/// activations), so its output neither vanishes nor explodes with depth.
/// A teacher whose output is constant on the training inputs (a dead ReLU
/// network: most draws at width 2) is drawn again from the same stream.
/// Targets are divided by their standard deviation on the training set, so
/// every teacher's targets have variance about 1. Caveat, stated in the
/// README: the teacher's hidden law is the one `lyapunov` initializes with.
public struct TeacherTask: TrainingTask {
    public let name = "teacher"
    public let definition = "x ~ N(0, I_2); y = f_teacher(x) / sd, a random network of the student's shape (hidden layers Gaussian at sigma_crit, zero biases), sd its output's standard deviation on the training set (a teacher constant there is drawn again); MSE"
    public let inputs = 2
    public let outputs = 1
    public let loss = TrainingLoss.meanSquaredError
    public let referenceWidth = 2
    public let referenceDepth = 30

    /// The task (it has no parameters).
    public init() {}

    public func makeData(count: Int, evaluation: Int, context: TaskContext,
                         stream: inout RandomStream<Xoshiro256PlusPlus>) throws -> (train: Dataset, evaluation: Dataset) {
        let c = context.shape
        let shape = try MLPShape(inputs: inputs, width: c.width, depth: c.depth, outputs: outputs, biases: false)
        // sigma_crit needs a nonzero slope; ReLU's teacher (and other activations') uses He's gain.
        let critical = (context.slope ?? 0) != 0
        let law = try HiddenInitialization.named(critical ? "lyapunov" : "he", width: c.width, depth: c.depth, slope: context.slope)
        var xs = [Double](repeating: 0, count: 2 * (count + evaluation))
        for e in xs.indices { xs[e] = stream.nextNormal() }
        // The teacher is drawn again (from the same stream, so still a function
        // of the run) until its output varies on the training inputs: a ReLU
        // teacher of width 2 is dead, a constant, in most draws, and a constant
        // target has nothing to learn (and a constant predictor of loss 0).
        for _ in 0..<Self.maxTeacherDraws {
            var teacher = [Double](repeating: 0, count: shape.parameterCount)
            teacher.withUnsafeMutableBufferPointer { p in
                WeightDrawing.drawOuterLayers(p.baseAddress!, shape: shape, input: .common(gain: context.inputGain), stream: &stream)
                WeightDrawing.drawHiddenLayers(p.baseAddress!, shape: shape, ensemble: law.ensemble, stream: &stream)
            }
            let train = try outputs(of: teacher, shape: shape, context: context, inputs: Array(xs[0..<(2 * count)]), count: count)
            // Standardize by the training targets' standard deviation (scale only).
            let mean = train.reduce(0, +) / Double(count)
            let variance = train.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
            guard variance > 0, variance.isFinite, (mean * mean / variance).isFinite else { continue }
            let held = try outputs(of: teacher, shape: shape, context: context, inputs: Array(xs[(2 * count)...]), count: evaluation)
            let scale = 1 / variance.squareRoot()
            return (Dataset(count: count, inputs: Self.featureMajor(xs, from: 0, count: count), targets: train.map { $0 * scale }),
                    Dataset(count: evaluation, inputs: Self.featureMajor(xs, from: count, count: evaluation), targets: held.map { $0 * scale }))
        }
        throw InvalidParameter(parameter: "task", "teacher: \(Self.maxTeacherDraws) teacher networks of width \(c.width) and depth \(c.depth) in a row had a constant (or non-finite) output; with this activation the teacher task needs a wider or shallower network")
    }

    /// Draws of a teacher before giving up on a constant one.
    static let maxTeacherDraws = 1000

    /// Samples were drawn as (x1, x2) pairs; the data set is feature-major.
    static func featureMajor(_ xs: [Double], from first: Int, count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: 2 * count)
        for s in 0..<count {
            out[s] = xs[2 * (first + s)]
            out[count + s] = xs[2 * (first + s) + 1]
        }
        return out
    }

    private func outputs(of teacher: [Double], shape: MLPShape, context: TaskContext, inputs pairs: [Double], count: Int) throws -> [Double] {
        let x = Self.featureMajor(pairs, from: 0, count: count)
        return Self.evaluate(teacher, shape: shape, activation: context.activation, inputs: x, count: count)
    }

    static func evaluate(_ params: [Double], shape: MLPShape, activation: any Activation, inputs x: [Double], count: Int) -> [Double] {
        func run<Phi: Activation>(_ phi: Phi) -> [Double] {
            let chunk = min(count, TrainingRun.probeCount)
            let pass = MLPPass(shape: shape, activation: phi, capacity: chunk)
            var out = [Double](repeating: 0, count: count)
            var buffer = [Double](repeating: 0, count: shape.inputs * chunk)
            var start = 0
            while start < count {
                let c = min(chunk, count - start)
                for f in 0..<shape.inputs { for s in 0..<c { buffer[f * c + s] = x[f * count + start + s] } }
                params.withUnsafeBufferPointer { p in
                    buffer.withUnsafeBufferPointer { b in pass.forward(parameters: p.baseAddress!, input: b.baseAddress!, count: c) }
                }
                for s in 0..<c { out[start + s] = pass.output[s] }
                start += c
            }
            return out
        }
        return run(activation)
    }
}
