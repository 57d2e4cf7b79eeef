/// Numbers a run consumes that no stored property holds: the input directions
/// an ensemble's code chooses (`WeightEnsemble.startDirection` and
/// `secondDirection`). A run's identity is a digest of stored properties, so
/// on its own it would not see a change of that code: relu-orthogonal's
/// start moved from (1, ..., 1)/sqrt(N), which its W sends to 0, to
/// (e_1 - e_2)/sqrt(2), and a shard saved before would have merged with
/// samples drawn after. A value conforming here lists those numbers, and the
/// identity of a run started from it (`RunIdentity(command:startingFrom:)`)
/// digests them as well.
public protocol DerivedRunInputs {
    /// The numbers, in a fixed order.
    var derivedInputs: [Double] { get }
}

extension WeightEnsemble {
    /// The start direction at width n, then the second direction when the
    /// law has one there: every input a run of this law can start from.
    public func inputDirections(width n: Int) -> [Double] {
        guard n >= 1 else { return [] }
        var start = [Double](repeating: 0, count: n), second = start
        start.withUnsafeMutableBufferPointer { startDirection(width: n, into: $0.baseAddress!) }
        let hasSecond = second.withUnsafeMutableBufferPointer { secondDirection(width: n, into: $0.baseAddress!) }
        return hasSecond ? start + second : start
    }
}

extension NetworkSpec: DerivedRunInputs {
    /// The ensemble's input directions at the network's width.
    public var derivedInputs: [Double] { ensemble.inputDirections(width: width) }
}

extension Architecture: DerivedRunInputs {
    /// The first layer's input directions at N_0 (every run starts there).
    public var derivedInputs: [Double] { layers[0].ensemble.inputDirections(width: layers[0].fanIn) }
}
