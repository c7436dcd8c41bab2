//! Realistic free-text notes for generated interactions.

use crate::rng::Rng;

/// What a note is about: enough context to make it read naturally.
pub struct NoteContext<'a> {
    pub method: &'a str,
    pub direction: &'a str,
    pub status: &'a str,
    /// How the customer is referred to, e.g. "Mrs Patel" (None: no contact).
    pub customer: Option<&'a str>,
    /// The representative's first name.
    pub rep: &'a str,
}

struct Topic {
    subjects: &'static [&'static str],
    details: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        subjects: &[
            "to submit a meter reading of {reading}",
            "about an estimated meter reading on the last bill",
            "to confirm the meter reading taken by our reader",
            "regarding a disputed meter reading",
        ],
        details: &[
            "Reading of {reading} entered against the electricity meter and the account re-billed.",
            "The previous reading was estimated; the actual reading is lower, so a credit of {amount} will show on the next bill.",
            "Customer sent a photo of the meter display, which matches the reading provided.",
            "Asked the customer to send readings monthly until the smart meter is installed.",
            "Reading looks high against the usage history; a meter accuracy check has been raised.",
            "Gas reading of {reading} recorded. Customer reminded the meter is read in cubic metres.",
        ],
    },
    Topic {
        subjects: &[
            "about setting up a payment plan",
            "to discuss the payment plan",
            "regarding missed payments on the payment plan",
            "to ask for a change to the direct debit date",
        ],
        details: &[
            "Agreed a payment plan of {amount} per month for 12 months, starting on the {day}th.",
            "Direct debit moved to the {day}th of the month to line up with the customer's pay day.",
            "Customer has missed two instalments; explained that the plan will be reviewed if a third is missed.",
            "Income and expenditure completed; the customer can afford {amount} a month towards the arrears.",
            "Confirmed the plan in writing and sent the Citizens Advice and StepChange leaflets.",
            "Balance of {amount} to be cleared by the end of the plan.",
        ],
    },
    Topic {
        subjects: &[
            "about the Priority Services Register",
            "to register for the Priority Services Register",
            "to update PSR details",
        ],
        details: &[
            "Added to the Priority Services Register: medical equipment dependent.",
            "PSR record updated with a nominated carer who should be contacted first.",
            "Customer asked for large print bills; PSR needs updated and accessible format requested.",
            "Explained the password scheme for home visits and set up a password with the customer.",
            "Customer is of pensionable age and lives alone; PSR flag added and a welfare call scheduled.",
            "Shared the PSR details with the network operator with the customer's consent.",
        ],
    },
    Topic {
        subjects: &[
            "about access to the meter",
            "to arrange access to the property",
            "regarding the location of the meter cupboard",
        ],
        details: &[
            "Meter is in a locked communal cupboard; the managing agent holds the key.",
            "Access arranged via the side gate. There is a dog at the property, so please knock and wait.",
            "Key safe code will be given over the phone on the day of the visit only.",
            "Customer works shifts; the best access window is weekday mornings before 11am.",
            "The meter is behind a fitted wardrobe; customer will clear access before the appointment.",
            "Parking is by permit only; the engineer should use the pay and display on the high street.",
        ],
    },
    Topic {
        subjects: &[
            "to make a complaint about their bill",
            "to complain about a missed appointment",
            "about an ongoing complaint",
            "to escalate their complaint",
        ],
        details: &[
            "Complaint logged under reference CMP-{ref}. Customer advised we will respond within 8 weeks.",
            "Apologised for the missed appointment and applied a goodwill credit of {amount}.",
            "Customer unhappy with how long the back-billing has taken; escalated to the team leader.",
            "Explained the Energy Ombudsman process in case the customer is not happy with our final response.",
            "Customer accepted the resolution offered and the complaint has been closed.",
            "Customer remains dissatisfied. Deadlock letter to be issued if no resolution by the end of the week.",
        ],
    },
    Topic {
        subjects: &[
            "to book a smart meter installation",
            "to rearrange the smart meter appointment",
            "about the meter exchange appointment",
            "to book a gas safety check",
        ],
        details: &[
            "Smart meter installation booked for {date}, {slot} slot.",
            "Appointment moved to {date} ({slot}) at the customer's request.",
            "Confirmed the engineer will need about two hours and the supply will be off for around 30 minutes.",
            "Customer asked for a text message the day before the visit.",
            "Reminded the customer that someone over 18 needs to be at the property.",
            "Engineer completed the exchange; new meter serial recorded and the first reading was {reading}.",
        ],
    },
    Topic {
        subjects: &[
            "about a high bill",
            "to query a charge on the latest statement",
            "about a refund of their credit balance",
            "to ask for a copy of their final bill",
        ],
        details: &[
            "Bill checked against the tariff; the increase is due to the change in unit rate on the 1st.",
            "Refund of {amount} processed to the customer's bank account; allow 5 to 7 working days.",
            "Standing charge explained. Customer happy with the explanation.",
            "Copy of the bill re-sent by email.",
            "Duplicate charge found and removed; an amended statement will be issued.",
            "Customer asked to be moved to paperless billing.",
        ],
    },
    Topic {
        subjects: &[
            "to let us know they are moving home",
            "about a change of tenancy",
            "to take over the account from the previous occupier",
        ],
        details: &[
            "Move out date recorded as {date}. Closing reading to be provided on the day.",
            "New tenant details taken; the previous occupier's account has been closed.",
            "Letting agent confirmed the tenancy start date. Welcome pack sent.",
            "Forwarding address taken for the final bill.",
            "Customer confirmed they are the executor of the estate; death certificate requested.",
        ],
    },
    Topic {
        subjects: &[
            "about the arrears on the account",
            "regarding the debt recovery letter",
            "about the warrant application",
        ],
        details: &[
            "Arrears of {amount} discussed. Customer agreed to pay {amount} today by card.",
            "Debt recovery paused for 30 days while the customer applies for the Warm Home Discount.",
            "Customer says they did not receive the earlier letters; address details confirmed.",
            "Offered a prepayment meter as an option; the customer declined.",
            "Referred to the hardship fund; the application form has been sent.",
        ],
    },
];

const OPENERS_TELEPHONE_IN: &[&str] = &["{customer} called", "{customer} rang in", "Inbound call from {customer}"];
const OPENERS_TELEPHONE_OUT: &[&str] = &["Called {customer}", "Outbound call to {customer}", "Rang {customer}"];
const OPENERS_EMAIL_IN: &[&str] = &["Email received from {customer}", "{customer} emailed"];
const OPENERS_EMAIL_OUT: &[&str] = &["Emailed {customer}", "Sent an email to {customer}"];
const OPENERS_LETTER_IN: &[&str] = &["Letter received from {customer}", "{customer} wrote in"];
const OPENERS_LETTER_OUT: &[&str] = &["Letter sent to {customer}", "Wrote to {customer}"];
const OPENERS_SMS_IN: &[&str] = &["SMS reply from {customer}", "{customer} replied by text"];
const OPENERS_SMS_OUT: &[&str] = &["SMS sent to {customer}", "Text message sent to {customer}"];

const MISSED: &[&str] = &[
    "No answer at the property for the scheduled visit; calling card left.",
    "Customer did not answer the booked call back. Voicemail left asking them to call us.",
    "Engineer attended but could not gain access to the meter. Appointment marked as missed.",
    "Tried the customer twice during the agreed slot with no answer.",
];

const CANCELLED: &[&str] = &[
    "Appointment cancelled at the customer's request; they will call to rebook.",
    "Cancelled: the engineer is unavailable. Customer to be offered a new date.",
    "Visit cancelled because the account has been closed.",
    "Customer cancelled the call back as the query was resolved online.",
];

const FAILED_SMS: &[&str] = &[
    "SMS delivery failed: number not recognised by the network.",
    "Text message could not be delivered. Mobile number may be out of date.",
];
const FAILED_EMAIL: &[&str] = &[
    "Email bounced: mailbox unavailable. Ask for an updated email address at the next contact.",
    "Email rejected by the recipient's server (mailbox full).",
];
const FAILED_LETTER: &[&str] = &[
    "Letter returned by Royal Mail marked 'addressee gone away'.",
    "Letter returned undelivered; address to be verified.",
];
const FAILED_TELEPHONE: &[&str] =
    &["Call failed: number unobtainable.", "Call could not connect; line engaged on three attempts."];

const SCHEDULED: &[&str] = &[
    "Call back booked to review the payment plan.",
    "Smart meter installation booked, {slot} slot. Customer will be sent a reminder the day before.",
    "Follow-up call scheduled to confirm the complaint resolution.",
    "Meter reading visit scheduled.",
    "Welfare call scheduled for a customer on the Priority Services Register.",
    "Reminder letter scheduled if no payment is received.",
];

const PENDING: &[&str] = &[
    "Awaiting confirmation from the metering team before replying.",
    "Waiting for the customer to send a photo of the meter.",
    "Pending a response from the network operator.",
    "On hold until the billing correction has been processed.",
];

const CLOSINGS: &[&str] = &[
    "No further action needed.",
    "Customer happy with the outcome.",
    "Next steps: follow up in 14 days if we have not heard back.",
    "Notes added to the account for the next agent.",
    "Customer thanked {rep} for the help.",
    "Reference number given to the customer.",
];

const SLOTS: &[&str] = &["8am to 12pm", "12pm to 4pm", "8am to 1pm", "all day", "10am to 2pm"];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A note for an interaction: sometimes null, sometimes empty, mostly one to
/// four sentences, occasionally several paragraphs.
pub fn note(rng: &mut Rng, ctx: &NoteContext<'_>) -> Option<String> {
    let roll = rng.unit();
    if roll < 0.07 {
        return None;
    }
    if roll < 0.13 {
        return Some(String::new());
    }
    let text = match ctx.status {
        "missed" => rng.pick_str(MISSED).to_string(),
        "cancelled" => rng.pick_str(CANCELLED).to_string(),
        "failed" => {
            let pool = match ctx.method {
                "sms" => FAILED_SMS,
                "email" => FAILED_EMAIL,
                "letter" => FAILED_LETTER,
                _ => FAILED_TELEPHONE,
            };
            rng.pick_str(pool).to_string()
        }
        "scheduled" => rng.pick_str(SCHEDULED).to_string(),
        "pending" => {
            let (mut s, _) = topic_sentence(rng, ctx);
            s.push(' ');
            s.push_str(rng.pick_str(PENDING));
            s
        }
        _ if roll > 0.975 => long_note(rng, ctx),
        _ => {
            let (mut s, topic) = topic_sentence(rng, ctx);
            for _ in 0..rng.below(3) {
                s.push(' ');
                s.push_str(rng.pick_str(topic.details));
            }
            if rng.chance(0.3) {
                s.push(' ');
                s.push_str(rng.pick_str(CLOSINGS));
            }
            s
        }
    };
    Some(fill(rng, &text, ctx))
}

fn opener(rng: &mut Rng, ctx: &NoteContext<'_>) -> &'static str {
    let inbound = ctx.direction == "inbound";
    let pool = match (ctx.method, inbound) {
        ("email", true) => OPENERS_EMAIL_IN,
        ("email", false) => OPENERS_EMAIL_OUT,
        ("letter", true) => OPENERS_LETTER_IN,
        ("letter", false) => OPENERS_LETTER_OUT,
        ("sms", true) => OPENERS_SMS_IN,
        ("sms", false) => OPENERS_SMS_OUT,
        (_, true) => OPENERS_TELEPHONE_IN,
        (_, false) => OPENERS_TELEPHONE_OUT,
    };
    rng.pick_str(pool)
}

/// An opening sentence about a random topic, maybe with one detail.
fn topic_sentence(rng: &mut Rng, ctx: &NoteContext<'_>) -> (String, &'static Topic) {
    let topic = rng.pick(TOPICS);
    let mut s = format!("{} {}.", opener(rng, ctx), rng.pick_str(topic.subjects));
    if rng.chance(0.6) {
        s.push(' ');
        s.push_str(rng.pick_str(topic.details));
    }
    (s, topic)
}

fn long_note(rng: &mut Rng, ctx: &NoteContext<'_>) -> String {
    let (first, _) = topic_sentence(rng, ctx);
    let mut paragraphs = vec![first];
    for _ in 0..rng.range(2, 4) {
        let topic = rng.pick(TOPICS);
        let mut p = String::new();
        for i in 0..rng.range(2, 4) {
            if i > 0 {
                p.push(' ');
            }
            p.push_str(rng.pick_str(topic.details));
        }
        paragraphs.push(p);
    }
    paragraphs.push(format!(
        "{} {}",
        rng.pick_str(CLOSINGS),
        "Summary emailed to the customer and a copy saved to the account documents."
    ));
    paragraphs.join("\n\n")
}

/// Replace the `{placeholders}` in a template.
fn fill(rng: &mut Rng, template: &str, ctx: &NoteContext<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let key = &after[..end];
        let at_sentence_start = out.is_empty() || out.ends_with(". ") || out.ends_with("\n\n");
        match key {
            "customer" => match ctx.customer {
                Some(c) => out.push_str(c),
                None if at_sentence_start => out.push_str("The customer"),
                None => out.push_str("the customer"),
            },
            "rep" => out.push_str(ctx.rep),
            "reading" => out.push_str(&format!("{:05}", rng.below(100_000))),
            "amount" => out.push_str(&format!("£{}.{:02}", rng.range(5, 480), rng.below(100))),
            "day" => out.push_str(&rng.range(1, 28).to_string()),
            "ref" => out.push_str(&format!("{:06}", rng.below(1_000_000))),
            "slot" => out.push_str(rng.pick_str(SLOTS)),
            "date" => out.push_str(&format!("{} {}", rng.range(1, 28), rng.pick_str(MONTHS))),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(status: &'a str, customer: Option<&'a str>) -> NoteContext<'a> {
        NoteContext { method: "telephone", direction: "inbound", status, customer, rep: "Sarah" }
    }

    #[test]
    fn placeholders_are_filled() {
        let mut rng = Rng::new(3);
        for status in ["completed", "missed", "cancelled", "failed", "scheduled", "pending"] {
            for _ in 0..200 {
                if let Some(n) = note(&mut rng, &ctx(status, Some("Mrs Patel"))) {
                    assert!(!n.contains('{') && !n.contains('}'), "{n}");
                }
                if let Some(n) = note(&mut rng, &ctx(status, None)) {
                    assert!(!n.contains("{customer}"), "{n}");
                }
            }
        }
    }

    #[test]
    fn lengths_vary() {
        let mut rng = Rng::new(11);
        let notes: Vec<Option<String>> =
            (0..2000).map(|_| note(&mut rng, &ctx("completed", Some("Mr Jones")))).collect();
        assert!(notes.iter().any(Option::is_none));
        assert!(notes.iter().any(|n| n.as_deref() == Some("")));
        assert!(notes.iter().flatten().any(|n| n.contains("\n\n") && n.len() > 300));
    }
}
