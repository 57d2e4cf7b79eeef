import Foundation
import Testing

/// `init --save-weights FILE.npz`: the drawn network in NumPy's format, in
/// PyTorch's nn.Linear layout, equal to sample 0 of `estimate --widths` with
/// the same seed and generator.
@Suite("CLI: init --widths and --save-weights")
struct SaveWeightsTests {
    static func requireNumPy() throws {
        if try ShellRunner.run("python3", ["-c", "import numpy"]).status != 0 {
            let pip = try ShellRunner.run("python3", ["-m", "pip", "install", "--quiet", "--break-system-packages", "numpy"])
            try #require(pip.status == 0, "pip install numpy failed: \(pip.stderr)")
        }
    }

    @Test("the .npz loads in NumPy with shapes (N_l, N_l-1), orthonormal columns or rows at the chosen scale, and a NumPy forward pass reproduces estimate's S_L of sample 0",
          arguments: [("orthogonal", "6,12,3,9", "lyapunov"), ("gaussian", "784,16,16,10", "he"), ("uniform", "5,5,5", "he")])
    func roundTrip(ensemble: String, widths: String, rule: String) throws {
        try Self.requireNumPy()
        let dir = try ShellRunner.scratch()
        let npz = dir.appendingPathComponent("w.npz").path, npy = dir.appendingPathComponent("s.npy").path
        let common = ["--widths", widths, "--slope", "0.2", "--ensemble", ensemble, "--seed", "5", "--rng", "xoshiro256++x8"]
        let saved = try CLIRunner.run(["init"] + common + ["--init", rule, "--save-weights", npz, "--format", "json"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let run = try CLIRunner.run(["estimate"] + common + ["--init", rule, "--samples", "3", "--save-samples", npy])
        #expect(run.status == 0, "\(run.stderr)")
        let report = dir.appendingPathComponent("init.json")
        try Data(saved.stdout.utf8).write(to: report)
        let check = """
            import sys, json, numpy as np
            d = np.load(sys.argv[1]); s = np.load(sys.argv[2]); j = json.load(open(sys.argv[3]))
            ensemble, rule = sys.argv[4], sys.argv[5]
            widths = j['widths'] if 'widths' in j else [int(w) for w in sys.argv[6].split(',')]; L = len(widths) - 1
            assert sorted(d.files) == sorted(['W%d' % l for l in range(1, L + 1)] + ['b%d' % l for l in range(1, L + 1)])
            x = np.ones(widths[0]) / np.sqrt(widths[0]); S = 0.0
            for l in range(1, L + 1):
                W, b = d['W%d' % l], d['b%d' % l]
                n, m = widths[l - 1], widths[l]
                assert W.dtype == np.float64 and W.shape == (m, n) and b.shape == (m,) and not b.any()
                layer = j['layers'][l - 1] if 'layers' in j else {'he_sigma': np.sqrt(2 / 1.04)}
                sigma = layer['critical_sigma'] if rule == 'lyapunov' else layer['he_sigma']
                if ensemble == 'orthogonal':
                    G = W @ W.T if m < n else W.T @ W      # sigma^2 I for orthonormal rows / columns
                    assert np.allclose(G, sigma ** 2 * np.eye(min(m, n)), atol=1e-12), l
                else:                                      # E W_ij^2 = sigma^2 / fan_in, within 6 sd of the mean square
                    ms = (W ** 2).mean(); sd = np.sqrt(2.0 / W.size) * sigma ** 2 / n * (1.0 if ensemble == 'gaussian' else 0.6)
                    assert abs(ms - sigma ** 2 / n) <= 6 * sd + 1e-15, (l, ms, sigma ** 2 / n)
                h = W @ x + b; y = np.where(h >= 0, h, 0.2 * h); r = np.linalg.norm(y); S += np.log(r); x = y / r
            print(abs(S - s[0]) <= 1e-12 * max(1, abs(s[0])), abs(S - s[1]) <= 1e-12 * max(1, abs(s[1])))
            """
        let py = try ShellRunner.run("python3", ["-c", check, npz, npy, report.path, ensemble, rule, widths])
        #expect(py.status == 0, "\(py.stderr)")
        // Equal to sample 0, and (power) not to sample 1.
        #expect(py.stdout.hasPrefix("True False"), "\(py.stdout)")
    }

    @Test("init --widths: per-layer He sigma, mean log-gain and critical_sigma; Lyapunov's E S_L is 0")
    func layersJSON() throws {
        let out = try CLIRunner.run(["init", "--widths", "784,64,64,10", "--slope", "0.1", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let layers = try #require(doc["layers"] as? [[String: Any]])
        #expect(layers.count == 3)
        let critical = layers.compactMap { $0["critical_sigma"] as? Double }
        #expect(critical.count == 3 && critical[0] > 3 * critical[1])   // the 784 -> 64 layer needs far more gain
        let lyapunov = try #require(doc["lyapunov"] as? [String: Any])
        #expect(abs(try #require(lyapunov["mean_log_norm"] as? Double)) <= 1e-12)
    }

    @Test("--save-weights refusals: not .npz (64), an unwritable path (73), nothing half-written")
    func refusals() throws {
        let dir = try ShellRunner.scratch()
        let bad = try CLIRunner.run(["init", "--widths", "8,4", "--slope", "0.1", "--save-weights", dir.appendingPathComponent("w.txt").path])
        #expect(bad.status == 64 && bad.stderr.contains("--save-weights") && bad.stderr.split(separator: "\n").count == 1)
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
        let target = locked.appendingPathComponent("w.npz").path
        let denied = try CLIRunner.run(["init", "--widths", "8,4", "--slope", "0.1", "--save-weights", target])
        if getuid() != 0 {   // root writes anywhere
            #expect(denied.status == 73, "\(denied.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
        let folderPath = dir.appendingPathComponent("x.npz")
        try FileManager.default.createDirectory(at: folderPath, withIntermediateDirectories: true)
        let folder = try CLIRunner.run(["init", "--widths", "8,4", "--slope", "0.1", "--save-weights", folderPath.path])
        #expect(folder.status == 73 && folder.stderr.contains("is a folder"), "\(folder.stderr)")
        let noWidth = try CLIRunner.run(["init", "--slope", "0.1"])
        #expect(noWidth.status == 64 && noWidth.stderr.contains("--width"))
        // --depth beyond one array per layer's limit names --depth and is refused at
        // once (building 1e8 layers first took hours); the limit itself is accepted.
        let deep = dir.appendingPathComponent("deep.npz").path
        let tooDeep = try CLIRunner.run(["init", "--width", "2", "--depth", "100000000", "--slope", "0.1", "--save-weights", deep])
        #expect(tooDeep.status == 64 && tooDeep.stderr.contains("--depth: with --save-weights an integer from 1 to 10000")
                && tooDeep.stderr.split(separator: "\n").count == 1, "\(tooDeep.stderr)")
        #expect(!FileManager.default.fileExists(atPath: deep))
        let atLimit = try CLIRunner.run(["init", "--width", "2", "--depth", "10000", "--slope", "0.1", "--save-weights", deep, "--format", "csv"])
        #expect(atLimit.status == 0, "\(atLimit.stderr)")
    }
}
