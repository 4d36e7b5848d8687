//! The rounding rule: which true values a figure is consistent with, given how it was written.
//!
//! As statcheck and the GRIM test do, a stated value is consistent with a computation when the
//! exact result rounds (or truncates) to it at the precision it was written with: "54,85%" is
//! consistent with anything in [54.845, 54.86). Qualifiers widen the set: "hơn 32" is anything
//! above 32, "khoảng 600" anything within 10 % of 600, a range "200 – 230" the whole range.

use crate::model::{Fact, Kind, Qualifier};

/// Relative width of "khoảng", "gần", "xấp xỉ": generous on purpose, a wrong finding costs more
/// than a missed one.
const APPROX: f64 = 0.10;

/// A closed interval of real values. `lo` may be -inf and `hi` +inf.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iv {
    pub lo: f64,
    pub hi: f64,
}

impl Iv {
    pub fn point(v: f64) -> Iv {
        Iv { lo: v, hi: v }
    }

    pub fn new(lo: f64, hi: f64) -> Iv {
        Iv {
            lo: lo.min(hi),
            hi: hi.max(lo),
        }
    }

    pub fn add(self, o: Iv) -> Iv {
        Iv::new(self.lo + o.lo, self.hi + o.hi)
    }

    pub fn sub(self, o: Iv) -> Iv {
        Iv::new(self.lo - o.hi, self.hi - o.lo)
    }

    pub fn mul(self, o: Iv) -> Iv {
        let c = [
            self.lo * o.lo,
            self.lo * o.hi,
            self.hi * o.lo,
            self.hi * o.hi,
        ];
        let c: Vec<f64> = c
            .iter()
            .map(|x| if x.is_nan() { 0.0 } else { *x })
            .collect();
        Iv::new(
            c.iter().cloned().fold(f64::INFINITY, f64::min),
            c.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        )
    }

    /// Division; `None` when the divisor's interval holds zero.
    pub fn div(self, o: Iv) -> Option<Iv> {
        if o.lo <= 0.0 && o.hi >= 0.0 {
            return None;
        }
        Some(self.mul(Iv::new(1.0 / o.hi, 1.0 / o.lo)))
    }

    pub fn scale(self, k: f64) -> Iv {
        Iv::new(self.lo * k, self.hi * k)
    }

    /// True when the two intervals share a value (with a hair of float slack).
    pub fn meets(self, o: Iv) -> bool {
        let mag = [self.lo, self.hi, o.lo, o.hi]
            .iter()
            .filter(|x| x.is_finite())
            .fold(0.0f64, |m, x| m.max(x.abs()));
        let eps = 1e-9 * (1.0 + mag);
        self.lo <= o.hi + eps && o.lo <= self.hi + eps
    }

    pub fn contains(self, v: f64) -> bool {
        self.meets(Iv::point(v))
    }

    pub fn intersect(self, o: Iv) -> Option<Iv> {
        if self.meets(o) {
            Some(Iv::new(self.lo.max(o.lo), self.hi.min(o.hi)))
        } else {
            None
        }
    }

    /// True when a whole number lies in the interval.
    pub fn holds_integer(self) -> bool {
        let eps = 1e-9;
        (self.lo - eps).ceil() <= self.hi + eps
    }
}

/// The multiplier of the scale word in a raw figure ("18,173 triệu đồng" -> 10^6), so that the
/// rounding step is counted in the digits as written, not in đồng.
pub fn scale_of(raw: &str) -> f64 {
    let low = raw.to_lowercase();
    if low.contains("nghìn tỷ") || low.contains("ngàn tỷ") {
        1e12
    } else if low.contains("tỷ") || low.contains("tỉ") {
        1e9
    } else if low.contains("triệu") {
        1e6
    } else if low.contains("nghìn") || low.contains("ngàn") {
        1e3
    } else {
        1.0
    }
}

/// Decimal digits written in the first number of `raw` ("54,85%" -> 2, "17.034" -> 0,
/// "8.00" -> 2). A lone "." or "," followed by exactly three digits groups thousands.
pub fn decimals_of(raw: &str) -> u8 {
    let chars: Vec<char> = raw.chars().collect();
    let Some(start) = chars.iter().position(|c| c.is_ascii_digit()) else {
        return 0;
    };
    let mut i = start;
    let mut last_sep: Option<(char, usize)> = None;
    let mut seps = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            i += 1;
            continue;
        }
        if (c == '.' || c == ',') && i + 1 < chars.len() && chars[i + 1].is_ascii_digit() {
            seps.push(c);
            last_sep = Some((c, i));
            i += 1;
            continue;
        }
        break;
    }
    let Some((sep, pos)) = last_sep else { return 0 };
    let frac = i - pos - 1;
    let same_kind = seps.iter().filter(|&&s| s == sep).count();
    // "17.034", "1.234.567": thousands. "54,85", "8.00", "96,58": decimals.
    if sep == ',' && (frac != 3 || seps.len() == 1) {
        return frac as u8;
    }
    if sep == '.' && frac != 3 && same_kind == 1 {
        return frac as u8;
    }
    if sep == ',' && seps.len() > 1 && seps[..seps.len() - 1].iter().all(|&s| s == '.') {
        return frac as u8;
    }
    0
}

/// The step of the last written digit, in the fact's own units ("18,173 triệu" -> 1 000 đồng).
pub fn step(f: &Fact) -> f64 {
    let scale = if f.kind == Kind::Money {
        scale_of(&f.raw)
    } else {
        1.0
    };
    10f64.powi(-(f.decimals as i32)) * scale
}

/// The true values a figure stands for, as written. Whole counts are exact; a figure written
/// with decimals covers what rounds or truncates to it.
pub fn interval(f: &Fact) -> Iv {
    written(f.value, f.max, f.qualifier, step(f), is_exact_integer(f))
}

/// Like [`interval`] for the denominator of a fraction or rank.
pub fn denominator_interval(f: &Fact) -> Option<Iv> {
    let d = f.denominator?;
    let exact = d.fract() == 0.0 && f.decimals == 0;
    Some(written(d, None, Qualifier::Exact, step(f), exact))
}

fn is_exact_integer(f: &Fact) -> bool {
    matches!(f.kind, Kind::Count | Kind::Rank) && f.value.fract() == 0.0 && f.decimals == 0
        || (f.kind == Kind::Fraction && f.value.fract() == 0.0 && f.decimals == 0)
}

fn written(v: f64, max: Option<f64>, q: Qualifier, step: f64, exact: bool) -> Iv {
    // Round half either way, or truncate: [v - step/2, v + step).
    let (down, up) = if exact {
        (0.0, 0.0)
    } else {
        (step / 2.0, step)
    };
    match q {
        Qualifier::Exact => Iv::new(v - down, v + up),
        Qualifier::MoreThan | Qualifier::AtLeast => Iv::new(v - down, f64::INFINITY),
        Qualifier::LessThan | Qualifier::AtMost => Iv::new(f64::NEG_INFINITY, v + up),
        Qualifier::Approximately => Iv::new(v * (1.0 - APPROX) - down, v * (1.0 + APPROX) + up),
        Qualifier::Range => Iv::new(v - down, max.unwrap_or(v) + up),
    }
}

/// A stated value as a rounding interval, for a value computed from other figures.
pub fn stated(v: f64, decimals: u8, q: Qualifier) -> Iv {
    written(v, None, q, 10f64.powi(-(decimals as i32)), false)
}

/// `x` rounded to `decimals` places: how a finding shows the value the other figures imply.
pub fn round_to(x: f64, decimals: usize) -> f64 {
    let k = 10f64.powi(decimals as i32);
    (x * k).round() / k
}

/// Writes a number the Vietnamese way, with the given decimals: 17034 -> "17.034", 54.852 -> "54,85".
pub fn vn(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let mut out = if v < 0.0 && v.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        format!("-{grouped}")
    } else {
        grouped
    };
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// Writes a number with as few decimals as it needs (up to `max`).
pub fn vn_auto(v: f64, max: usize) -> String {
    for d in 0..=max {
        let p = 10f64.powi(d as i32);
        if ((v * p).round() - v * p).abs() < 1e-6 {
            return vn(v, d);
        }
    }
    vn(v, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_written() {
        assert_eq!(decimals_of("54,85%"), 2);
        assert_eq!(decimals_of("17.034 người"), 0);
        assert_eq!(decimals_of("hơn 18,173 triệu đồng"), 3);
        assert_eq!(decimals_of("1.234.567 đồng"), 0);
        assert_eq!(decimals_of("1.234,5"), 1);
        assert_eq!(decimals_of("8.00"), 2);
        assert_eq!(decimals_of("100,20%"), 2);
        assert_eq!(decimals_of("70,25%"), 2);
        assert_eq!(decimals_of("237 người"), 0);
        assert_eq!(decimals_of("1,8%"), 1);
    }

    #[test]
    fn rounding_and_truncation_are_both_consistent() {
        // 130 / 237 = 54.852 %, written 54,85.
        let s = stated(54.85, 2, Qualifier::Exact);
        assert!(s.contains(130.0 / 237.0 * 100.0));
        // 2/3 = 66.666..: "66,67" (rounded) and "66,66" (truncated) are both fine, "66,65" is not.
        assert!(stated(66.67, 2, Qualifier::Exact).contains(200.0 / 3.0));
        assert!(stated(66.66, 2, Qualifier::Exact).contains(200.0 / 3.0));
        assert!(!stated(66.65, 2, Qualifier::Exact).contains(200.0 / 3.0));
        // 42/139 = 30.2 %: "30%" holds.
        assert!(stated(30.0, 0, Qualifier::Exact).contains(42.0 / 139.0 * 100.0));
    }

    #[test]
    fn qualifiers_widen() {
        assert!(stated(600.0, 0, Qualifier::Approximately).contains(640.0));
        assert!(!stated(600.0, 0, Qualifier::Approximately).contains(700.0));
        assert!(stated(32.0, 0, Qualifier::MoreThan).contains(40.0));
        assert!(!stated(32.0, 0, Qualifier::MoreThan).contains(31.0));
    }

    #[test]
    fn integers_in_intervals() {
        // 5 units at 30 %: the base would be in [16.39, 16.95]: no whole number (GRIM).
        let base = Iv::point(5.0)
            .div(stated(30.0, 0, Qualifier::Exact).scale(0.01))
            .unwrap();
        assert!(!base.holds_integer());
        let base = Iv::point(130.0)
            .div(stated(54.85, 2, Qualifier::Exact).scale(0.01))
            .unwrap();
        assert!(base.holds_integer());
    }

    #[test]
    fn vietnamese_number_writing() {
        assert_eq!(vn(17034.0, 0), "17.034");
        assert_eq!(vn(54.852, 2), "54,85");
        assert_eq!(vn(290.708, 1), "290,7");
        assert_eq!(vn(-67.0, 0), "-67");
        assert_eq!(vn_auto(2.5, 3), "2,5");
        assert_eq!(vn_auto(18173000.0, 3), "18.173.000");
    }
}
