//! Closed intervals of reals: every printed figure stands for the interval its rounding allows, and
//! a statement holds when the interval of the stated figure meets the interval of the recomputed one.

/// `[lo, hi]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Iv {
    pub lo: f64,
    pub hi: f64,
}

/// Float noise allowed when comparing bounds (relative).
const EPS: f64 = 1e-9;

impl Iv {
    pub fn new(a: f64, b: f64) -> Iv {
        if a <= b { Iv { lo: a, hi: b } } else { Iv { lo: b, hi: a } }
    }
    pub fn around(v: f64, half: f64) -> Iv {
        Iv::new(v - half, v + half)
    }
    pub fn mid(&self) -> f64 {
        (self.lo + self.hi) / 2.0
    }
    fn slack(&self, o: &Iv) -> f64 {
        EPS * (1.0 + self.lo.abs().max(self.hi.abs()).max(o.lo.abs()).max(o.hi.abs()))
    }
    pub fn meets(&self, o: &Iv) -> bool {
        let e = self.slack(o);
        self.lo <= o.hi + e && o.lo <= self.hi + e
    }
    pub fn contains(&self, v: f64) -> bool {
        self.meets(&Iv::around(v, 0.0))
    }
    pub fn has_zero(&self) -> bool {
        self.lo <= 0.0 && self.hi >= 0.0
    }
    pub fn intersect(&self, o: &Iv) -> Option<Iv> {
        let lo = self.lo.max(o.lo);
        let hi = self.hi.min(o.hi);
        (lo <= hi).then_some(Iv { lo, hi })
    }
    pub fn add(&self, o: &Iv) -> Iv {
        Iv::new(self.lo + o.lo, self.hi + o.hi)
    }
    pub fn sub(&self, o: &Iv) -> Iv {
        Iv::new(self.lo - o.hi, self.hi - o.lo)
    }
    pub fn neg(&self) -> Iv {
        Iv::new(-self.hi, -self.lo)
    }
    pub fn abs(&self) -> Iv {
        if self.has_zero() {
            Iv::new(0.0, self.lo.abs().max(self.hi.abs()))
        } else {
            Iv::new(self.lo.abs(), self.hi.abs())
        }
    }
    pub fn scale(&self, k: f64) -> Iv {
        Iv::new(self.lo * k, self.hi * k)
    }
    /// `self / o`; `None` when `o` may be zero (the quotient is unbounded).
    pub fn div(&self, o: &Iv) -> Option<Iv> {
        if o.has_zero() {
            return None;
        }
        let c = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi];
        let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo.is_finite() && hi.is_finite()).then_some(Iv { lo, hi })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_keeps_rounding_of_both_sides() {
        let a = Iv::around(1966.7, 0.05);
        let b = Iv::around(324.9, 0.05);
        let r = a.div(&b).unwrap();
        assert!(r.contains(6.0537));
        assert!(!r.contains(6.06));
        assert!(Iv::around(1.0, 1.0).div(&Iv::around(0.0, 0.1)).is_none());
    }
}
