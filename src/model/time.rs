//! Zones, local days and relative times, without a time-zone database.
//!
//! The browser knows the zone (`Intl`); the model only asks it for the UTC offset at an instant
//! through [`Zone`], so day bucketing stays pure and testable with fixed or real zones.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};

use super::interaction::Interaction;

/// A time zone as far as the model needs one: local time = UTC + `offset_seconds(utc_ms)`.
pub trait Zone {
    /// The offset from UTC in seconds at the instant `utc_ms` (ms since the Unix epoch).
    fn offset_seconds(&self, utc_ms: i64) -> i32;
}

/// A zone with one offset for all time (UTC is `FixedZone(0)`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FixedZone(pub i32);

/// Coordinated Universal Time.
pub const UTC: FixedZone = FixedZone(0);

impl Zone for FixedZone {
    fn offset_seconds(&self, _utc_ms: i64) -> i32 {
        self.0
    }
}

impl<Z: Zone + ?Sized> Zone for &Z {
    fn offset_seconds(&self, utc_ms: i64) -> i32 {
        (**self).offset_seconds(utc_ms)
    }
}

/// The local wall-clock time at `utc_ms`, clamped to chrono's representable range.
pub fn local_datetime(zone: &dyn Zone, utc_ms: i64) -> NaiveDateTime {
    let offset_ms = i64::from(zone.offset_seconds(utc_ms)) * 1000;
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    let local_ms = utc_ms.saturating_add(offset_ms).clamp(min, max);
    DateTime::from_timestamp_millis(local_ms).unwrap_or(DateTime::UNIX_EPOCH).naive_utc()
}

/// The local calendar date at `utc_ms`.
pub fn local_date(zone: &dyn Zone, utc_ms: i64) -> NaiveDate {
    local_datetime(zone, utc_ms).date()
}

/// The local date and the minutes since local midnight (0..1440) at `utc_ms`.
pub fn local_minutes(zone: &dyn Zone, utc_ms: i64) -> (NaiveDate, u32) {
    let dt = local_datetime(zone, utc_ms);
    (dt.date(), dt.hour() * 60 + dt.minute())
}

/// The local date of an interaction, `None` when it is undated.
pub fn item_local_date(item: &Interaction, zone: &dyn Zone) -> Option<NaiveDate> {
    item.timestamp_ms().map(|ms| local_date(zone, ms))
}

/// Noon UTC on `date` in ms: hand it to `Intl.DateTimeFormat` with `timeZone: "UTC"` to format a
/// calendar date (a day heading) without any zone shifting it to a neighbouring day.
pub fn date_utc_noon_ms(date: NaiveDate) -> i64 {
    date.and_hms_opt(12, 0, 0).map(|dt| dt.and_utc().timestamp_millis()).unwrap_or(0)
}

/// How a day heading names a date relative to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayLabel {
    Today,
    Yesterday,
    Tomorrow,
    /// Any other day: the UI formats the date itself.
    Date(NaiveDate),
}

impl DayLabel {
    /// The message naming a relative day; `None` for [`DayLabel::Date`].
    pub fn word(&self) -> Option<super::i18n::Msg> {
        use super::i18n::Msg;
        match self {
            Self::Today => Some(Msg::Today),
            Self::Yesterday => Some(Msg::Yesterday),
            Self::Tomorrow => Some(Msg::Tomorrow),
            Self::Date(_) => None,
        }
    }
}

/// Names `date` relative to `today` (both local dates).
pub fn day_label(date: NaiveDate, today: NaiveDate) -> DayLabel {
    match (date - today).num_days() {
        0 => DayLabel::Today,
        -1 => DayLabel::Yesterday,
        1 => DayLabel::Tomorrow,
        _ => DayLabel::Date(date),
    }
}

/// A unit of `Intl.RelativeTimeFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl RelUnit {
    /// The unit name `Intl.RelativeTimeFormat.prototype.format` takes.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// A relative time such as "3 days ago" (`value: -3, unit: Day`) or "in 2 hours".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Relative {
    /// Negative in the past, positive in the future.
    pub value: i64,
    pub unit: RelUnit,
}

/// `a / b` rounded to the nearest integer, halves away from zero (`b > 0`).
fn div_round(a: i128, b: i128) -> i128 {
    if a >= 0 {
        (a + b / 2) / b
    } else {
        -((-a + b / 2) / b)
    }
}

fn to_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// `then_ms` relative to `now_ms`, in the largest sensible unit, rounded to the nearest.
///
/// The unit is chosen on the rounded value, so 59.6 seconds is "1 minute" rather than "60 seconds".
/// Months are 1/12 of a Gregorian year and 12 months become "1 year".
pub fn relative(now_ms: i64, then_ms: i64) -> Relative {
    let diff_ms = i128::from(then_ms) - i128::from(now_ms);
    let seconds = div_round(diff_ms, 1000);
    if seconds.abs() < 60 {
        return Relative { value: to_i64(seconds), unit: RelUnit::Second };
    }
    let minutes = div_round(diff_ms, 60_000);
    if minutes.abs() < 60 {
        return Relative { value: to_i64(minutes), unit: RelUnit::Minute };
    }
    let hours = div_round(diff_ms, 3_600_000);
    if hours.abs() < 24 {
        return Relative { value: to_i64(hours), unit: RelUnit::Hour };
    }
    const DAY: i128 = DAY_MS as i128;
    let days = div_round(diff_ms, DAY);
    if days.abs() < 7 {
        return Relative { value: to_i64(days), unit: RelUnit::Day };
    }
    if days.abs() < 30 {
        return Relative { value: to_i64(div_round(diff_ms, 7 * DAY)), unit: RelUnit::Week };
    }
    // A Gregorian year is 365.2425 days = 31_556_952 s; a month is a twelfth of it.
    const YEAR_MS: i128 = 31_556_952_000;
    let months = div_round(diff_ms, YEAR_MS / 12);
    if days.abs() < 365 && months.abs() < 12 {
        return Relative { value: to_i64(months), unit: RelUnit::Month };
    }
    let years = div_round(diff_ms, YEAR_MS);
    let years = if years == 0 { diff_ms.signum() } else { years };
    Relative { value: to_i64(years), unit: RelUnit::Year }
}

/// How a row writes its date where no day separator names the day (the design's rule): with the
/// weekday within a week of now (either side), the year only when it is not now's year.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ShortDate {
    /// "Mon 23 Nov, 16:02"
    Weekday,
    /// "17 Nov, 14:05"
    DayMonth,
    /// "17 Nov 2025, 14:05"
    DayMonthYear,
}

impl ShortDate {
    /// Every form, in the order of their `usize` values (formatters are kept in this order).
    pub const ALL: [ShortDate; 3] = [ShortDate::Weekday, ShortDate::DayMonth, ShortDate::DayMonthYear];
}

const DAY_MS: i64 = 86_400_000;

/// The [`ShortDate`] of `then` seen at `now_ms` (years compared in `then`'s offset).
pub fn short_date(then: &DateTime<FixedOffset>, now_ms: i64) -> ShortDate {
    let same_year = DateTime::from_timestamp_millis(now_ms)
        .is_some_and(|now| now.with_timezone(then.offset()).year() == then.year());
    match (same_year, (then.timestamp_millis() - now_ms).abs() < 7 * DAY_MS) {
        (false, _) => ShortDate::DayMonthYear,
        (true, true) => ShortDate::Weekday,
        (true, false) => ShortDate::DayMonth,
    }
}

/// `YYYY-MM-DD` (what date inputs and URLs use), without chrono's format-string machinery.
pub fn iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses `YYYY-MM-DD` (four-digit year, surrounding whitespace allowed); `None` for anything else
/// or an impossible date.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn iso_dates_round_trip_and_reject_anything_else() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(iso_date(date), "2026-03-09");
        assert_eq!(parse_iso_date(" 2026-03-09 "), Some(date));
        assert_eq!(iso_date(NaiveDate::from_ymd_opt(33, 1, 2).unwrap()), "0033-01-02");
        for bad in
            ["", "2026-3-9", "2026-02-30", "20260-01-01", "2026/03/09", "+026-03-09", "2026-0a-09", "２０２６-03-09"]
        {
            assert_eq!(parse_iso_date(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn iso_date_parses_what_it_prints(days in 0i32..3_000_000) {
            let d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(i64::from(days));
            if d.year() <= 9999 {
                proptest::prop_assert_eq!(parse_iso_date(&iso_date(d)), Some(d));
            }
        }
    }
    use chrono::{Offset, TimeZone};

    /// A real IANA zone for tests (the widget gets offsets from `Intl` instead).
    pub struct TzZone(pub chrono_tz::Tz);

    impl Zone for TzZone {
        fn offset_seconds(&self, utc_ms: i64) -> i32 {
            let utc = DateTime::from_timestamp_millis(utc_ms).unwrap().naive_utc();
            self.0.offset_from_utc_datetime(&utc).fix().local_minus_utc()
        }
    }

    pub fn london() -> TzZone {
        TzZone(chrono_tz::Europe::London)
    }

    pub fn new_york() -> TzZone {
        TzZone(chrono_tz::America::New_York)
    }

    pub fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis()
    }

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn fixed_zone_shifts_the_date_across_midnight() {
        let t = ms("2024-03-01T23:30:00Z");
        assert_eq!(local_date(&UTC, t), d("2024-03-01"));
        assert_eq!(local_date(&FixedZone(3600), t), d("2024-03-02"));
        assert_eq!(local_date(&FixedZone(-5 * 3600), ms("2024-03-02T04:59:59Z")), d("2024-03-01"));
        assert_eq!(local_date(&FixedZone(-5 * 3600), ms("2024-03-02T05:00:00Z")), d("2024-03-02"));
        // Half-hour and 45-minute zones.
        assert_eq!(local_minutes(&FixedZone(5 * 3600 + 1800), ms("2024-03-01T18:30:00Z")), (d("2024-03-02"), 0));
        assert_eq!(local_minutes(&FixedZone(5 * 3600 + 2700), ms("2024-03-01T00:00:00Z")), (d("2024-03-01"), 345));
    }

    #[test]
    fn london_across_both_dst_changes() {
        let z = london();
        // BST starts 2024-03-31 01:00 UTC; 00:30 UTC is 00:30 GMT, 01:30 UTC is 02:30 BST.
        assert_eq!(local_minutes(&z, ms("2024-03-31T00:30:00Z")), (d("2024-03-31"), 30));
        assert_eq!(local_minutes(&z, ms("2024-03-31T01:30:00Z")), (d("2024-03-31"), 150));
        // 23:30 UTC in summer is already the next day in London.
        assert_eq!(local_date(&z, ms("2024-06-30T23:30:00Z")), d("2024-07-01"));
        assert_eq!(local_date(&z, ms("2024-12-31T23:30:00Z")), d("2024-12-31"));
        // BST ends 2024-10-27 01:00 UTC: 01:30 local happens twice, both on the 27th.
        assert_eq!(local_minutes(&z, ms("2024-10-27T00:30:00Z")), (d("2024-10-27"), 90));
        assert_eq!(local_minutes(&z, ms("2024-10-27T01:30:00Z")), (d("2024-10-27"), 90));
        assert_eq!(local_date(&z, ms("2024-10-26T23:30:00Z")), d("2024-10-27"));
    }

    #[test]
    fn new_york_across_both_dst_changes() {
        let z = new_york();
        // EDT starts 2024-03-10 07:00 UTC (02:00 EST -> 03:00 EDT).
        assert_eq!(local_minutes(&z, ms("2024-03-10T06:59:00Z")), (d("2024-03-10"), 119));
        assert_eq!(local_minutes(&z, ms("2024-03-10T07:00:00Z")), (d("2024-03-10"), 180));
        // 03:59 UTC is still the previous evening in New York, in both seasons.
        assert_eq!(local_date(&z, ms("2024-01-15T04:59:00Z")), d("2024-01-14"));
        assert_eq!(local_date(&z, ms("2024-07-15T03:59:00Z")), d("2024-07-14"));
        assert_eq!(local_date(&z, ms("2024-07-15T04:00:00Z")), d("2024-07-15"));
        // EST returns 2024-11-03 06:00 UTC: 01:30 happens twice.
        assert_eq!(local_minutes(&z, ms("2024-11-03T05:30:00Z")), (d("2024-11-03"), 90));
        assert_eq!(local_minutes(&z, ms("2024-11-03T06:30:00Z")), (d("2024-11-03"), 90));
    }

    #[test]
    fn same_instant_is_different_days_in_different_zones() {
        let t = ms("2024-05-01T02:00:00Z");
        assert_eq!(local_date(&london(), t), d("2024-05-01"));
        assert_eq!(local_date(&new_york(), t), d("2024-04-30"));
        assert_eq!(local_date(&FixedZone(14 * 3600), ms("2024-05-01T10:00:00Z")), d("2024-05-02"));
    }

    #[test]
    fn extreme_instants_and_offsets_do_not_panic() {
        for t in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            for off in [i32::MIN, -86_400, 0, 86_400, i32::MAX] {
                let _ = local_minutes(&FixedZone(off), t);
            }
        }
        assert_eq!(local_date(&UTC, 0), d("1970-01-01"));
        assert_eq!(local_date(&UTC, -1), d("1969-12-31"));
    }

    #[test]
    fn day_labels() {
        let today = d("2024-03-01");
        assert_eq!(day_label(d("2024-03-01"), today), DayLabel::Today);
        assert_eq!(day_label(d("2024-02-29"), today), DayLabel::Yesterday);
        assert_eq!(day_label(d("2024-03-02"), today), DayLabel::Tomorrow);
        assert_eq!(day_label(d("2024-02-28"), today), DayLabel::Date(d("2024-02-28")));
        assert_eq!(day_label(d("2025-03-01"), today), DayLabel::Date(d("2025-03-01")));
        assert_eq!(DayLabel::Yesterday.word(), Some(crate::model::i18n::Msg::Yesterday));
        assert_eq!(DayLabel::Date(today).word(), None);
    }

    #[test]
    fn noon_utc_formats_the_right_day() {
        assert_eq!(date_utc_noon_ms(d("1970-01-01")), 43_200_000);
        assert_eq!(local_date(&UTC, date_utc_noon_ms(d("2024-02-29"))), d("2024-02-29"));
    }

    fn rel(now: &str, then: &str) -> (i64, &'static str) {
        let r = relative(ms(now), ms(then));
        (r.value, r.unit.as_str())
    }

    #[test]
    fn relative_picks_the_largest_sensible_unit() {
        let now = "2024-06-15T12:00:00Z";
        assert_eq!(rel(now, now), (0, "second"));
        assert_eq!(rel(now, "2024-06-15T11:59:15Z"), (-45, "second"));
        assert_eq!(rel(now, "2024-06-15T12:00:59Z"), (59, "second"));
        assert_eq!(rel(now, "2024-06-15T11:55:00Z"), (-5, "minute"));
        assert_eq!(rel(now, "2024-06-15T14:00:00Z"), (2, "hour"));
        assert_eq!(rel(now, "2024-06-14T11:00:00Z"), (-1, "day"));
        assert_eq!(rel(now, "2024-06-10T12:00:00Z"), (-5, "day"));
        assert_eq!(rel(now, "2024-06-01T12:00:00Z"), (-2, "week"));
        assert_eq!(rel(now, "2024-07-10T12:00:00Z"), (4, "week"));
        assert_eq!(rel(now, "2024-04-15T12:00:00Z"), (-2, "month"));
        assert_eq!(rel(now, "2023-06-15T12:00:00Z"), (-1, "year"));
        assert_eq!(rel(now, "2021-01-01T00:00:00Z"), (-3, "year"));
        assert_eq!(rel(now, "2030-06-15T12:00:00Z"), (6, "year"));
    }

    #[test]
    fn relative_rounds_to_nearest_and_promotes_at_boundaries() {
        let now = 1_000_000_000_000;
        let r = |delta_ms: i64| {
            let r = relative(now, now + delta_ms);
            (r.value, r.unit)
        };
        assert_eq!(r(1_499), (1, RelUnit::Second));
        assert_eq!(r(1_500), (2, RelUnit::Second));
        assert_eq!(r(-1_500), (-2, RelUnit::Second));
        assert_eq!(r(59_400), (59, RelUnit::Second));
        assert_eq!(r(59_600), (1, RelUnit::Minute));
        assert_eq!(r(89_000), (1, RelUnit::Minute));
        assert_eq!(r(90_000), (2, RelUnit::Minute));
        assert_eq!(r(-59 * 60_000 - 40_000), (-1, RelUnit::Hour));
        assert_eq!(r(23 * 3_600_000 + 40 * 60_000), (1, RelUnit::Day));
        assert_eq!(r(-36 * 3_600_000), (-2, RelUnit::Day));
        assert_eq!(r(6 * 86_400_000 + 13 * 3_600_000), (1, RelUnit::Week));
        assert_eq!(r(29 * 86_400_000 + 13 * 3_600_000), (1, RelUnit::Month));
        assert_eq!(r(-364 * 86_400_000), (-1, RelUnit::Year));
        assert_eq!(r(-45 * 86_400_000), (-1, RelUnit::Month));
        assert_eq!(r(-46 * 86_400_000), (-2, RelUnit::Month));
    }

    #[test]
    fn relative_survives_extremes() {
        let r = relative(i64::MIN, i64::MAX);
        assert_eq!(r.unit, RelUnit::Year);
        assert!(r.value > 0);
        let r = relative(i64::MAX, i64::MIN);
        assert!(r.value < 0);
    }

    #[test]
    fn unit_names_match_intl() {
        let all = [
            RelUnit::Second,
            RelUnit::Minute,
            RelUnit::Hour,
            RelUnit::Day,
            RelUnit::Week,
            RelUnit::Month,
            RelUnit::Year,
        ];
        let names: Vec<_> = all.iter().map(RelUnit::as_str).collect();
        assert_eq!(names, ["second", "minute", "hour", "day", "week", "month", "year"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        #[test]
        fn relative_sign_follows_direction_and_units_are_monotonic(
            now in -10_000_000_000_000i64..10_000_000_000_000,
            delta in -10_000_000_000_000i64..10_000_000_000_000,
        ) {
            let r = relative(now, now + delta);
            proptest::prop_assert!(r.value.signum() == delta.signum() || r.value == 0);
            let r2 = relative(now, now + delta.saturating_mul(2));
            proptest::prop_assert!(r2.unit >= r.unit);
        }

        #[test]
        fn local_date_agrees_with_chrono_tz(t in -2_000_000_000_000i64..4_000_000_000_000) {
            let utc = DateTime::from_timestamp_millis(t).unwrap();
            let expected = utc.with_timezone(&chrono_tz::America::New_York).date_naive();
            proptest::prop_assert_eq!(local_date(&new_york(), t), expected);
            let expected = utc.with_timezone(&chrono_tz::Europe::London).date_naive();
            proptest::prop_assert_eq!(local_date(&london(), t), expected);
        }
    }

    #[test]
    fn short_dates_name_the_weekday_within_a_week_and_the_year_only_when_not_this_one() {
        assert!(ShortDate::ALL.iter().enumerate().all(|(i, f)| *f as usize == i), "ALL in index order");
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let now = at("2026-12-04T14:00:00Z").timestamp_millis();
        assert_eq!(short_date(&at("2026-12-04T09:00:00Z"), now), ShortDate::Weekday);
        assert_eq!(short_date(&at("2026-11-28T09:00:00Z"), now), ShortDate::Weekday, "6 days ago");
        assert_eq!(short_date(&at("2026-12-10T09:00:00Z"), now), ShortDate::Weekday, "6 days ahead");
        assert_eq!(short_date(&at("2026-11-27T13:00:00Z"), now), ShortDate::DayMonth, "over a week ago");
        assert_eq!(short_date(&at("2026-12-20T09:00:00Z"), now), ShortDate::DayMonth);
        assert_eq!(short_date(&at("2025-12-03T09:00:00Z"), now), ShortDate::DayMonthYear);
        assert_eq!(
            short_date(&at("2027-01-02T09:00:00Z"), now),
            ShortDate::DayMonthYear,
            "next year, even within a week"
        );
        // Years in the interaction's own offset: at 22:00 UTC on 31 Dec it is already 2027 in +02:00.
        let now = at("2026-12-31T22:00:00Z").timestamp_millis();
        assert_eq!(short_date(&at("2027-01-01T00:30:00+02:00"), now), ShortDate::Weekday);
    }
}
