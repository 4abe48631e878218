//! Arguments of `decimal` parameters: a `Decimal`, a whole number or a float literal, so a
//! fractional time zone is written as it reads (`GetCdr::new(GetCdrArgs { date_from: from, date_to: to, timezone: -3.5 })`).

use std::str::FromStr;

use rust_decimal::Decimal;

/// A value a `decimal` parameter accepts: [`Decimal`], integers, `f32` / `f64`.
///
/// A float is converted through its shortest decimal spelling (`-3.5`, `0.1` stay exactly
/// that, not the binary approximation). A float that is not finite (NaN, infinity) has no
/// decimal and becomes [`Decimal::MAX`], which every documented range refuses before sending.
pub trait IntoDecimal {
    /// The decimal value.
    fn into_decimal(self) -> Decimal;
}

impl IntoDecimal for Decimal {
    fn into_decimal(self) -> Decimal {
        self
    }
}

macro_rules! whole {
    ($($t:ty)*) => {$(
        impl IntoDecimal for $t {
            fn into_decimal(self) -> Decimal {
                Decimal::from(self)
            }
        }
    )*};
}
whole!(i8 i16 i32 i64 u8 u16 u32 u64);

impl IntoDecimal for f64 {
    fn into_decimal(self) -> Decimal {
        if !self.is_finite() {
            return Decimal::MAX;
        }
        // `{}` prints the shortest spelling that reads back as the same float.
        Decimal::from_str(&self.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{self:e}")))
            .unwrap_or(Decimal::MAX)
    }
}

impl IntoDecimal for f32 {
    fn into_decimal(self) -> Decimal {
        if !self.is_finite() {
            return Decimal::MAX;
        }
        Decimal::from_str(&self.to_string()).unwrap_or(Decimal::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_their_decimal_spelling() {
        assert_eq!((-3.5_f64).into_decimal().to_string(), "-3.5");
        assert_eq!(0.1_f64.into_decimal().to_string(), "0.1");
        assert_eq!(5.75_f32.into_decimal().to_string(), "5.75");
        assert_eq!((-5_i32).into_decimal().to_string(), "-5");
        assert_eq!(f64::NAN.into_decimal(), Decimal::MAX);
        assert_eq!(f64::INFINITY.into_decimal(), Decimal::MAX);
        assert_eq!(1e20_f64.into_decimal().to_string(), "100000000000000000000");
    }
}
