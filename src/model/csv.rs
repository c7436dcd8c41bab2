//! CSV export of interactions (RFC 4180), safe to open in a spreadsheet.

use super::i18n::{Messages, Msg};
use super::interaction::{status_label_in, Interaction, Related};

/// The header row's columns, in order.
pub const HEADER: [Msg; 12] = [
    Msg::Id,
    Msg::Date,
    Msg::Method,
    Msg::Direction,
    Msg::Status,
    Msg::Contacted,
    Msg::Contact,
    Msg::Property,
    Msg::Representative,
    Msg::Author,
    Msg::Account,
    Msg::Notes,
];

/// A UTF-8 byte order mark: prepend it to the file for spreadsheet apps that otherwise guess a
/// legacy encoding. `to_csv` does not add it (the text is also returned to scripts).
pub const BOM: &str = "\u{FEFF}";

/// One field: neutralised against formula injection, then quoted when needed.
///
/// A field starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` so a spreadsheet shows it
/// as text instead of evaluating it. A field containing `"`, `,`, CR or LF is quoted, with inner
/// quotes doubled.
pub fn escape_field(value: &str) -> String {
    let neutral = matches!(value.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let quote = value.contains(['"', ',', '\r', '\n']);
    let mut out = String::with_capacity(value.len() + 3);
    if quote {
        out.push('"');
    }
    if neutral {
        out.push('\'');
    }
    if quote {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
    out
}

fn label(r: &Option<Related>) -> String {
    r.as_ref().map(|r| r.label.clone()).unwrap_or_default()
}

fn row(item: &Interaction, date_text: &dyn Fn(&Interaction) -> String, m: &Messages) -> [String; 12] {
    [
        item.id.clone(),
        date_text(item),
        item.method.label_in(m).to_owned(),
        item.direction.label_in(m).to_owned(),
        if item.status.trim().is_empty() { String::new() } else { status_label_in(&item.status, m) },
        match item.contacted {
            Some(true) => m.text(Msg::Yes),
            Some(false) => m.text(Msg::No),
            None => String::new(),
        },
        label(&item.contact),
        label(&item.property),
        label(&item.representative),
        label(&item.author),
        label(&item.account),
        item.notes.clone(),
    ]
}

fn push_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (n, f) in fields.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&escape_field(f.as_ref()));
    }
    out.push_str("\r\n");
}

/// The interactions as CSV: a header row, then one record per interaction with resolved labels
/// (empty when none). `date_text` formats the Date column (the UI passes its locale formatter).
/// Every record, the last included, ends with CRLF. Words (header, method, …) are `m`'s.
pub fn to_csv(items: &[&Interaction], date_text: &dyn Fn(&Interaction) -> String, m: &Messages) -> String {
    let mut out = String::with_capacity(128 * (items.len() + 1));
    push_record(&mut out, &HEADER.map(|h| m.raw(h)));
    for item in items {
        push_record(&mut out, &row(item, date_text, m));
    }
    out
}

/// Reads CSV text back into records (RFC 4180, CRLF line ends, every record ended by CRLF):
/// the checker for what [`to_csv`] writes (tests and the fuzzer; the widget never reads CSV).
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let (mut at_field_start, mut quoted) = (true, false);
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    if !matches!(chars.peek(), Some(',' | '\r') | None) {
                        return Err("junk after a closing quote".into());
                    }
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '"' => return Err("a quote inside an unquoted field".into()),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("CR without LF".into());
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => return Err("a bare LF".into()),
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err("an unterminated quote".into());
    }
    if !field.is_empty() || !record.is_empty() {
        return Err("no CRLF after the last record".into());
    }
    Ok(records)
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::model::interaction::tests::sample;
    use crate::model::{Direction, Method};
    use proptest::prelude::*;

    fn date(i: &Interaction) -> String {
        i.date_time_raw.clone()
    }

    fn rel(id: &str, label: &str) -> Option<Related> {
        Some(Related { id: id.into(), label: label.into(), resolved: true })
    }

    #[test]
    fn header_only_for_no_items() {
        assert_eq!(
            to_csv(&[], &date, &Messages::en_gb()),
            "ID,Date,Method,Direction,Status,Contacted,Contact,Property,Representative,Author,Account,Notes\r\n"
        );
    }

    #[test]
    fn full_row_with_labels() {
        let mut i = sample("id-1", "2024-01-02T03:04:05Z");
        i.method = Method::Sms;
        i.direction = Direction::Outbound;
        i.status = "no_answer".into();
        i.contacted = Some(false);
        i.contact = rel("c", "Mrs Ada Lovelace");
        i.property = rel("p", "10 Downing Street, London");
        i.representative = rel("r", "Sam Jones");
        i.author = rel("a", "Ada Admin");
        i.account = rel("x", "Account 42");
        i.notes = "Left a \"message\"".into();
        let csv = to_csv(&[&i], &date, &Messages::en_gb());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[1],
            "id-1,2024-01-02T03:04:05Z,SMS,Outbound,No answer,No,Mrs Ada Lovelace,\"10 Downing Street, London\",\
             Sam Jones,Ada Admin,Account 42,\"Left a \"\"message\"\"\""
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2], "");
    }

    #[test]
    fn empty_values_stay_empty() {
        let mut i = sample("x", "");
        i.status = " ".into();
        i.contacted = None;
        let csv = to_csv(&[&i], &|_| String::new(), &Messages::en_gb());
        assert_eq!(csv.split("\r\n").nth(1), Some("x,,Email,Inbound,,,,,,,,"));
        i.contacted = Some(true);
        let csv = to_csv(&[&i], &|_| String::new(), &Messages::en_gb());
        assert_eq!(csv.split("\r\n").nth(1), Some("x,,Email,Inbound,,Yes,,,,,,"));
    }

    #[test]
    fn quoting_rules() {
        assert_eq!(escape_field("plain"), "plain");
        assert_eq!(escape_field(""), "");
        assert_eq!(escape_field("a,b"), "\"a,b\"");
        assert_eq!(escape_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escape_field("line1\nline2"), "\"line1\nline2\"");
        assert_eq!(escape_field("line1\r\nline2"), "\"line1\r\nline2\"");
        assert_eq!(escape_field("semi;colon 'single'"), "semi;colon 'single'");
        assert_eq!(escape_field("Zoë 🔥 שלום"), "Zoë 🔥 שלום");
    }

    #[test]
    fn formula_injection_is_neutralised() {
        assert_eq!(escape_field("=1+1"), "'=1+1");
        assert_eq!(escape_field("+44 161 496 0000"), "'+44 161 496 0000");
        assert_eq!(escape_field("-5"), "'-5");
        assert_eq!(escape_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_field("\tTAB"), "'\tTAB");
        assert_eq!(escape_field("\rCR"), "\"'\rCR\"");
        assert_eq!(escape_field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        // Only the first character matters.
        assert_eq!(escape_field("a=b"), "a=b");
        assert_eq!(escape_field(" =b"), " =b");
    }

    #[test]
    fn notes_round_trip_through_a_parser() {
        let notes = [
            "plain",
            "with, comma",
            "with \"quotes\"",
            "multi\nline",
            "multi\r\nline",
            "=cmd|' /C calc'!A0",
            "+1",
            "-1",
            "@x",
            "\tx",
            "\rx",
            "",
        ];
        let items: Vec<Interaction> = notes
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let mut i = sample(&format!("i{n}"), "2024-01-01T00:00:00Z");
                i.notes = (*text).into();
                i
            })
            .collect();
        let refs: Vec<&Interaction> = items.iter().collect();
        let records = parse(&to_csv(&refs, &date, &Messages::en_gb())).unwrap();
        assert_eq!(records.len(), notes.len() + 1);
        assert_eq!(records[0], HEADER.map(|h| Messages::en_gb().text(h)));
        for (n, text) in notes.iter().enumerate() {
            let got = &records[n + 1][11];
            let neutral = matches!(text.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
            let expected = if neutral { format!("'{text}") } else { (*text).to_owned() };
            assert_eq!(got, &expected);
            assert_eq!(records[n + 1].len(), 12);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn n_items_give_n_plus_one_records(
            notes in prop::collection::vec("[a-z=+@\\-\t\r\n\",; 'é🔥]{0,12}", 0..12),
            labels in prop::collection::vec(prop::option::of("[A-Za-z ,\"\n=]{1,8}"), 0..12),
        ) {
            let items: Vec<Interaction> = notes
                .iter()
                .enumerate()
                .map(|(n, text)| {
                    let mut i = sample(&format!("-{n}"), "2024-01-01T00:00:00Z");
                    i.notes = text.clone();
                    i.contact = labels.get(n).cloned().flatten().and_then(|l| rel("c", &l));
                    i
                })
                .collect();
            let refs: Vec<&Interaction> = items.iter().collect();
            let csv = to_csv(&refs, &date, &Messages::en_gb());
            let records = parse(&csv).map_err(TestCaseError::fail)?;
            prop_assert_eq!(records.len(), items.len() + 1);
            for (r, item) in records.iter().skip(1).zip(&items) {
                prop_assert_eq!(r.len(), 12);
                prop_assert_eq!(r[0].clone(), format!("'{}", item.id));
                let notes = r[11].strip_prefix('\'').filter(|_| item.notes.starts_with(['=', '+', '-', '@', '\t', '\r']));
                prop_assert_eq!(notes.unwrap_or(&r[11]), item.notes.as_str());
                prop_assert!(!r.iter().any(|f| f.starts_with(['=', '+', '-', '@', '\t', '\r'])));
            }
        }
    }
}
