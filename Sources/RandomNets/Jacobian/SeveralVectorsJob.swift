/// Work on several vectors pushed through the same random network: the
/// forward vector with tangent vectors (the Jacobian's spectrum), two inputs
/// (their angle), or the forward vector with the basis (the weights
/// themselves, for the backward pass).
///
/// The runner draws each layer's W once and applies it to all k vectors
/// (`WeightEnsemble.applyFresh`, compiled per ensemble and bit generator);
/// the job does everything that needs no random numbers, once per layer. A job
/// keeps per-sample state in the per-thread scratch it asks for and writes
/// results only to slots indexed by the sample, so the output does not depend
/// on the thread count.
public protocol SeveralVectorsJob: AnyObject, Sendable {
    /// k: vectors pushed through every layer.
    var vectorCount: Int { get }
    /// Standard normals the job needs per sample, drawn from the sample's
    /// stream before layer 1 (e.g. a random output direction).
    var startNormals: Int { get }
    /// Doubles of results the job keeps per sample (for the memory guard).
    var resultsPerSample: Int { get }
    /// Doubles of per-thread scratch memory at width n.
    func scratchCount(width n: Int) -> Int
    /// Writes the k input vectors (one after another) for sample `sample`.
    func start(sample: Int, vectors: UnsafeMutablePointer<Double>, normals: UnsafePointer<Double>,
               scratch: UnsafeMutablePointer<Double>)
    /// `images` holds W_l v for the k vectors v of the previous call; the job
    /// writes the next layer's k inputs to `vectors`. Returns false to stop
    /// the sample early (its signal died).
    func layer(_ layer: Int, sample: Int, images: UnsafeMutablePointer<Double>,
               vectors: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Bool
    /// After the last layer (or an early stop): write the sample's results.
    func finish(sample: Int, layersDone: Int, scratch: UnsafeMutablePointer<Double>)
}
