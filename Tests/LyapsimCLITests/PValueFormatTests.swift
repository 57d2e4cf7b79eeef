import Foundation
import LyapsimReports
import Testing

/// A printed p value must say on which side of the test's level it lies:
/// the tables' verdicts (Holm-adjusted p < level) are read from these cells.
@Suite("A printed p value is on the same side of the level as the p value")
struct PValueFormatTests {
    @Test("Two digits where they decide, more only where two would print the level")
    func digitsWhereTheyDecide() {
        #expect(NumberFormat.pValue(0.3) == "0.3")
        #expect(NumberFormat.pValue(0.00042) == "0.00042")
        #expect(NumberFormat.pValue(0.0497) == "0.0497")
        #expect(NumberFormat.pValue(0.0504) == "0.0504")
        // Three digits would still print "0.05" here (the %g form drops the zeros).
        #expect(NumberFormat.pValue(0.05002) == "0.05002")
        #expect(NumberFormat.pValue(0.049996) == "0.049996")
        #expect(NumberFormat.pValue(0.05) == "0.05")
        #expect(NumberFormat.pValue(0.0101, level: 0.01) == "0.0101")
        #expect(NumberFormat.pValue(1) == "1")
    }

    @Test("Over a grid around the level, the printed value decides as the value does")
    func sideIsKept() throws {
        for level in [0.05, 0.01] {
            for step in -2000...2000 {
                let p = level * (1 + Double(step) * 1e-6)
                let printed = NumberFormat.pValue(p, level: level)
                let value = try #require(Double(printed))
                #expect((value < level) == (p < level), "p = \(p) printed \(printed) at level \(level)")
            }
        }
    }
}
