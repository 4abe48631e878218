//! What one category module provides to the crate's tables ([`crate::catalog`]): its
//! functions' metadata, decoders by wire name, updates and sample answers. Generated, one per
//! category module; beneath both the generated modules and the catalog that gathers them.

use crate::meta::FunctionMeta;
use crate::update::UpdateMeta;

/// What one category adds to the crate's tables (generated, one per category module).
pub(crate) struct Category {
    /// Its functions' metadata, in spec order.
    pub(crate) functions: &'static [FunctionMeta],
    /// The decoder of one of its functions' typed response, by wire name.
    pub(crate) decoder: fn(&str) -> Option<crate::body::Decoder>,
    /// Its setters with a read source, in spec order.
    pub(crate) updates: &'static [UpdateMeta],
    /// A sample success body of each of its functions: `(wire name, JSON)`.
    #[cfg(feature = "mock")]
    pub(crate) examples: &'static [(&'static str, &'static str)],
}
