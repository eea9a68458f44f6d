//! Checking integer arguments against their documented bounds before sending.

use super::super::error::Error;

/// Checks an integer argument against its documented inclusive bounds.
pub(crate) fn check_range(
    parameter: &'static str,
    value: i64,
    minimum: Option<i64>,
    maximum: Option<i64>,
) -> Result<(), Error> {
    let below = minimum.is_some_and(|minimum| value < minimum);
    let above = maximum.is_some_and(|maximum| value > maximum);
    if below || above {
        let range = match (minimum, maximum) {
            (Some(low), Some(high)) => format!("between {low} and {high}"),
            (Some(low), None) => format!("at least {low}"),
            (None, Some(high)) => format!("at most {high}"),
            (None, None) => String::new(),
        };
        return Err(Error::InvalidArgument {
            parameter,
            reason: format!("{value} is out of range: must be {range}"),
        });
    }
    Ok(())
}
