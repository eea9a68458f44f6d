//! The longest a parameter may be once written, checked before anything is sent.

use super::super::error::Error;
use super::error::preview;
use super::style::Node;

/// The longest text one parameter may be written as, in bytes (percent-encoded, with
/// its name and delimiters): 8 KiB, about what common servers accept in a whole request
/// line or header line (nginx, Apache). A longer value is refused with
/// [`Error::InvalidArgument`] before anything is sent, instead of failing in transit
/// with an error that repeats it.
pub(crate) const MAX_PARAMETER_LENGTH: usize = 8 * 1024;

/// Refuses the parameter `parameter`, written as `written` bytes, when that is more than
/// [`MAX_PARAMETER_LENGTH`]; the message shows the start of the value only.
pub(crate) fn check_length(
    parameter: &'static str,
    written: usize,
    node: &Node,
) -> Result<(), Error> {
    if written <= MAX_PARAMETER_LENGTH {
        return Ok(());
    }
    Err(Error::InvalidArgument {
        parameter,
        reason: format!(
            "is {written} bytes long once written, more than the {MAX_PARAMETER_LENGTH} a parameter may take: {}",
            preview(&node.text())
        ),
    })
}
