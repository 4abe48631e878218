//! The response of every function whose documented answer is its `status` alone.

use super::drift::Drift;
use super::read::{RecordMut, Slot};
use super::received::{Extra, Received};
use super::to_json::{Layout, Record, serialize_record};

/// The success response of a function VoIP.ms documents as answering `status` alone (such as
/// `cancelDID`, `delSubAccount`, `setSMS`): the generated response names of those functions
/// (`CancelDidResponse`...) are aliases of this type, so it is compiled once rather than once
/// per function.
///
/// Whatever else VoIP.ms sends is kept: [`extra`](Self::extra) holds the fields, and
/// [`drift`](Self::drift) reports them. When the spec documents a field for one of those
/// functions, its response becomes a struct of its own.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Acknowledgement {
    received: Received,
}

impl Acknowledgement {
    /// The fields VoIP.ms sent besides `status` (see [`Extra`]).
    #[inline]
    pub fn extra(&self) -> &Extra {
        self.received.extra()
    }

    /// Where this response differed from the spec, by field path (see [`Drift`]); empty when
    /// it did not. Each is also logged once per client on target `voipms_api::drift`.
    #[inline]
    pub fn drift(&self) -> &[Drift] {
        self.received.drift()
    }
}

impl Record for Acknowledgement {
    fn layout(&self) -> &'static Layout {
        &Layout {
            name: "Acknowledgement",
            fields: &[],
        }
    }
    fn field(&self, _index: usize) -> Option<&dyn super::ToJson> {
        None
    }
    fn received(&self) -> &Received {
        &self.received
    }
}

impl RecordMut for Acknowledgement {
    fn slot(&mut self, _index: usize) -> Option<Slot<'_>> {
        None
    }
    fn received_mut(&mut self) -> &mut Received {
        &mut self.received
    }
}

/// A flat record of the fields kept (see [`serialize_record`]).
impl serde::Serialize for Acknowledgement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_record(self, serializer)
    }
}
