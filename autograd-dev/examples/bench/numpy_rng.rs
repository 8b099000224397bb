//! numpy's `numpy.random.default_rng(seed)`: its `PCG64` bit generator is `rand_pcg`'s
//! `Pcg64` (PCG XSL RR 128/64), seeded through numpy's `SeedSequence`, written out here for a
//! one-word seed; so the benchmark starts from the same numbers as the Python peers.

use rand::RngCore;
use rand_pcg::Pcg64;

/// `numpy.random.default_rng(seed)`'s bit generator.
pub fn numpy_default_rng(seed: u64) -> Pcg64 {
    let s = seed_sequence_state(seed, 8);
    let word = |i: usize| (s[2 * i] as u64 | (s[2 * i + 1] as u64) << 32) as u128;
    // numpy's PCG64 takes (state, stream) from SeedSequence's first four 64-bit words, and
    // seeds exactly as `Pcg64::new` does (increment = 2·stream + 1, add the state, step).
    Pcg64::new(word(0) << 64 | word(1), word(2) << 64 | word(3))
}

/// `Generator.uniform(low, high)`: `low + (high - low) * u` with a 53-bit `u` in [0, 1).
pub fn uniform(rng: &mut Pcg64, low: f64, high: f64) -> f64 {
    let u = (rng.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0);
    low + (high - low) * u
}

/// `numpy.random.SeedSequence(seed).generate_state(n_words)` (32-bit words) for a seed < 2³².
fn seed_sequence_state(seed: u64, n_words: usize) -> Vec<u32> {
    const INIT_A: u32 = 0x43b0_d7e5;
    const MULT_A: u32 = 0x931e_8875;
    const INIT_B: u32 = 0x8b51_f9dd;
    const MULT_B: u32 = 0x58f3_8ded;
    const MIX_MULT_L: u32 = 0xca01_f9dd;
    const MIX_MULT_R: u32 = 0x4973_f715;
    assert!(seed <= u32::MAX as u64, "only one-word seeds are implemented");
    let mut hash_const = INIT_A;
    let mut hashmix = |value: u32| {
        let mut v = value ^ hash_const;
        hash_const = hash_const.wrapping_mul(MULT_A);
        v = v.wrapping_mul(hash_const);
        v ^ (v >> 16)
    };
    let mix = |x: u32, y: u32| {
        let r = MIX_MULT_L.wrapping_mul(x).wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        r ^ (r >> 16)
    };
    let entropy = [seed as u32];
    let mut pool = [0u32; 4];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(entropy.get(i).copied().unwrap_or(0));
    }
    for src in 0..pool.len() {
        for dst in 0..pool.len() {
            if src != dst {
                pool[dst] = mix(pool[dst], hashmix(pool[src]));
            }
        }
    }
    let mut hash_const = INIT_B;
    (0..n_words)
        .map(|i| {
            let mut v = pool[i % pool.len()] ^ hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            v = v.wrapping_mul(hash_const);
            v ^ (v >> 16)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// numpy: `SeedSequence(3).generate_state(4, np.uint64)`,
    /// `default_rng(3).bit_generator.random_raw(3)` and `common.w5_data()`.
    #[test]
    fn reproduces_numpy_default_rng() {
        let s = seed_sequence_state(3, 8);
        assert_eq!(s[0] as u64 | (s[1] as u64) << 32, 0xad06_8d6f_5dfd_711b);
        assert_eq!(s[6] as u64 | (s[7] as u64) << 32, 0x176c_45c5_e335_5f0f);
        let mut rng = numpy_default_rng(3);
        let raw: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(raw, [0x15ed_1a93_cfbe_c2f8, 0x3c9f_9d05_2def_d3f5, 0xcd20_52c7_2e6d_ec36]);
        assert_eq!(crate::scalar::w5_data().len(), 1000); // checks the numbers too
    }
}
