//! The server-scope chips ("Only contact: …" with its remove button).

use std::sync::Arc;

use leptos::prelude::*;

use super::focus::focus_later;
use super::i18n::I18n;
use super::item::ScopeKind;
use super::loader::Loaded;
use crate::model::url_state::ViewState;
use crate::model::{labels, Interaction};

/// The label for a scope chip: from the loaded data when possible.
fn chip_label(items: &[Interaction], kind: ScopeKind, id: &str) -> String {
    let found = items.iter().find_map(|i| {
        let r = match kind {
            ScopeKind::Contact => i.contact.as_ref(),
            ScopeKind::Property => i.property.as_ref(),
            ScopeKind::Representative => i.representative.as_ref(),
        }?;
        (r.id == id).then(|| r.label.clone())
    });
    found.unwrap_or_else(|| {
        let t = match kind {
            ScopeKind::Contact => "contacts",
            ScopeKind::Property => "properties",
            ScopeKind::Representative => "users",
        };
        labels::fallback(t, id)
    })
}

#[component]
pub fn ScopeChips(
    i18n: I18n,
    view: RwSignal<ViewState>,
    loaded: Memo<Option<Arc<Loaded>>>,
    changed: Callback<()>,
) -> impl IntoView {
    let remove_scope = move |kind: ScopeKind| {
        view.update(|v| {
            match kind {
                ScopeKind::Contact => v.scope.contact_in.clear(),
                ScopeKind::Property => v.scope.property_in.clear(),
                ScopeKind::Representative => v.scope.representative_in.clear(),
            }
            v.page = 1;
        });
        changed.run(());
    };
    let chips = move || {
        let labels: Vec<(ScopeKind, String)> = view
            .with(|v| {
                [
                    (ScopeKind::Contact, v.scope.contact_in.clone()),
                    (ScopeKind::Property, v.scope.property_in.clone()),
                    (ScopeKind::Representative, v.scope.representative_in.clone()),
                ]
            })
            .into_iter()
            .filter_map(|(kind, ids)| {
                let id = ids.first()?.clone();
                let label = loaded.with(|l| chip_label(l.as_ref().map_or(&[][..], |l| l.items.as_slice()), kind, &id));
                Some((kind, label))
            })
            .collect();
        labels
            .into_iter()
            .map(|(kind, label)| {
                let m = i18n.get();
                let chip = m.fill(kind.msgs().1, &[("label", &label)]);
                let remove = m.fill(kind.msgs().2, &[("label", &label)]);
                view! {
                    <span class="ch-chip">
                        <span>{chip}</span>
                        <button type="button" class="ch-chip-remove" aria-label=remove
                            on:click=move |ev| {
                                // This chip goes away: focus the next chip's button, else the results.
                                let root = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok()).map(|n| n.get_root_node());
                                remove_scope(kind);
                                if let Some(root) = root {
                                    focus_later(root, ".ch-chip-remove, .ch-results");
                                }
                            }>{"×"}</button>
                    </span>
                }
            })
            .collect_view()
    };
    view! { <div class="ch-chips">{chips}</div> }
}
