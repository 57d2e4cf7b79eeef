/// Which layers a text table shows: all of them up to 30, else 1, 2, 3, 5 and
/// then 1-2-5 steps per decade, and always the last (JSON and CSV carry every layer).
enum ReportedLayers {
    static func select(depth: Int) -> [Int] {
        if depth <= 30 { return Array(1...depth) }
        var layers: [Int] = [1, 2, 3]
        var decade = 1
        while decade <= depth {
            for step in [5, 10, 20] where step * decade <= depth && step * decade > 3 {
                layers.append(step * decade)
            }
            decade *= 10
        }
        if layers.last != depth { layers.append(depth) }
        return Array(Set(layers)).sorted()
    }
}
