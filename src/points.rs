//! Points of a score, exact. Pro-rata lines divide (40 × 5/6 has no finite
//! decimal), so points are fractions of big integers: totals are compared
//! with marks exactly, and shown to two places rounded *down*, so that a
//! mark reached only by rounding never looks reached.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Sub};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(BigRational);

impl Points {
    pub fn zero() -> Points {
        Points(BigRational::zero())
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn is_positive(&self) -> bool {
        self.0.is_positive()
    }

    /// A decimal, exactly.
    pub fn from_decimal(d: Decimal) -> Points {
        let numer = BigInt::from(d.mantissa());
        let denom = BigInt::from(10u8).pow(d.scale());
        Points(BigRational::new(numer, denom))
    }

    /// `numer ÷ denom` exactly; zero when `denom` is zero.
    pub fn ratio(numer: Decimal, denom: Decimal) -> Points {
        if denom.is_zero() {
            return Points::zero();
        }
        Points(Self::from_decimal(numer).0 / Self::from_decimal(denom).0)
    }

    /// The whole part, rounded down (for steps: `floor(actual ÷ step)`).
    pub fn floor(&self) -> Points {
        Points(self.0.floor())
    }

    pub fn min(self, other: Points) -> Points {
        std::cmp::min(self, other)
    }

    pub fn max(self, other: Points) -> Points {
        std::cmp::max(self, other)
    }

    /// Rounded down to two places, as a decimal (for display and JSON).
    pub fn to_decimal_floor(&self) -> Decimal {
        let hundredths = (&self.0 * BigRational::from_integer(BigInt::from(100))).floor();
        let whole = hundredths.to_integer().to_i64().unwrap_or(i64::MAX);
        Decimal::new(whole, 2)
    }

    /// Whether two places say it all.
    pub fn is_exact_in_hundredths(&self) -> bool {
        (&self.0 * BigRational::from_integer(BigInt::from(100))).is_integer()
    }

    /// The exact value as a fraction, `200/3`, or as a whole number.
    pub fn fraction(&self) -> String {
        if self.0.is_integer() {
            self.0.to_integer().to_string()
        } else {
            format!("{}/{}", self.0.numer(), self.0.denom())
        }
    }

    /// How many whole `unit`s of `per` (points per unit) it takes to cover
    /// these points, rounded up: the units a shortfall of points costs.
    pub fn units_for(&self, per: &Points) -> Decimal {
        if per.is_zero() || !self.is_positive() {
            return Decimal::ZERO;
        }
        let units = (&self.0 / &per.0).ceil().to_integer();
        Decimal::from(units.to_i64().unwrap_or(i64::MAX))
    }
}

impl fmt::Display for Points {
    /// Two places, rounded down: `66.66` for 200/3.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.to_decimal_floor())
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, other: Points) -> Points {
        Points(self.0 + other.0)
    }
}

impl Add<&Points> for &Points {
    type Output = Points;
    fn add(self, other: &Points) -> Points {
        Points(&self.0 + &other.0)
    }
}

impl Sub<&Points> for &Points {
    type Output = Points;
    fn sub(self, other: &Points) -> Points {
        Points(&self.0 - &other.0)
    }
}

impl Mul<&Points> for &Points {
    type Output = Points;
    fn mul(self, other: &Points) -> Points {
        Points(&self.0 * &other.0)
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::zero(), |a, b| a + b)
    }
}

impl<'a> Sum<&'a Points> for Points {
    fn sum<I: Iterator<Item = &'a Points>>(iter: I) -> Points {
        iter.fold(Points::zero(), |a, b| &a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn forty_times_five_sixths_is_exact_and_shown_rounded_down() {
        let p = &Points::from_decimal(dec("40")) * &Points::ratio(dec("5"), dec("6"));
        assert_eq!(p.fraction(), "100/3");
        assert_eq!(p.to_string(), "33.33");
        // Three of them make exactly 100, not 99.99.
        let three = &(&p + &p) + &p;
        assert_eq!(three.to_string(), "100.00");
        assert_eq!(three, Points::from_decimal(dec("100")));
    }

    #[test]
    fn a_mark_reached_only_by_rounding_is_not_reached() {
        // 69.999… shows 69.99 and is below 70.
        let p = &Points::from_decimal(dec("70")) * &Points::ratio(dec("99999"), dec("100000"));
        assert!(p < Points::from_decimal(dec("70")));
        assert_eq!(p.to_string(), "69.99");
    }

    #[test]
    fn units_for_a_shortfall_round_up() {
        let per = Points::ratio(dec("40"), dec("6"));
        assert_eq!(Points::from_decimal(dec("10")).units_for(&per), dec("2"));
        assert_eq!(Points::from_decimal(dec("0")).units_for(&per), dec("0"));
    }
}
