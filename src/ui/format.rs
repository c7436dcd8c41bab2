//! Dates and numbers through the browser's `Intl`, never a panic on bad input.
//!
//! `Intl` constructors throw on an invalid locale or time zone; we construct them through
//! `Reflect::construct` (which returns the exception as an `Err`) and fall back to the
//! browser's defaults.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::model::i18n::{intl_locales, speaks, Lang, Messages, Msg};
use crate::model::search::Decompose;
use crate::model::time::{short_date, DayLabel, Relative, ShortDate, Zone};

/// How to format: `None` means the browser's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locale {
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    /// The host's replacement texts (the `strings` property), in every language.
    pub strings: std::sync::Arc<crate::model::i18n::Overrides>,
}

fn intl() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok().filter(|i| i.is_object())
}

fn intl_ctor(name: &str) -> Option<Function> {
    method(&intl()?, name)
}

/// `new Intl[name]([locale, "en-GB"], options)` ([`intl_locales`]: en-GB where the browser lacks
/// the language); when that throws, en-GB with the same options (a malformed `locale`), then the
/// browser's defaults (a bad time zone; the element drops those first, [`usable_zone`]).
pub(crate) fn construct(name: &str, locale: Option<&str>, options: &Object) -> Option<JsValue> {
    let ctor = intl_ctor(name)?;
    let locales = match locale {
        Some(l) => intl_locales(l).iter().map(|t| JsValue::from_str(t)).collect::<Array>().into(),
        None => JsValue::UNDEFINED,
    };
    let with = |locales: &JsValue, options: &Object| Reflect::construct(&ctor, &Array::of2(locales, options)).ok();
    with(&locales, options)
        .or_else(|| with(&JsValue::from_str(Lang::EnGb.tag()), options))
        .or_else(|| with(&JsValue::UNDEFINED, &Object::new()))
}

/// Whether the browser takes `tag` as a locale: `Intl.getCanonicalLocales` throws on a malformed
/// one ("en_GB"). Without `Intl` nothing is formatted by it, so nothing is refused.
pub(crate) fn usable_locale(tag: &str) -> bool {
    let Some(intl) = intl() else { return true };
    let Some(canonical) = method(&intl, "getCanonicalLocales") else { return true };
    canonical.call1(&intl, &JsValue::from_str(tag)).is_ok()
}

/// Whether the browser knows `zone` (an IANA name such as "Europe/London"): `Intl.DateTimeFormat`
/// throws on one it does not know.
pub(crate) fn usable_zone(zone: &str) -> bool {
    let Some(ctor) = intl_ctor("DateTimeFormat") else {
        return true;
    };
    let options = Object::new();
    set(&options, "timeZone", zone);
    Reflect::construct(&ctor, &Array::of2(&JsValue::UNDEFINED, &options)).is_ok()
}

/// The locale an `Intl` formatter resolved to (`resolvedOptions().locale`).
pub(crate) fn resolved_locale(formatter: &JsValue) -> Option<String> {
    let options = method(formatter, "resolvedOptions")?.call0(formatter).ok()?;
    Reflect::get(&options, &JsValue::from_str("locale")).ok()?.as_string()
}

fn call_format(formatter: &JsValue, value: &JsValue) -> Option<String> {
    let f = Reflect::get(formatter, &JsValue::from_str("format")).ok()?.dyn_into::<Function>().ok()?;
    f.call1(formatter, value).ok()?.as_string()
}

fn set(o: &Object, k: &str, v: &str) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &JsValue::from_str(v));
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()
}

/// Reusable formatters for one locale and time zone, with the interface's words.
pub struct Formats {
    /// The interface's words (the catalogue of the locale, with the host's overrides).
    pub m: Messages,
    date_time: Option<JsValue>,
    number: Option<JsValue>,
    time: Option<JsValue>,
    day: Option<JsValue>,
    /// A row's date and time: "Sat 28 Nov, 10:45", "17 Nov, 14:05", "17 Nov 2025, 14:05"
    /// (by [`ShortDate`]).
    short: [Option<JsValue>; 3],
    /// The same in a narrow widget: "Sat 10:45", "17 Nov", "17 Nov 2025".
    compact: [Option<JsValue>; 3],
    relative: Option<JsValue>,
    words: Words,
}

/// "Today", "Yesterday", "Tomorrow" in the locale (from `Intl.RelativeTimeFormat`).
struct Words {
    today: String,
    yesterday: String,
    tomorrow: String,
}

impl Formats {
    pub fn new(loc: &Locale, m: Messages) -> Self {
        let dt = Object::new();
        set(&dt, "dateStyle", "medium");
        set(&dt, "timeStyle", "short");
        if let Some(tz) = &loc.time_zone {
            set(&dt, "timeZone", tz);
        }
        let tm = Object::new();
        set(&tm, "timeStyle", "short");
        let day = Object::new();
        set(&day, "dateStyle", "full");
        // Days are calendar dates: format them in UTC so no zone can shift them.
        set(&day, "timeZone", "UTC");
        if let Some(tz) = &loc.time_zone {
            set(&tm, "timeZone", tz);
        }
        // `compact`: the weekday and time within a week, else the date alone.
        let short = |form: ShortDate, compact: bool| {
            let o = Object::new();
            let weekday = form == ShortDate::Weekday;
            if weekday {
                set(&o, "weekday", "short");
            }
            if !(compact && weekday) {
                set(&o, "day", "numeric");
                set(&o, "month", "short");
            }
            if form == ShortDate::DayMonthYear {
                set(&o, "year", "numeric");
            }
            if !compact || weekday {
                set(&o, "hour", "2-digit");
                set(&o, "minute", "2-digit");
            }
            if let Some(tz) = &loc.time_zone {
                set(&o, "timeZone", tz);
            }
            construct("DateTimeFormat", loc.locale.as_deref(), &o)
        };
        let rel = Object::new();
        set(&rel, "numeric", "auto");
        let relative = construct("RelativeTimeFormat", loc.locale.as_deref(), &rel);
        // "Today" in the dates' language; the catalogue's word where the browser cannot speak the
        // interface's language (it would answer in the en-GB fallback).
        let own = relative.as_ref().filter(|f| resolved_locale(f).is_some_and(|r| speaks(loc.locale.as_deref(), &r)));
        let word = |n: f64, fallback: &str| {
            own.and_then(|f| {
                let args = Array::of2(&JsValue::from_f64(n), &JsValue::from_str("day"));
                method(f, "format")?.apply(f, &args).ok()?.as_string()
            })
            .map(|w| capitalise(&w))
            .unwrap_or_else(|| fallback.to_owned())
        };
        let words = Words {
            today: word(0.0, m.raw(Msg::Today)),
            yesterday: word(-1.0, m.raw(Msg::Yesterday)),
            tomorrow: word(1.0, m.raw(Msg::Tomorrow)),
        };
        Self {
            m,
            date_time: construct("DateTimeFormat", loc.locale.as_deref(), &dt),
            number: construct("NumberFormat", loc.locale.as_deref(), &Object::new()),
            time: construct("DateTimeFormat", loc.locale.as_deref(), &tm),
            day: construct("DateTimeFormat", loc.locale.as_deref(), &day),
            short: ShortDate::ALL.map(|f| short(f, false)),
            compact: ShortDate::ALL.map(|f| short(f, true)),
            relative,
            words,
        }
    }

    /// "15:30" (in the locale's own form and the configured zone).
    pub fn time(&self, dt: &DateTime<FixedOffset>) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(dt.timestamp_millis() as f64));
        self.time
            .as_ref()
            .and_then(|f| call_format(f, &date))
            .unwrap_or_else(|| format!("{:02}:{:02}", dt.hour(), dt.minute()))
    }

    /// "Today", "Yesterday", "Tomorrow", else the full date ("Friday, 25 December 2026").
    pub fn day(&self, label: &DayLabel) -> String {
        match label {
            DayLabel::Today => self.words.today.clone(),
            DayLabel::Yesterday => self.words.yesterday.clone(),
            DayLabel::Tomorrow => self.words.tomorrow.clone(),
            DayLabel::Date(d) => self.date(*d),
        }
    }

    /// A calendar date in full.
    pub fn date(&self, d: NaiveDate) -> String {
        let ms = d.and_hms_opt(12, 0, 0).map(|t| t.and_utc().timestamp_millis()).unwrap_or(0);
        let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
        self.day.as_ref().and_then(|f| call_format(f, &date)).unwrap_or_else(|| d.to_string())
    }

    /// "in 3 days", "2 hours ago".
    pub fn relative(&self, r: &Relative) -> String {
        self.relative
            .as_ref()
            .and_then(|f| {
                let args = Array::of2(&JsValue::from_f64(r.value as f64), &JsValue::from_str(r.unit.as_str()));
                method(f, "format")?.apply(f, &args).ok()?.as_string()
            })
            .unwrap_or_default()
    }

    /// "7 Nov 2023, 05:31" (in the locale's own form).
    pub fn date_time(&self, dt: &DateTime<FixedOffset>) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(dt.timestamp_millis() as f64));
        self.date_time.as_ref().and_then(|f| call_format(f, &date)).unwrap_or_else(|| dt.to_rfc3339())
    }

    /// "Sat 28 Nov, 10:45": the compact form a row shows; the weekday within a week of `now_ms`,
    /// the year only when it is not `now_ms`'s ([`short_date`]).
    pub fn short_date_time(&self, dt: &DateTime<FixedOffset>, now_ms: i64) -> String {
        self.row_date(&self.short, dt, now_ms)
    }

    /// The narrow widget's form of [`Formats::short_date_time`]: "Sat 10:45" within a week of
    /// `now_ms`, else the date alone ("17 Nov"; the article's name has the time).
    pub fn compact_date_time(&self, dt: &DateTime<FixedOffset>, now_ms: i64) -> String {
        self.row_date(&self.compact, dt, now_ms)
    }

    fn row_date(&self, forms: &[Option<JsValue>; 3], dt: &DateTime<FixedOffset>, now_ms: i64) -> String {
        let f = &forms[short_date(dt, now_ms) as usize];
        let date = js_sys::Date::new(&JsValue::from_f64(dt.timestamp_millis() as f64));
        f.as_ref().and_then(|f| call_format(f, &date)).unwrap_or_else(|| self.date_time(dt))
    }

    /// "2,500" (in the locale's own form).
    pub fn number(&self, n: u64) -> String {
        self.number.as_ref().and_then(|f| call_format(f, &JsValue::from_f64(n as f64))).unwrap_or_else(|| n.to_string())
    }
}

fn capitalise(s: &str) -> String {
    crate::model::case::capitalise(s)
}

/// The browser's case mapping for non-ASCII text (`model::case`), so the wasm carries no case
/// tables. One character at a time is the common call (search folding): those answers are cached.
pub fn install_case_mapping() {
    fn cached(s: &str, upper: bool) -> String {
        thread_local! {
            static CACHE: RefCell<HashMap<(char, bool), Rc<str>>> = RefCell::new(HashMap::new());
        }
        let mut chars = s.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        if let Some(hit) = single.and_then(|c| CACHE.with(|m| m.borrow().get(&(c, upper)).cloned())) {
            return hit.to_string();
        }
        let js = js_sys::JsString::from(s);
        let out = String::from(if upper { js.to_upper_case() } else { js.to_lower_case() });
        if let Some(c) = single {
            CACHE.with(|m| m.borrow_mut().insert((c, upper), Rc::from(out.as_str())));
        }
        out
    }
    crate::model::case::set_mapping((|s| cached(s, false), |s| cached(s, true)));
}

/// The configured IANA zone (or the browser's), as UTC offsets computed by `Intl`.
///
/// Offsets are cached per 15 minutes of UTC: zones change offset on a quarter hour in
/// practice, and a timeline of thousands of items asks about comparatively few quarters.
pub struct IntlZone {
    parts: Option<JsValue>,
    cache: RefCell<HashMap<i64, i32>>,
}

thread_local! {
    /// One zone (and its offset cache) per time-zone setting, kept across re-renders.
    static ZONES: RefCell<HashMap<Option<String>, Rc<IntlZone>>> = RefCell::new(HashMap::new());
}

impl IntlZone {
    /// The zone for `time_zone`, shared, with the offsets it has already computed.
    pub fn shared(time_zone: Option<&str>) -> Rc<Self> {
        let key = time_zone.map(str::to_owned);
        if let Some(z) = ZONES.with(|m| m.borrow().get(&key).cloned()) {
            return z;
        }
        let zone = Rc::new(Self::new(time_zone));
        ZONES.with(|m| m.borrow_mut().insert(key, zone.clone()));
        zone
    }

    pub fn new(time_zone: Option<&str>) -> Self {
        let parts = time_zone.and_then(|tz| {
            let o = Object::new();
            set(&o, "timeZone", tz);
            set(&o, "hourCycle", "h23");
            for k in ["year", "month", "day", "hour", "minute", "second"] {
                set(&o, k, "numeric");
            }
            let ctor = intl_ctor("DateTimeFormat")?;
            // An unknown zone throws: fall back to the browser's zone.
            Reflect::construct(&ctor, &Array::of2(&JsValue::from_str("en-US"), &o)).ok()
        });
        Self { parts, cache: RefCell::new(HashMap::new()) }
    }

    fn compute(&self, utc_ms: i64) -> i32 {
        let date = js_sys::Date::new(&JsValue::from_f64(utc_ms as f64));
        let Some(f) = &self.parts else {
            // The browser's own zone.
            return (-date.get_timezone_offset() * 60.0) as i32;
        };
        let parts = method(f, "formatToParts").and_then(|m| m.call1(f, &date).ok()).map(|v| Array::from(&v));
        let mut v = [0i64; 6];
        if let Some(parts) = parts {
            for p in parts.iter() {
                let kind = Reflect::get(&p, &JsValue::from_str("type")).ok().and_then(|t| t.as_string());
                let value = Reflect::get(&p, &JsValue::from_str("value")).ok().and_then(|t| t.as_string());
                let idx = match kind.as_deref() {
                    Some("year") => 0,
                    Some("month") => 1,
                    Some("day") => 2,
                    Some("hour") => 3,
                    Some("minute") => 4,
                    Some("second") => 5,
                    _ => continue,
                };
                v[idx] = value.and_then(|s| s.parse().ok()).unwrap_or(0);
            }
        }
        let local = NaiveDate::from_ymd_opt(v[0] as i32, v[1] as u32, v[2] as u32)
            .and_then(|d| d.and_hms_opt((v[3] % 24) as u32, v[4] as u32, v[5] as u32));
        match local {
            Some(l) => ((l.and_utc().timestamp_millis() - (utc_ms - utc_ms.rem_euclid(1000))) / 1000) as i32,
            None => (-date.get_timezone_offset() * 60.0) as i32,
        }
    }
}

impl Zone for IntlZone {
    fn offset_seconds(&self, utc_ms: i64) -> i32 {
        const QUARTER: i64 = 15 * 60 * 1000;
        let slot = utc_ms.div_euclid(QUARTER);
        if let Some(o) = self.cache.borrow().get(&slot) {
            return *o;
        }
        let o = self.compute(slot * QUARTER);
        self.cache.borrow_mut().insert(slot, o);
        o
    }
}

/// Unicode decomposition from the browser (`String.prototype.normalize("NFKD")` and `\p{M}`),
/// so the wasm carries no Unicode tables of its own. Answers are cached per character.
pub struct JsDecompose {
    marks_re: js_sys::RegExp,
    mark_re: js_sys::RegExp,
    decomposed: RefCell<HashMap<char, Rc<str>>>,
    marks: RefCell<HashMap<char, bool>>,
}

impl JsDecompose {
    fn new() -> Self {
        // `\p{M}` needs the `u` flag (every browser the element supports has it).
        Self {
            marks_re: js_sys::RegExp::new("\\p{M}", "gu"),
            mark_re: js_sys::RegExp::new("^\\p{M}$", "u"),
            decomposed: RefCell::new(HashMap::new()),
            marks: RefCell::new(HashMap::new()),
        }
    }

    fn nfkd_without_marks(&self, c: char) -> Rc<str> {
        let s = js_sys::JsString::from(c.to_string()).normalize("NFKD").replace_by_pattern(&self.marks_re, "");
        Rc::from(String::from(s))
    }
}

impl Decompose for JsDecompose {
    fn decompose(&self, c: char, f: &mut dyn FnMut(char)) {
        if c.is_ascii() {
            return f(c);
        }
        let hit = self.decomposed.borrow().get(&c).cloned();
        let s = match hit {
            Some(s) => s,
            None => {
                let s = self.nfkd_without_marks(c);
                self.decomposed.borrow_mut().insert(c, s.clone());
                s
            }
        };
        s.chars().for_each(f);
    }

    fn is_mark(&self, c: char) -> bool {
        if c.is_ascii() {
            return false;
        }
        if let Some(m) = self.marks.borrow().get(&c) {
            return *m;
        }
        let m = self.mark_re.test(&c.to_string());
        self.marks.borrow_mut().insert(c, m);
        m
    }
}

thread_local! {
    static DECOMPOSE: JsDecompose = JsDecompose::new();
}

/// Runs `f` with the browser's Unicode decomposition.
pub fn with_decompose<R>(f: impl FnOnce(&dyn Decompose) -> R) -> R {
    DECOMPOSE.with(|d| f(d))
}
