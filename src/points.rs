//! Points of a score, exact. Pro-rata lines divide (40 × 5/6 has no finite
//! decimal), so points are fractions: totals are compared with marks
//! exactly, and shown to two places rounded *down*, so that a mark reached
//! only by rounding never looks reached.
//!
//! Nearly every fraction a score meets fits in 128-bit integers, which cost
//! no allocation; a result that would overflow them is worked out again in
//! big integers instead. A value is kept small whenever it fits, so each
//! value has one representation and equality can compare them as they are.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Sub};

use num_bigint::BigInt;
use num_rational::{BigRational, Ratio};
use num_traits::{CheckedAdd, CheckedMul, CheckedSub, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Points(Repr);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Repr {
    /// In lowest terms, denominator positive.
    Small(Ratio<i128>),
    /// Only when it does not fit in `Small`.
    Big(BigRational),
}

impl Default for Points {
    fn default() -> Points {
        Points::zero()
    }
}

impl Points {
    pub fn zero() -> Points {
        Points(Repr::Small(Ratio::from_integer(0)))
    }

    fn small(r: Ratio<i128>) -> Points {
        Points(Repr::Small(r))
    }

    /// Kept small when it fits.
    fn from_big(r: BigRational) -> Points {
        match (r.numer().to_i128(), r.denom().to_i128()) {
            // (The least i128 is left big: its negation overflows.)
            (Some(n), Some(d)) if n != i128::MIN => Points::small(Ratio::new_raw(n, d)),
            _ => Points(Repr::Big(r)),
        }
    }

    fn big(&self) -> Cow<'_, BigRational> {
        match &self.0 {
            Repr::Small(r) => Cow::Owned(BigRational::new_raw(
                BigInt::from(*r.numer()),
                BigInt::from(*r.denom()),
            )),
            Repr::Big(r) => Cow::Borrowed(r),
        }
    }

    /// `small(a, b)` when it does not overflow, else `big(a, b)`.
    fn either(
        &self,
        other: &Points,
        small: impl Fn(&Ratio<i128>, &Ratio<i128>) -> Option<Ratio<i128>>,
        big: impl Fn(&BigRational, &BigRational) -> BigRational,
    ) -> Points {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = small(a, b)
        {
            return Points::small(r);
        }
        Points::from_big(big(&self.big(), &other.big()))
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => r.is_zero(),
            Repr::Big(r) => r.is_zero(),
        }
    }

    pub fn is_positive(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => r.is_positive(),
            Repr::Big(r) => r.is_positive(),
        }
    }

    /// A decimal, exactly.
    pub fn from_decimal(d: Decimal) -> Points {
        // A mantissa has 96 bits and a scale at most 28: both fit. Most
        // amounts are whole, and need no reducing.
        let d = d.normalize();
        if d.scale() == 0 {
            return Points::small(Ratio::from_integer(d.mantissa()));
        }
        Points::small(Ratio::new(d.mantissa(), 10i128.pow(d.scale())))
    }

    /// `numer ÷ denom` exactly; zero when `denom` is zero.
    pub fn ratio(numer: Decimal, denom: Decimal) -> Points {
        if denom.is_zero() {
            return Points::zero();
        }
        let (n, d) = (Self::from_decimal(numer), Self::from_decimal(denom));
        if let (Repr::Small(n), Repr::Small(d)) = (&n.0, &d.0)
            && let Some(r) = quotient_of_narrow(n, d)
        {
            return Points::small(r);
        }
        n.either(
            &d,
            |a, b| {
                let numer = a.numer().checked_mul(b.denom())?;
                let denom = a.denom().checked_mul(b.numer())?;
                Some(Ratio::new(numer, denom))
            },
            |a, b| a / b,
        )
    }

    /// The whole part, rounded down (for steps: `floor(actual ÷ step)`).
    pub fn floor(&self) -> Points {
        match &self.0 {
            Repr::Small(r) => Points::small(r.floor()),
            Repr::Big(r) => Points::from_big(r.floor()),
        }
    }

    pub fn min(self, other: Points) -> Points {
        std::cmp::min(self, other)
    }

    pub fn max(self, other: Points) -> Points {
        std::cmp::max(self, other)
    }

    /// Times 100, exactly.
    fn hundredfold(&self) -> Points {
        let hundred = Points::small(Ratio::from_integer(100));
        self * &hundred
    }

    /// Rounded down to two places, as a decimal (for display and JSON).
    pub fn to_decimal_floor(&self) -> Decimal {
        let hundredths = self.hundredfold().floor();
        let whole = match &hundredths.0 {
            Repr::Small(r) => Some(r.to_integer()),
            Repr::Big(r) => r.to_integer().to_i128(),
        };
        // Beyond what a decimal holds (about 7.9 × 10^26 points), the largest
        // one, or the smallest: no score comes near.
        let beyond = if self.is_positive() {
            Decimal::MAX
        } else {
            Decimal::MIN
        };
        whole
            .and_then(|w| Decimal::try_from_i128_with_scale(w, 2).ok())
            .unwrap_or(beyond)
    }

    /// Whether two places say it all.
    pub fn is_exact_in_hundredths(&self) -> bool {
        match &self.hundredfold().0 {
            Repr::Small(r) => r.is_integer(),
            Repr::Big(r) => r.is_integer(),
        }
    }

    /// The exact value as a fraction, `200/3`, or as a whole number.
    pub fn fraction(&self) -> String {
        match &self.0 {
            Repr::Small(r) if r.is_integer() => r.numer().to_string(),
            Repr::Small(r) => format!("{}/{}", r.numer(), r.denom()),
            Repr::Big(r) if r.is_integer() => r.to_integer().to_string(),
            Repr::Big(r) => format!("{}/{}", r.numer(), r.denom()),
        }
    }

    /// How many whole `unit`s of `per` (points per unit) it takes to cover
    /// these points, rounded up: the units a shortfall of points costs.
    pub fn units_for(&self, per: &Points) -> Decimal {
        if per.is_zero() || !self.is_positive() {
            return Decimal::ZERO;
        }
        let units = (self.big().as_ref() / per.big().as_ref())
            .ceil()
            .to_integer();
        Decimal::from(units.to_i64().unwrap_or(i64::MAX))
    }
}

impl PartialOrd for Points {
    fn partial_cmp(&self, other: &Points) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Points {
    fn cmp(&self, other: &Points) -> Ordering {
        match (&self.0, &other.0) {
            // Compared without multiplying out, so it cannot overflow.
            (Repr::Small(a), Repr::Small(b)) => a.cmp(b),
            _ => self.big().cmp(&other.big()),
        }
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
        &self + &other
    }
}

impl Add<&Points> for &Points {
    type Output = Points;
    fn add(self, other: &Points) -> Points {
        self.either(
            other,
            |a, b| {
                whole(a, b, i128::checked_add)
                    .or_else(|| sum_of_narrow(a, b))
                    .or_else(|| a.checked_add(b))
            },
            |a, b| a + b,
        )
    }
}

impl Sub<&Points> for &Points {
    type Output = Points;
    fn sub(self, other: &Points) -> Points {
        self.either(
            other,
            |a, b| whole(a, b, i128::checked_sub).or_else(|| a.checked_sub(b)),
            |a, b| a - b,
        )
    }
}

impl Mul<&Points> for &Points {
    type Output = Points;
    fn mul(self, other: &Points) -> Points {
        self.either(
            other,
            |a, b| {
                whole(a, b, i128::checked_mul)
                    .or_else(|| product_of_narrow(a, b))
                    .or_else(|| a.checked_mul(b))
            },
            |a, b| a * b,
        )
    }
}

/// Two whole numbers combined without the divisions fractions need (most
/// points are whole); `None` when either is a fraction, or on overflow.
fn whole(
    a: &Ratio<i128>,
    b: &Ratio<i128>,
    op: fn(i128, i128) -> Option<i128>,
) -> Option<Ratio<i128>> {
    if a.is_integer() && b.is_integer() {
        op(*a.numer(), *b.numer())
            .filter(|n| *n != i128::MIN)
            .map(Ratio::from_integer)
    } else {
        None
    }
}

/// `a + b` when every part of both fits in 64 bits (nearly always): the
/// products cannot overflow, and the greatest common divisors needed are of
/// 64-bit numbers, far cheaper than the general 128-bit way (Knuth, TAOCP
/// vol. 2, 4.5.1: a result in lowest terms from two in lowest terms).
fn sum_of_narrow(a: &Ratio<i128>, b: &Ratio<i128>) -> Option<Ratio<i128>> {
    let narrow = |n: i128| i64::try_from(n).is_ok();
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    if !(narrow(an) && narrow(ad) && narrow(bn) && narrow(bd)) || ad <= 0 || bd <= 0 {
        return None;
    }
    // Denominators are positive and below 2^63, numerators of 64 bits: each
    // product is below 2^126, their sum below 2^127.
    let g = gcd_u64(ad as u64, bd as u64) as i128;
    let t = an * (bd / g) + bn * (ad / g);
    let g2 = gcd_u64((t.unsigned_abs() % g as u128) as u64, g as u64) as i128;
    Some(Ratio::new_raw(t / g2, (ad / g) * (bd / g2)))
}

/// Whether every part of `r` fits in 64 bits (its denominator is positive).
fn narrow(r: &Ratio<i128>) -> bool {
    i64::try_from(*r.numer()).is_ok() && i64::try_from(*r.denom()).is_ok()
}

/// `a × b` when every part of both fits in 64 bits: each numerator is
/// divided by what it shares with the other's denominator first, so the
/// result is in lowest terms with no 128-bit divisor (Knuth 4.5.1).
fn product_of_narrow(a: &Ratio<i128>, b: &Ratio<i128>) -> Option<Ratio<i128>> {
    if !(narrow(a) && narrow(b)) {
        return None;
    }
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    if an == 0 || bn == 0 {
        return Some(Ratio::from_integer(0));
    }
    let g1 = gcd_u64(an.unsigned_abs() as u64, bd as u64) as i128;
    let g2 = gcd_u64(bn.unsigned_abs() as u64, ad as u64) as i128;
    Some(Ratio::new_raw((an / g1) * (bn / g2), (ad / g2) * (bd / g1)))
}

/// `a ÷ b` (`b` not zero) when every part of both fits in 64 bits, in
/// lowest terms with a positive denominator.
fn quotient_of_narrow(a: &Ratio<i128>, b: &Ratio<i128>) -> Option<Ratio<i128>> {
    if *b.numer() == 0 {
        return None;
    }
    let (bn, bd) = (*b.numer(), *b.denom());
    // The reciprocal of `b`, its sign moved to the numerator.
    let reciprocal = if bn < 0 {
        Ratio::new_raw(-bd, -bn)
    } else {
        Ratio::new_raw(bd, bn)
    };
    product_of_narrow(a, &reciprocal)
}

/// Binary greatest common divisor; `gcd(0, n) = n`.
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::zero(), |a, b| &a + &b)
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
    fn narrow_sums_products_and_quotients_are_in_lowest_terms_as_the_general_ways_are() {
        let fractions: Vec<Ratio<i128>> = [
            (1, 2),
            (1, 3),
            (-5, 6),
            (5, 6),
            (7, 10),
            (100, 3),
            (3, 1_000_000),
            (i64::MAX as i128, 7),
            (-(i64::MAX as i128), 9_999_991),
            (0, 1),
            (5, 1),
        ]
        .into_iter()
        .map(|(n, d)| Ratio::new(n, d))
        .collect();
        for a in &fractions {
            for b in &fractions {
                let fast = sum_of_narrow(a, b).expect("narrow");
                let general = a.checked_add(b).expect("fits");
                assert_eq!(fast, general, "{a} + {b}");
                assert_eq!(
                    (*fast.numer(), *fast.denom()),
                    (*general.numer(), *general.denom()),
                    "{a} + {b} in lowest terms"
                );
            }
        }
        for a in &fractions {
            for b in &fractions {
                let fast = product_of_narrow(a, b).expect("narrow");
                let general = a.checked_mul(b).expect("fits");
                assert_eq!(
                    (*fast.numer(), *fast.denom()),
                    (*general.numer(), *general.denom()),
                    "{a} × {b} in lowest terms"
                );
                if let Some(fast) = quotient_of_narrow(a, b) {
                    let general = num_traits::CheckedDiv::checked_div(a, b).expect("fits");
                    assert_eq!(
                        (*fast.numer(), *fast.denom()),
                        (*general.numer(), *general.denom()),
                        "{a} ÷ {b} in lowest terms"
                    );
                }
            }
        }
        assert_eq!(gcd_u64(0, 0), 0);
        assert_eq!(gcd_u64(12, 18), 6);
        assert_eq!(gcd_u64(0, 7), 7);
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
    fn past_128_bits_it_stays_exact() {
        // Denominators that multiply past i128: the sum is still exact, and
        // comes back to small when it fits again.
        let tiny = Points::ratio(dec("1"), dec("79228162514264337593543950335"));
        let tinier = Points::ratio(dec("1"), dec("79228162514264337593543950334"));
        let sum = &tiny + &tinier;
        assert!(matches!(sum.0, Repr::Big(_)));
        assert!(sum > tiny && sum > tinier);
        let back = &sum - &tinier;
        assert_eq!(back, tiny);
        assert!(matches!(back.0, Repr::Small(_)));
        assert_eq!(back.to_string(), "0.00");
        // Comparing a big value with a small one.
        assert!(sum < Points::from_decimal(dec("0.01")));
        let huge = &Points::from_decimal(dec("79228162514264337593543950335"))
            * &Points::from_decimal(dec("79228162514264337593543950335"));
        assert!(matches!(huge.0, Repr::Big(_)));
        assert!(huge > Points::from_decimal(dec("1")));
        assert_eq!(huge.to_decimal_floor(), Decimal::MAX);
        let large = Points::from_decimal(dec("79228162514264337593543950"));
        assert_eq!(
            large.to_decimal_floor(),
            dec("79228162514264337593543950.00")
        );
    }

    #[test]
    fn negative_points_floor_down() {
        let p = Points::ratio(dec("-7"), dec("2"));
        assert_eq!(p.floor(), Points::from_decimal(dec("-4")));
        assert!(!p.is_positive());
    }

    #[test]
    fn units_for_a_shortfall_round_up() {
        let per = Points::ratio(dec("40"), dec("6"));
        assert_eq!(Points::from_decimal(dec("10")).units_for(&per), dec("2"));
        assert_eq!(Points::from_decimal(dec("0")).units_for(&per), dec("0"));
    }
}
