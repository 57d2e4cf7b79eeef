import CLanes
import RandomNets

/// The instruction-set level of the trainer's C kernels (`lanes_gemm`,
/// `lanes_adamw`, `lanes_max_abs`): the CPU's best, capped by
/// `LYAPSIM_RNG_LEVEL` like the generator. Every level gives the same bits.
enum KernelLevel {
    static let value = min(Int32(Xoshiro256PlusPlusX8.Level.selected.rawValue), lanes_gemm_best_level())
}
