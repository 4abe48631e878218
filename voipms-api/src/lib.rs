//! Typed client for the VoIP.ms API.
