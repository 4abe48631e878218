//! The typed client against the mock for every function of the spec: each call goes through
//! `Client::call` (the path every generated method takes) with valid sample values for its
//! required parameters, and must return `Ok` with the typed response holding every field of the
//! spec's sample body. This proves that the spec's response shapes and the generated decoders
//! agree for all functions.
//!
//! The list of request types below is checked for completeness against the metadata table: a
//! function added to the spec fails `the_list_covers_every_function` until it is listed here.
#![cfg(all(feature = "mock", feature = "all-categories"))]

use std::fmt::Debug;
use std::marker::PhantomData;

use voipms_api::meta::{FUNCTIONS, FunctionMeta};
use voipms_api::mock::{MockServer, example_params, example_response};
use voipms_api::wire::Form;
use voipms_api::*;

/// A request of function `R` with the sample values of its required parameters, answered with
/// `R`'s typed response.
struct Sample<R>(PhantomData<R>);

impl<R: Request> Request for Sample<R> {
    type Response = R::Response;

    fn meta() -> &'static FunctionMeta {
        R::meta()
    }

    fn encode(&self, form: &mut Form) {
        for (name, value) in example_params(R::meta()) {
            form.put_raw(name, value);
        }
    }
}

#[derive(Default)]
struct Outcome {
    seen: Vec<&'static str>,
    failures: Vec<String>,
}

impl Outcome {
    async fn typed<R>(&mut self, client: &Client)
    where
        R: Request,
        R::Response: Debug + PartialEq + serde::Serialize,
    {
        let name = R::meta().name;
        self.seen.push(name);
        let response = match client.call(Sample::<R>(PhantomData)).await {
            Ok(r) => r,
            Err(e) => {
                self.failures.push(format!("{name}: {e}"));
                return;
            }
        };
        // Every field of the sample must have landed in the typed response, not been skipped
        // as unknown: compare the typed value serialized back with the sample's fields.
        let sample: serde_json::Value =
            serde_json::from_str(example_response(name).unwrap_or("{}")).unwrap_or_default();
        let typed = match serde_json::to_value(&response) {
            Ok(v) => v,
            Err(e) => {
                self.failures
                    .push(format!("{name}: serializing the response: {e}"));
                return;
            }
        };
        let mut missing = Vec::new();
        absent_fields("", &sample, &typed, &mut missing);
        missing.retain(|path| path != "status");
        if !missing.is_empty() {
            self.failures.push(format!(
                "{name}: sample fields missing from the typed response: {}; typed: {typed}",
                missing.join(", ")
            ));
        }
    }
}

/// The paths of the non-empty values of `sample` (objects and lists followed down to their
/// scalars) that are absent or null in `typed`.
fn absent_fields(
    path: &str,
    sample: &serde_json::Value,
    typed: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    if is_empty(sample) {
        return;
    }
    if typed.is_null() {
        out.push(path.to_string());
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (sample, typed) {
        (Value::Object(s), Value::Object(t)) => {
            for (k, v) in s {
                absent_fields(&join(k), v, t.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(s), Value::Array(t)) => {
            for (i, v) in s.iter().enumerate() {
                absent_fields(
                    &join(&i.to_string()),
                    v,
                    t.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        // A scalar that became a typed value (a separated list becomes an array): present.
        _ => {}
    }
}

fn is_empty(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

macro_rules! every {
    ($outcome:expr, $client:expr, [$($ty:ty,)*]) => {
        $( $outcome.typed::<$ty>($client).await; )*
    };
}

async fn run_all() -> Outcome {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = mock.client().expect("a client for the mock");
    let mut outcome = Outcome::default();
    every!(
        outcome,
        &client,
        [
            // accounts
            accounts::CreateSubAccount,
            accounts::DelSubAccount,
            accounts::GetAllowedCodecs,
            accounts::GetAuthTypes,
            accounts::GetDeviceTypes,
            accounts::GetDtmfModes,
            accounts::GetInvoice,
            accounts::GetLockInternational,
            accounts::GetMusicOnHold,
            accounts::DelMusicOnHold,
            accounts::GetNat,
            accounts::GetProtocols,
            accounts::GetRegistrationStatus,
            accounts::GetReportEstimatedHoldTime,
            accounts::GetRoutes,
            accounts::GetSubAccounts,
            accounts::AddMemberToConference,
            accounts::SetSubAccount,
            accounts::SetLocation,
            accounts::GetLocations,
            accounts::DelLocation,
            // call_parking
            call_parking::GetCallParking,
            call_parking::SetCallParking,
            call_parking::DelCallParking,
            // call_recordings
            call_recordings::GetCallRecordings,
            call_recordings::GetCallRecording,
            call_recordings::SendCallRecordingEmail,
            call_recordings::DelCallRecording,
            call_recordings::GetCallTranscriptions,
            // cdr
            cdr::GetCallAccounts,
            cdr::GetCallBilling,
            cdr::GetCallTypes,
            cdr::GetCdr,
            cdr::GetRates,
            cdr::GetTerminationRates,
            cdr::GetResellerCdr,
            cdr::GetResellerSms,
            cdr::GetResellerMms,
            // clients
            clients::AddCharge,
            clients::AddPayment,
            clients::AssignDidVpri,
            clients::GetBalanceManagement,
            clients::GetCharges,
            clients::GetClientPackages,
            clients::GetClients,
            clients::GetClientThreshold,
            clients::GetDeposits,
            clients::GetPackages,
            clients::GetResellerBalance,
            clients::SetClient,
            clients::SetClientThreshold,
            clients::SetConference,
            clients::SetConferenceMember,
            clients::SetSequences,
            clients::SignupClient,
            // dids
            dids::BackOrderDidUsa,
            dids::BackOrderDidCan,
            dids::CancelDid,
            dids::ConnectDid,
            dids::DelCallback,
            dids::DelCallerIdFiltering,
            dids::DelCallHunting,
            dids::DelConference,
            dids::DelConferenceMember,
            dids::DelSequences,
            dids::DelClient,
            dids::DelDisa,
            dids::DeleteSms,
            dids::DeleteMms,
            dids::DelForwarding,
            dids::DelIvr,
            dids::DelPhonebook,
            dids::DelPhonebookGroup,
            dids::DelQueue,
            dids::DelRecording,
            dids::DelRingGroup,
            dids::DelSipuri,
            dids::DelStaticMember,
            dids::DelTimeCondition,
            dids::GetCallbacks,
            dids::GetCallerIdFiltering,
            dids::GetCallHuntings,
            dids::GetCarriers,
            dids::GetDidCountries,
            dids::GetDidsCan,
            dids::GetDidsInfo,
            dids::GetDidsInternationalGeographic,
            dids::GetDidsInternationalNational,
            dids::GetDidsInternationalTollFree,
            dids::GetDidsUsa,
            dids::GetDidVpri,
            dids::GetDisAs,
            dids::GetForwardings,
            dids::GetInternationalTypes,
            dids::GetIvrs,
            dids::GetJoinWhenEmptyTypes,
            dids::GetMms,
            dids::GetMediaMms,
            dids::GetPhonebook,
            dids::GetPhonebookGroups,
            dids::GetPortability,
            dids::GetProvinces,
            dids::GetQueues,
            dids::GetRateCentersCan,
            dids::GetRateCentersUsa,
            dids::GetRecordings,
            dids::GetRecordingFile,
            dids::GetRingGroups,
            dids::GetRingStrategies,
            dids::GetSipuris,
            dids::GetSms,
            dids::GetStates,
            dids::GetStaticMembers,
            dids::GetTimeConditions,
            dids::GetVoicemailSetups,
            dids::GetVoicemailAttachmentFormats,
            dids::OrderDid,
            dids::OrderDidInternationalGeographic,
            dids::OrderDidInternationalNational,
            dids::OrderDidInternationalTollFree,
            dids::OrderDidVirtual,
            dids::OrderTollFree,
            dids::OrderVanity,
            dids::RemoveDidVpri,
            dids::SearchDidsCan,
            dids::SearchDidsUsa,
            dids::SearchTollFreeCanUs,
            dids::SearchTollFreeUsa,
            dids::SearchVanity,
            dids::SendSms,
            dids::SendMms,
            dids::SetCallback,
            dids::SetCallerIdFiltering,
            dids::SetCallHunting,
            dids::SetDidBillingType,
            dids::SetDidInfo,
            dids::SetDidPop,
            dids::SetDidRouting,
            dids::SetDidVoicemail,
            dids::SetDisa,
            dids::SetForwarding,
            dids::SetIvr,
            dids::SetPhonebook,
            dids::SetPhonebookGroup,
            dids::SetQueue,
            dids::SetRecording,
            dids::SetRingGroup,
            dids::SetSipuri,
            dids::SetSms,
            dids::SetStaticMember,
            dids::SetTimeCondition,
            dids::UnconnectDid,
            dids::SetMusicOnHold,
            // e911
            e911::E911AddressTypes,
            e911::E911Cancel,
            e911::E911Info,
            e911::E911Provision,
            e911::E911ProvisionManually,
            e911::E911Update,
            e911::E911Validate,
            // fax
            fax::ConnectFax,
            fax::UnconnectFax,
            fax::CancelFaxNumber,
            fax::DeleteFaxMessage,
            fax::DelEmailToFax,
            fax::DelFaxFolder,
            fax::GetBackOrders,
            fax::GetFaxProvinces,
            fax::GetFaxStates,
            fax::GetFaxRateCentersCan,
            fax::GetFaxRateCentersUsa,
            fax::GetFaxNumbersInfo,
            fax::GetFaxNumbersPortability,
            fax::GetFaxMessages,
            fax::GetFaxMessagePdf,
            fax::GetFaxFolders,
            fax::GetEmailToFax,
            fax::MailFaxMessagePdf,
            fax::MoveFaxMessage,
            fax::OrderFaxNumber,
            fax::SetFaxFolder,
            fax::SetEmailToFax,
            fax::SearchFaxAreaCodeCan,
            fax::SearchFaxAreaCodeUsa,
            fax::SetFaxNumberInfo,
            fax::SetFaxNumberEmail,
            fax::SetFaxNumberUrlCallback,
            fax::SendFaxMessage,
            // general
            general::GetBalance,
            general::GetConference,
            general::GetConferenceMembers,
            general::GetConferenceRecordings,
            general::GetConferenceRecordingFile,
            general::GetSequences,
            general::GetCountries,
            general::GetIp,
            general::GetLanguages,
            general::GetLocales,
            general::GetServersInfo,
            general::GetTransactionHistory,
            // lnp
            lnp::AddLnpPort,
            lnp::AddLnpFile,
            lnp::GetLnpStatus,
            lnp::GetLnpNotes,
            lnp::GetLnpListStatus,
            lnp::GetLnpList,
            lnp::GetLnpDetails,
            lnp::GetLnpAttachList,
            lnp::GetLnpAttach,
            // voicemail
            voicemail::CreateVoicemail,
            voicemail::DelMessages,
            voicemail::DelMemberFromConference,
            voicemail::DelVoicemail,
            voicemail::GetPlayInstructions,
            voicemail::GetTimezones,
            voicemail::GetVoicemails,
            voicemail::GetVoicemailFolders,
            voicemail::GetVoicemailMessageFile,
            voicemail::GetVoicemailMessages,
            voicemail::GetVpris,
            voicemail::MarkListenedVoicemailMessage,
            voicemail::MarkUrgentVoicemailMessage,
            voicemail::MoveFolderVoicemailMessage,
            voicemail::SendVoicemailEmail,
            voicemail::SetVoicemail,
            voicemail::GetVoicemailTranscriptions,
        ]
    );
    outcome
}

#[tokio::test]
async fn every_function_decodes_into_its_typed_response() {
    let outcome = run_all().await;
    assert!(
        outcome.failures.is_empty(),
        "{} of {} functions failed:\n{}",
        outcome.failures.len(),
        outcome.seen.len(),
        outcome.failures.join("\n")
    );
}

#[tokio::test]
async fn the_list_covers_every_function() {
    let mut seen = run_all().await.seen;
    seen.sort_unstable();
    let mut all: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
    all.sort_unstable();
    assert_eq!(seen, all);
}

#[test]
fn the_field_check_catches_dropped_fields() {
    let sample = serde_json::json!({"a": {"b": "1", "c": ""}, "l": [{"x": "y"}], "s": "1;2"});
    let typed = serde_json::json!({"a": {"b": 1, "c": null}, "l": [{"x": null}], "s": [1, 2]});
    let mut missing = Vec::new();
    absent_fields("", &sample, &typed, &mut missing);
    assert_eq!(missing, ["l.0.x"]);
}
