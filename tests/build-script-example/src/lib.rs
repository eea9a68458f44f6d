//! A crate that generates its API client at build time: `build.rs` writes the Notes SDK
//! from `api/openapi.yaml` into `OUT_DIR` as one module, included here. The include sits in
//! a module of its own (`apis`) to show that the generated code works wherever it is put.

/// The APIs this crate talks to.
pub mod apis {
    include!(concat!(env!("OUT_DIR"), "/notes_api.rs"));
}

use apis::notes_api::models::{NewNote, Note};
use apis::notes_api::{Client, Error};

/// Creates a note with the given title and tags, then reads it back by its id: what a
/// caller of the generated module writes.
pub async fn create_and_read(client: &Client, title: &str, tags: &[&str]) -> Result<Note, Error> {
    let new_note = NewNote {
        title: title.to_owned(),
        tags: Some(tags.iter().map(|tag| (*tag).to_owned()).collect()),
    };
    let created = client.create_note(&new_note).await?;
    client.get_note(&created.id).await
}
