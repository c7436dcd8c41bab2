//! Dates and numbers through the browser's `Intl`, never a panic on bad input.
//!
//! `Intl` constructors throw on an invalid locale or time zone; we construct them through
//! `Reflect::construct` (which returns the exception as an `Err`) and fall back to the
//! browser's defaults.

use chrono::{DateTime, FixedOffset};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How to format: `None` means the browser's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locale {
    pub locale: Option<String>,
    pub time_zone: Option<String>,
}

fn intl_ctor(name: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    Reflect::get(&intl, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()
}

fn construct(name: &str, locale: Option<&str>, options: &Object) -> Option<JsValue> {
    let ctor = intl_ctor(name)?;
    let locales = match locale {
        Some(l) => JsValue::from_str(l),
        None => JsValue::UNDEFINED,
    };
    let args = Array::of2(&locales, options);
    Reflect::construct(&ctor, &args).ok().or_else(|| {
        // Bad locale or time zone: retry with the browser's defaults.
        Reflect::construct(&ctor, &Array::of2(&JsValue::UNDEFINED, &Object::new())).ok()
    })
}

fn call_format(formatter: &JsValue, value: &JsValue) -> Option<String> {
    let f = Reflect::get(formatter, &JsValue::from_str("format")).ok()?.dyn_into::<Function>().ok()?;
    f.call1(formatter, value).ok()?.as_string()
}

fn set(o: &Object, k: &str, v: &str) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &JsValue::from_str(v));
}

/// Reusable formatters for one locale and time zone.
pub struct Formats {
    date_time: Option<JsValue>,
    number: Option<JsValue>,
}

impl Formats {
    pub fn new(loc: &Locale) -> Self {
        let dt = Object::new();
        set(&dt, "dateStyle", "medium");
        set(&dt, "timeStyle", "short");
        if let Some(tz) = &loc.time_zone {
            set(&dt, "timeZone", tz);
        }
        Self {
            date_time: construct("DateTimeFormat", loc.locale.as_deref(), &dt),
            number: construct("NumberFormat", loc.locale.as_deref(), &Object::new()),
        }
    }

    /// "7 Nov 2023, 05:31" (in the locale's own form).
    pub fn date_time(&self, dt: &DateTime<FixedOffset>) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(dt.timestamp_millis() as f64));
        self.date_time.as_ref().and_then(|f| call_format(f, &date)).unwrap_or_else(|| dt.to_rfc3339())
    }

    /// "2,500" (in the locale's own form).
    pub fn number(&self, n: u64) -> String {
        self.number.as_ref().and_then(|f| call_format(f, &JsValue::from_f64(n as f64))).unwrap_or_else(|| n.to_string())
    }
}
