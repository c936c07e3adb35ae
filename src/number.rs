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

/// How digits written with separators (`15,000`, `1_250_000`) can be wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupMistake {
    /// Groups that are not thousands: `15,00`, `1,0000`.
    Uneven,
    /// `,` and `_` in one number: `1,000_000`.
    Mixed,
}

/// Checks the digit groups of a whole number as written: separators (`,`
/// or `_`, one kind per number) only between groups of exactly three digits
/// after a first group of one to three.
pub fn check_groups(digits: &str) -> Result<(), GroupMistake> {
    let commas = digits.contains(',');
    let underscores = digits.contains('_');
    if commas && underscores {
        return Err(GroupMistake::Mixed);
    }
    if !commas && !underscores {
        return Ok(());
    }
    let mut groups = digits.split([',', '_']);
    let first = groups.next().unwrap_or_default();
    let even = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
    if even {
        Ok(())
    } else {
        Err(GroupMistake::Uneven)
    }
}

/// The same digits grouped in thousands: `1,0000` → `10,000`.
pub fn regrouped(digits: &str) -> String {
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    let trimmed = plain.trim_start_matches('0');
    let value = if trimmed.is_empty() { "0" } else { trimmed };
    value
        .parse::<Decimal>()
        .map_or_else(|_| plain.clone(), grouped)
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
    fn digit_groups_are_thousands_after_a_first_group_of_one_to_three() {
        for good in ["0", "15000", "15,000", "1_250_000", "999", "1,000,000"] {
            assert_eq!(check_groups(good), Ok(()), "{good}");
        }
        for bad in ["15,00", "1,0000", "1234,567", ",", "1,", "12,34,567"] {
            assert_eq!(check_groups(bad), Err(GroupMistake::Uneven), "{bad}");
        }
        assert_eq!(check_groups("1,000_000"), Err(GroupMistake::Mixed));
        assert_eq!(regrouped("1,0000"), "10,000");
        assert_eq!(regrouped("15,00"), "1,500");
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
