//! Numbers as people read them: `$15,000`, `$1,250.50`, `2,000`.

use rust_decimal::Decimal;

/// Groups the whole part in thousands: `1250.50` → `1,250.50`.
pub fn grouped(value: Decimal) -> String {
    let text = value.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `$15,000` for money, `2,000` for counts. Money with cents shows two
/// decimals at least (`$0.30`, not `$0.3`).
pub fn amount(value: Decimal, is_money: bool) -> String {
    if is_money {
        let mut value = value;
        if value.scale() == 1 {
            value.rescale(2);
        }
        if value.is_sign_negative() {
            format!("-${}", grouped(-value))
        } else {
            format!("${}", grouped(value))
        }
    } else {
        grouped(value)
    }
}

/// An exact amount as a shortfall is written: money with two decimals at
/// least (`3000.00`, `0.125`), every other count without trailing zeros
/// (`3`, `0.5`).
pub fn exact(value: Decimal, is_money: bool) -> Decimal {
    let mut value = value.normalize();
    if is_money && value.scale() < 2 {
        value.rescale(2);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn groups_thousands_and_keeps_cents() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(amount(d("15000"), true), "$15,000");
        assert_eq!(amount(d("1250.50"), true), "$1,250.50");
        assert_eq!(amount(d("999"), false), "999");
        assert_eq!(amount(d("1000000"), false), "1,000,000");
        assert_eq!(amount(d("-1234.5"), true), "-$1,234.50");
        assert_eq!(amount(d("0.3"), true), "$0.30");
        assert_eq!(amount(d("0.125"), true), "$0.125");
    }

    #[test]
    fn exact_amounts_keep_cents_for_money_only() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(exact(d("3000"), true).to_string(), "3000.00");
        assert_eq!(exact(d("2999.5"), true).to_string(), "2999.50");
        assert_eq!(exact(d("0.125"), true).to_string(), "0.125");
        assert_eq!(exact(d("0.10"), true).to_string(), "0.10");
        assert_eq!(exact(d("3.00"), false).to_string(), "3");
        assert_eq!(exact(d("0.50"), false).to_string(), "0.5");
        assert_eq!(exact(d("1200"), false).to_string(), "1200");
    }
}
