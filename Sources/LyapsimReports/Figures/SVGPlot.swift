import Foundation
import RandomNets

/// A small, dependency-free SVG line/scatter/histogram plot with axes, ticks,
/// labels and a legend: enough for the notebooks' figures, and deterministic
/// (every coordinate printed with two decimals) so regenerated figures are
/// byte-identical.
public struct SVGPlot: Sendable {
    public enum Axis: Sendable { case linear, log10, log2 }

    public enum Mark: Sendable {
        case line(dashed: Bool)
        case points
        /// Points with vertical error bars (half-widths in `errors`).
        case errorBars
        /// Histogram bars of the given width, centred on x.
        case bars(width: Double)
        /// A filled band between `lower` (in errors) and y.
        case band
    }

    public struct Series: Sendable {
        public var label: String?
        public var mark: Mark
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var errors: [Double]
        public var opacity: Double

        public init(label: String?, mark: Mark, color: String, points: [(x: Double, y: Double)],
                    errors: [Double] = [], opacity: Double = 1) {
            self.label = label
            self.mark = mark
            self.color = color
            self.points = points
            self.errors = errors
            self.opacity = opacity
        }
    }

    /// Okabe and Ito's colour-blind-safe palette.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xAxis: Axis = .linear
    public var series: [Series] = []
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Horizontal and vertical reference lines with labels.
    public var horizontalLines: [(y: Double, label: String)] = []
    public var verticalLines: [(x: Double, label: String)] = []
    public enum Corner: Sendable { case topLeft, topRight, bottomLeft, bottomRight }
    /// Where the legend sits inside the plot area.
    public var legendCorner = Corner.topRight
    public var width = 720.0
    public var height = 450.0

    public init(title: String, xLabel: String, yLabel: String, xAxis: Axis = .linear) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xAxis = xAxis
    }

    // Plot area margins.
    private let left = 78.0, right = 24.0, top = 46.0, bottom = 62.0

    private func tx(_ x: Double) -> Double {
        switch xAxis {
        case .linear: return x
        case .log10: return log10(x)
        case .log2: return log2(x)
        }
    }

    public func render() -> String {
        let xs = series.flatMap { s in s.points.map(\.x) } + verticalLines.map(\.x)
        // Log axes are padded by nothing (a linear pad could cross zero).
        let xr = xRange ?? Self.range(xs, pad: xAxis == .linear ? 0.02 : 0)
        let yValues = series.flatMap { s -> [Double] in
            s.points.enumerated().flatMap { i, p -> [Double] in
                let e = i < s.errors.count ? s.errors[i] : 0
                switch s.mark {
                case .errorBars: return [p.y - e, p.y + e]
                case .band: return [p.y, e]
                case .bars: return [0, p.y]
                default: return [p.y]
                }
            }
        } + horizontalLines.map(\.y)
        let yr = yRange ?? Self.range(yValues, pad: 0.06)
        let x0 = tx(xr.lowerBound), x1 = tx(xr.upperBound)
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + (yr.upperBound - y) / (yr.upperBound - yr.lowerBound) * plotH }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="26" text-anchor="middle" font-size="16" font-weight="bold">\(Self.escape(title))</text>
        <defs><clipPath id="plot"><rect x="\(f(left))" y="\(f(top))" width="\(f(plotW))" height="\(f(plotH))"/></clipPath></defs>

        """
        // Grid and ticks.
        for t in Self.ticks(yr) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
        }
        for t in xTicks(xr) {
            svg += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotH))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        svg += "<text transform=\"translate(20 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>\n"
        svg += "<g clip-path=\"url(#plot)\">\n"
        for h in horizontalLines {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(h.y)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(h.y)))\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n"
            svg += "<text x=\"\(f(left + 6))\" y=\"\(f(py(h.y) - 5))\" fill=\"#333\">\(Self.escape(h.label))</text>\n"
        }
        for v in verticalLines {
            svg += "<line x1=\"\(f(px(v.x)))\" y1=\"\(f(top))\" x2=\"\(f(px(v.x)))\" y2=\"\(f(top + plotH))\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n"
            svg += "<text x=\"\(f(px(v.x) + 5))\" y=\"\(f(top + 16))\" fill=\"#333\">\(Self.escape(v.label))</text>\n"
        }
        for s in series {
            let op = s.opacity < 1 ? " opacity=\"\(f(s.opacity))\"" : ""
            switch s.mark {
            case .line(let dashed):
                let path = s.points.filter { $0.x.isFinite && $0.y.isFinite }
                    .map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"7 4\"" : "")\(op)/>\n"
            case .points:
                for p in s.points where p.x.isFinite && p.y.isFinite {
                    svg += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(s.color)\"\(op)/>\n"
                }
            case .errorBars:
                for (i, p) in s.points.enumerated() where p.x.isFinite && p.y.isFinite {
                    let e = i < s.errors.count ? s.errors[i] : 0
                    svg += "<line x1=\"\(f(px(p.x)))\" y1=\"\(f(py(p.y - e)))\" x2=\"\(f(px(p.x)))\" y2=\"\(f(py(p.y + e)))\" stroke=\"\(s.color)\" stroke-width=\"1.5\"/>\n"
                    svg += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3.5\" fill=\"white\" stroke=\"\(s.color)\" stroke-width=\"1.5\"/>\n"
                }
            case .bars(let w):
                for p in s.points {
                    let xa = px(p.x - w / 2), xb = px(p.x + w / 2)
                    svg += "<rect x=\"\(f(xa))\" y=\"\(f(py(p.y)))\" width=\"\(f(xb - xa))\" height=\"\(f(py(0) - py(p.y)))\" fill=\"\(s.color)\" fill-opacity=\"0.45\" stroke=\"\(s.color)\" stroke-width=\"0.5\"/>\n"
                }
            case .band:
                let upper = s.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }
                let lower = zip(s.points, s.errors).reversed().map { "\(f(px($0.0.x))),\(f(py($0.1)))" }
                svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(s.color)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
            }
        }
        svg += "</g>\n"
        // Legend, top right inside the plot.
        let labelled = series.filter { $0.label != nil }
        if !labelled.isEmpty {
            let lw = Double(labelled.map { $0.label!.count }.max()!) * 7.2 + 44
            let lh = Double(labelled.count) * 20 + 8
            let onLeft = legendCorner == .topLeft || legendCorner == .bottomLeft
            let onTop = legendCorner == .topLeft || legendCorner == .topRight
            let lx = onLeft ? left + 8 : left + plotW - lw - 8
            let ly = onTop ? top + 8 : top + plotH - lh - 8
            svg += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"\(f(lw))\" height=\"\(f(lh))\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n"
            for (i, s) in labelled.enumerated() {
                let y = ly + 18 + Double(i) * 20
                switch s.mark {
                case .line(let dashed):
                    svg += "<line x1=\"\(f(lx + 8))\" y1=\"\(f(y - 4))\" x2=\"\(f(lx + 32))\" y2=\"\(f(y - 4))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"7 4\"" : "")/>\n"
                case .bars, .band:
                    svg += "<rect x=\"\(f(lx + 8))\" y=\"\(f(y - 10))\" width=\"24\" height=\"10\" fill=\"\(s.color)\" fill-opacity=\"0.45\"/>\n"
                default:
                    svg += "<circle cx=\"\(f(lx + 20))\" cy=\"\(f(y - 4))\" r=\"3.5\" fill=\"white\" stroke=\"\(s.color)\" stroke-width=\"1.5\"/>\n"
                }
                svg += "<text x=\"\(f(lx + 38))\" y=\"\(f(y))\">\(Self.escape(s.label!))</text>\n"
            }
        }
        svg += "</svg>\n"
        return svg
    }

    private func xTicks(_ r: ClosedRange<Double>) -> [Double] {
        switch xAxis {
        case .linear: return Self.ticks(r)
        case .log10:
            return (Int(floor(log10(r.lowerBound)))...Int(ceil(log10(r.upperBound))))
                .map { pow(10, Double($0)) }.filter { r.contains($0) }
        case .log2:
            return (Int(floor(log2(r.lowerBound)))...Int(ceil(log2(r.upperBound))))
                .map { pow(2, Double($0)) }.filter { r.contains($0) }
        }
    }

    static func range(_ values: [Double], pad: Double) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        if lo == hi { return (lo - 1)...(hi + 1) }
        let d = (hi - lo) * pad
        return (lo - d)...(hi + d)
    }

    /// About six "nice" ticks (1, 2 or 5 times a power of ten) inside r.
    static func ticks(_ r: ClosedRange<Double>) -> [Double] {
        let span = r.upperBound - r.lowerBound
        guard span.isFinite, span > 0 else { return [] }
        let raw = span / 6
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = ceil(r.lowerBound / step) * step
        var out: [Double] = []
        while t <= r.upperBound + step * 1e-9 && out.count < 100 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    static func label(_ v: Double) -> String {
        let s = String(format: "%g", v)
        return s == "-0" ? "0" : s
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
