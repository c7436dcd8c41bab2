use super::*;

#[test]
fn ids_are_unique_kebab_case() {
    let mut seen = std::collections::HashSet::new();
    for m in Msg::ALL {
        let id = m.id();
        assert!(seen.insert(id), "repeated id {id}");
        assert!(
            !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id} is not kebab-case"
        );
        assert_eq!(Msg::from_id(id), Some(*m));
    }
}

#[test]
fn each_catalogue_lists_every_message_in_order() {
    assert_eq!(en_gb::ORDER, Msg::ALL, "en-GB");
    assert_eq!(cy::ORDER, Msg::ALL, "cy");
    for (n, m) in Msg::ALL.iter().enumerate() {
        assert_eq!(*m as usize, n);
    }
}

#[test]
fn every_id_has_en_gb_and_welsh_text() {
    for m in Msg::ALL {
        for lang in Lang::ALL {
            assert!(!lang.text(*m).trim().is_empty(), "{} has no {} text", m.id(), lang.tag());
        }
    }
}

#[test]
fn placeholders_match_across_languages() {
    for m in Msg::ALL {
        let sorted = |t| {
            let mut p = placeholders(t);
            p.sort_unstable();
            p
        };
        assert_eq!(sorted(Lang::Cy.text(*m)), sorted(Lang::EnGb.text(*m)), "{}", m.id());
        if m.is_plural() {
            assert!(placeholders(Lang::EnGb.text(*m)).contains(&"count"), "{}", m.id());
        }
    }
}

#[test]
fn every_plural_form_names_its_count() {
    for m in Msg::ALL.iter().filter(|m| m.is_plural()) {
        for lang in Lang::ALL {
            for form in lang.text(*m).split('|') {
                assert!(form.contains("{count}"), "{} {}: {form}", m.id(), lang.tag());
            }
        }
    }
}

/// The kebab-case of the en-GB text, for the names ELEMENT.md lists (see the README).
#[test]
fn contract_names_are_the_kebab_case_of_their_text() {
    let kebab = |s: &str| s.to_lowercase().replace(' ', "-");
    for m in [
        Msg::Region,
        Msg::GroupBy,
        Msg::Contact,
        Msg::Property,
        Msg::GroupNone,
        Msg::Method,
        Msg::Direction,
        Msg::Status,
        Msg::Contacted,
        Msg::From,
        Msg::To,
        Msg::SearchNotes,
        Msg::ClearFilters,
        Msg::Refresh,
        Msg::ExportCsv,
        Msg::Filters,
        Msg::MoreActions,
        Msg::ExpandAll,
        Msg::CollapseAll,
        Msg::Pagination,
        Msg::PreviousPage,
        Msg::NextPage,
        Msg::PerPage,
        Msg::NoInteractions,
        Msg::TryAgain,
    ] {
        assert_eq!(m.id(), kebab(Lang::EnGb.text(m)));
    }
    assert_eq!(Msg::PageOf.id(), "page-n-of-m");
    assert_eq!(Msg::Showing.id(), "showing-n-of-m-interactions");
}

#[test]
fn the_catalogue_follows_the_language_subtag() {
    assert_eq!(Lang::pick(Some("cy")), Lang::Cy);
    assert_eq!(Lang::pick(Some("cy-GB")), Lang::Cy);
    assert_eq!(Lang::pick(Some("CY_gb")), Lang::Cy);
    assert_eq!(Lang::pick(Some("en-US")), Lang::EnGb);
    assert_eq!(Lang::pick(Some("fr")), Lang::EnGb);
    assert_eq!(Lang::pick(None), Lang::EnGb);
    assert_eq!(Lang::first_supported(["fr-FR", "cy-GB", "en"]), Lang::Cy);
    assert_eq!(Lang::first_supported(["en-GB", "cy"]), Lang::EnGb);
    assert_eq!(Lang::first_supported(["de"]), Lang::EnGb);
}

#[test]
fn plural_categories_for_0_1_2_3_6_11() {
    let ns = [0, 1, 2, 3, 6, 11];
    let en: Vec<_> = ns.iter().map(|n| cldr_plural("en-GB", *n)).collect();
    use Plural::*;
    assert_eq!(en, [Other, One, Other, Other, Other, Other]);
    let cy: Vec<_> = ns.iter().map(|n| cldr_plural("cy", *n)).collect();
    assert_eq!(cy, [Zero, One, Two, Few, Many, Other]);
}

#[test]
fn plural_selection_in_both_languages() {
    let count = |lang, n: u64| {
        Messages::new(lang, Arc::default(), cldr_plural).count(Msg::CountInteractions, n, &n.to_string(), &[])
    };
    let en: Vec<_> = [0, 1, 2, 3, 6, 11].iter().map(|n| count(Lang::EnGb, *n)).collect();
    assert_eq!(
        en,
        ["0 interactions", "1 interaction", "2 interactions", "3 interactions", "6 interactions", "11 interactions"]
    );
    let cy: Vec<_> = [0, 1, 2, 3, 6, 11].iter().map(|n| count(Lang::Cy, *n)).collect();
    assert_eq!(
        cy,
        [
            "0 rhyngweithiad",
            "1 rhyngweithiad",
            "2 ryngweithiad",
            "3 rhyngweithiad",
            "6 rhyngweithiad",
            "11 o ryngweithiadau"
        ]
    );
    let m = Messages::default();
    assert_eq!(m.count(Msg::RetryingIn, 1, "1", &[]), "Trying again in 1 second…");
    assert_eq!(m.count(Msg::RetryingIn, 5, "5", &[]), "Trying again in 5 seconds…");
}

#[test]
fn packed_texts_are_read_back_whole() {
    assert_eq!(Msg::ALL.first().map(|m| m.id()), Some("customer-interactions"));
    assert_eq!(Msg::ALL.last().map(|m| m.id()), Some("error-config"));
    assert_eq!(Lang::EnGb.text(Msg::ErrorConfig), "The widget is not set up correctly.");
    assert_eq!(Lang::Cy.text(Msg::Region), "Rhyngweithiadau cwsmeriaid");
    assert_eq!(en_gb::PACKED.get(Msg::COUNT), "");
    assert!(Msg::ALL.iter().all(|m| !Lang::EnGb.text(*m).contains('\u{1f}')));
}

#[test]
fn placeholders_are_filled_by_name() {
    assert_eq!(fill("Page {page} of {pages}", &[("pages", "9"), ("page", "2")]), "Page 2 of 9");
    assert_eq!(fill("{a} {unknown} {", &[("a", "x")]), "x {unknown} {");
    assert_eq!(fill("“{text}”", &[("text", "{text}")]), "“{text}”");
    assert_eq!(placeholders("{b} {a} {b} {not a name} {}"), ["b", "a"]);
}

#[test]
fn pieces_cut_a_text_at_its_placeholders() {
    assert_eq!(
        pieces("Run {command} and open {url}."),
        [(None, "Run "), (Some("command"), ""), (None, " and open "), (Some("url"), ""), (None, ".")]
    );
    assert_eq!(pieces("{trace}"), [(Some("trace"), "")]);
    assert_eq!(pieces("a {not one} b"), [(None, "a {"), (None, "not one} b")]);
}

#[test]
fn a_plural_form_falls_back_to_other() {
    assert_eq!(plural_form("one:a|other:b", Plural::Few), "b");
    assert_eq!(plural_form("one:a|other:b", Plural::One), "a");
    assert_eq!(plural_form("just text: no forms", Plural::One), "just text: no forms");
}

#[test]
fn overrides_replace_checked_messages() {
    let entries = [
        ("next-page", Some("Onward")),
        ("group-by", Some("Arrange by")),
        ("no-such-id", Some("x")),
        ("page-n-of-m", Some("Page {page}")),
        ("n-interactions", Some("one:{count} visit|other:{count} visits")),
        ("empty", None),
    ];
    let entries: Vec<(String, Option<String>)> =
        entries.iter().map(|(k, v)| (k.to_string(), v.map(str::to_owned))).collect();
    let (o, left_out) = Overrides::parse(&entries);
    assert_eq!(
        left_out,
        " \"no-such-id\" ignored: no such message id, or not text; \"page-n-of-m\" rejected: it lacks {pages}; \"empty\" ignored: no such message id, or not text;"
    );
    assert_eq!(o.get(Msg::Empty), None);
    let m = Messages::new(Lang::Cy, Arc::new(o), cldr_plural);
    assert_eq!(m.text(Msg::NextPage), "Onward");
    assert_eq!(m.text(Msg::GroupBy), "Arrange by");
    assert_eq!(m.fill(Msg::PageOf, &[("page", "1"), ("pages", "2")]), "Tudalen 1 o 2");
    assert_eq!(m.count(Msg::CountInteractions, 2, "2", &[]), "2 visits");
    assert_eq!(m.count(Msg::CountInteractions, 1, "1", &[]), "1 visit");
}

#[test]
fn intl_is_asked_for_the_locale_then_en_gb() {
    assert_eq!(intl_locales("cy"), ["cy", "en-GB"]);
    assert_eq!(intl_locales("fr-CA"), ["fr-CA", "en-GB"]);
}

#[test]
fn speaks_compares_language_subtags() {
    assert!(speaks(Some("cy"), "cy"));
    assert!(speaks(Some("cy-GB"), "cy"));
    assert!(speaks(Some("CY_gb"), "cy-GB"));
    assert!(speaks(Some("en-US"), "en-GB"));
    assert!(speaks(None, "en-US"), "the browser's own locale");
    // Chromium without Welsh data answers the chain's fallback.
    assert!(!speaks(Some("cy"), "en-GB"));
    assert!(!speaks(Some("cy"), "en-US"));
    assert!(!speaks(Some("ga"), "en-GB"));
}
