import RandomNets

let slope = 0.1, width = 8
let sigma = LeakyReLU(slope: slope).heGain
let spec = try NetworkSpec(width: width, depth: 200, slope: slope, ensemble: .gaussian, sigma: sigma)
let config = try SimulationConfig(samples: 1000, seed: 1)
let estimate = LyapunovEstimate(try Simulator.run(spec, config))
let theory = try LyapunovTheory.predict(ensemble: .gaussian, width: width, slope: slope, sigma: sigma)
let verdict = TheoryComparison(theory: theory, estimate: estimate)
print("lambda: theory \(theory.lyapunovExponent), Monte Carlo \(estimate.lyapunovExponent) +- \(estimate.standardError)")
print("s^2: theory \(theory.cltVariance), Monte Carlo \(estimate.cltVariance); sigma_crit \(theory.criticalSigma!)")
print(verdict.agrees ? "agrees" : "DISAGREES", "(z = \(verdict.zScore!))")
