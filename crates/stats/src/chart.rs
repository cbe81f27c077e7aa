//! Plain SVG bar charts with axes, tick labels, a value on each bar and units in the axis titles:
//! enough for reviews by year, letters per review, days to complete and the share completed within
//! 60 days, with no plotting dependency. Every piece of text goes through [`esc`], the one escaping
//! function of the charts (labels can come from letters: topic or form names).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::{LetterScope, Stats, ThreadRow, YearBasis};

/// Escapes text for SVG/XML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a chart's axes say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Axes<'a> {
    /// The horizontal axis' title, with its unit (e.g. "Days to complete (days)").
    pub x: &'a str,
    /// The vertical axis' title, with its unit (e.g. "Reviews", "Completed within 60 days (%)").
    pub y: &'a str,
    /// Values are shares (0 to 1), shown as percentages on the ticks and the bars.
    pub percent: bool,
}

/// A vertical bar chart of `(label, value)` pairs without axis titles (see [`svg_chart`]).
pub fn svg_bar_chart(title: &str, bars: &[(String, f64)]) -> String {
    svg_chart(title, &Axes::default(), bars)
}

/// A step of 1, 2 or 5 times a power of ten that splits `0..=max` into about four ticks; at least
/// 1 for counts (no tick at 0.5 reviews).
fn tick_step(max: f64, whole: bool) -> f64 {
    let raw = (max / 4.0).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    if whole { step.max(1.0) } else { step }
}

fn number(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.0}%", v)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A vertical bar chart of `(label, value)` pairs, as a standalone SVG document: a title, a y axis
/// with ticks from 0, a label under each bar (thinned out when they would overlap), the value above
/// each bar and the axis titles of `axes`.
pub fn svg_chart(title: &str, axes: &Axes<'_>, bars: &[(String, f64)]) -> String {
    let (w, h) = (640.0, 320.0);
    let (left, right, top, bottom) = (56.0, 12.0, 44.0, if axes.x.is_empty() { 30.0 } else { 50.0 });
    let (x0, x1, y0, y1) = (left, w - right, top, h - bottom);
    let scale = if axes.percent { 100.0 } else { 1.0 };
    let vals: Vec<f64> = bars.iter().map(|b| if b.1.is_finite() { b.1 * scale } else { 0.0 }).collect();
    let max = vals.iter().copied().fold(0.0f64, f64::max);
    let whole = !axes.percent && vals.iter().all(|v| (v - v.round()).abs() < 1e-9);
    let step = tick_step(if max > 0.0 { max } else { 1.0 }, whole);
    let ceil = ((max / step).ceil().max(1.0)) * step;
    let yof = |v: f64| y1 - (v / ceil) * (y1 - y0);
    let mut s = String::new();
    let t = esc(title);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" font-family="sans-serif" font-size="11" fill="#222"><title>{t}</title><text x="{x0}" y="20" font-size="14" font-weight="bold">{t}</text>"##,
    );
    // Grid lines and tick labels on the y axis.
    let ticks = (ceil / step).round() as usize;
    for i in 0..=ticks {
        let v = i as f64 * step;
        let y = yof(v);
        let _ = write!(
            s,
            r##"<line x1="{x0}" y1="{y:.1}" x2="{x1}" y2="{y:.1}" stroke="#ddd"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            x0 - 6.0,
            y + 4.0,
            esc(&number(v, axes.percent))
        );
    }
    let n = bars.len().max(1) as f64;
    let bw = (x1 - x0) / n;
    // Show every k-th label under the bars when all of them would overlap (about 6.5 px a char).
    let widest = bars.iter().map(|b| b.0.chars().count()).max().unwrap_or(0) as f64 * 6.5 + 4.0;
    let every = (widest / bw).ceil().max(1.0) as usize;
    for (i, ((label, raw), v)) in bars.iter().zip(&vals).enumerate() {
        let x = x0 + i as f64 * bw + bw * 0.1;
        let y = yof(*v);
        let bh = y1 - y;
        let cx = x + bw * 0.4;
        let (l, shown) = (esc(label), esc(&number(*v, axes.percent)));
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="#4a78a8"><title>{l}: {}</title></rect>"##,
            (bw * 0.8).max(1.0),
            esc(&if raw.is_finite() { shown.clone() } else { "n/a".into() }),
        );
        if bw >= 14.0 {
            let _ = write!(
                s,
                r#"<text class="value" x="{cx:.1}" y="{:.1}" text-anchor="middle">{shown}</text>"#,
                y - 4.0
            );
        }
        if i % every == 0 {
            let _ = write!(
                s,
                r#"<text class="label" x="{cx:.1}" y="{:.1}" text-anchor="middle">{l}</text>"#,
                y1 + 15.0
            );
        }
    }
    // The axes themselves, then their titles.
    let _ = write!(
        s,
        r##"<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#555"/><line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#555"/>"##
    );
    if !axes.x.is_empty() {
        let _ = write!(
            s,
            r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            (x0 + x1) / 2.0,
            h - 10.0,
            esc(axes.x)
        );
    }
    if !axes.y.is_empty() {
        let cy = (y0 + y1) / 2.0;
        let _ = write!(
            s,
            r#"<text class="axis" x="14" y="{cy:.1}" text-anchor="middle" transform="rotate(-90 14 {cy:.1})">{}</text>"#,
            esc(axes.y)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The charts of the statistics page under `stats.definitions`, each `(title, svg)`, from the
/// statistics and the per-thread rows behind them (the same `defs`); a chart with no bars is left
/// out.
pub fn charts(stats: &Stats, rows: &[ThreadRow]) -> Vec<(String, String)> {
    let defs = &stats.definitions;
    let year_axis = match defs.year {
        YearBasis::ReviewYear => "Year of the first staff letter",
        YearBasis::Calendar => "Year of the last letter",
        YearBasis::JuneYear => "Year to June 30",
    };
    let years: Vec<(String, f64)> =
        stats.reviews_by_year.iter().map(|(y, n)| (y.clone(), *n as f64)).collect();
    let mut per: BTreeMap<u32, f64> = BTreeMap::new();
    let mut days: BTreeMap<i64, f64> = BTreeMap::new();
    let mut within: BTreeMap<i32, (f64, f64)> = BTreeMap::new();
    for r in rows {
        let n = match defs.letters {
            LetterScope::StaffComments => r.staff_letters,
            LetterScope::All => r.letters,
        };
        *per.entry(n).or_default() += 1.0;
        if let Some(d) = r.days {
            *days.entry(d / 30 * 30).or_default() += 1.0;
            if let Some(y) = r.year {
                let e = within.entry(y).or_default();
                e.0 += (d <= 60) as u8 as f64;
                e.1 += 1.0;
            }
        }
    }
    let letters: Vec<(String, f64)> = per.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    // Every 30-day bin from 0 to the longest review, empty ones too: a histogram without gaps.
    let last = days.keys().next_back().copied().unwrap_or(-1);
    let days: Vec<(String, f64)> = (0..=last.max(-1))
        .step_by(30)
        .map(|k| (format!("{k}–{}", k + 29), days.get(&k).copied().unwrap_or(0.0)))
        .collect();
    let within: Vec<(String, f64)> = within.into_iter().map(|(y, (k, n))| (y.to_string(), k / n)).collect();
    let letters_axis = match defs.letters {
        LetterScope::StaffComments => "Staff comment letters per review (letters)",
        LetterScope::All => "Letters per review, all kinds (letters)",
    };
    let by_letters = match defs.letters {
        LetterScope::StaffComments => "Reviews by staff letters",
        LetterScope::All => "Reviews by letters",
    };
    [
        ("Reviews by year", Axes { x: year_axis, y: "Number of reviews", percent: false }, years),
        (by_letters, Axes { x: letters_axis, y: "Number of reviews", percent: false }, letters),
        (
            "Reviews by days to complete",
            Axes { x: "Days to complete, 30-day bins (days)", y: "Number of reviews", percent: false },
            days,
        ),
        (
            "Completed within 60 days, by year",
            Axes { x: year_axis, y: "Completed within 60 days (%)", percent: true },
            within,
        ),
    ]
    .into_iter()
    .filter(|(_, _, bars)| !bars.is_empty())
    .map(|(title, axes, bars)| (title.to_string(), svg_chart(title, &axes, &bars)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the `<text class="{class}">` elements, in order.
    fn texts(svg: &str, class: &str) -> Vec<String> {
        svg.split(&format!("<text class=\"{class}\""))
            .skip(1)
            .map(|p| p[p.find('>').unwrap() + 1..p.find("</text>").unwrap()].to_string())
            .collect()
    }

    fn bars(v: &[(&str, f64)]) -> Vec<(String, f64)> {
        v.iter().map(|(l, x)| (l.to_string(), *x)).collect()
    }

    #[test]
    fn axes_ticks_values_and_units_are_drawn() {
        let svg = svg_chart(
            "Reviews by days to complete",
            &Axes { x: "Days to complete (days)", y: "Number of reviews", percent: false },
            &bars(&[("0–29", 12.0), ("30–59", 7.0), ("60–89", 3.0)]),
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        assert!(svg.contains(">Days to complete (days)</text>"), "{svg}");
        assert!(svg.contains("rotate(-90") && svg.contains(">Number of reviews</text>"));
        // A value on each bar, a label under each bar.
        assert_eq!(texts(&svg, "value"), ["12", "7", "3"]);
        assert_eq!(texts(&svg, "label"), ["0–29", "30–59", "60–89"]);
        // Ticks from 0 to a round number at or above the largest value: 0, 5, 10, 15.
        for t in ["0", "5", "10", "15"] {
            assert!(svg.contains(&format!(r#"text-anchor="end">{t}</text>"#)), "tick {t}: {svg}");
        }
        assert_eq!(svg.matches("<rect").count(), 3);
    }

    #[test]
    fn shares_are_percent_on_ticks_and_bars() {
        let svg = svg_chart(
            "Completed within 60 days, by year",
            &Axes { x: "Year (year)", y: "Completed within 60 days (%)", percent: true },
            &bars(&[("2023", 0.5), ("2024", 0.754)]),
        );
        assert!(svg.contains(">50%</text>") && svg.contains(">75%</text>"), "{svg}");
        assert!(svg.contains(">Completed within 60 days (%)</text>"));
        assert!(svg.contains(r#"text-anchor="end">0%</text>"#));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let evil = "<script>alert(1)</script>\"'&";
        let svg = svg_chart(evil, &Axes { x: evil, y: evil, percent: false }, &bars(&[(evil, 2.0)]));
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
        // Title (twice: <title> and drawn), tooltip, both axis titles and the bar label.
        assert_eq!(svg.matches("&lt;script&gt;").count(), 6, "{svg}");
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn crowded_labels_are_thinned_and_empty_charts_still_draw_an_axis() {
        let many: Vec<(String, f64)> =
            (0..40).map(|i| (format!("{}–{}", i * 30, i * 30 + 29), 1.0)).collect();
        let svg = svg_chart("t", &Axes::default(), &many);
        let labels = svg.matches(r#"class="label""#).count();
        assert!(labels < 40 && labels > 3, "{labels}");
        let empty = svg_bar_chart("t", &[]);
        assert!(empty.contains("<line") && !empty.contains("<rect"));
    }

    #[test]
    fn page_charts_follow_the_definitions() {
        let rows = vec![
            ThreadRow {
                id: "a".into(),
                year: Some(2024),
                staff_letters: 1,
                letters: 3,
                days: Some(20),
                ..Default::default()
            },
            ThreadRow {
                id: "b".into(),
                year: Some(2024),
                staff_letters: 2,
                letters: 5,
                days: Some(90),
                ..Default::default()
            },
        ];
        let mut stats = Stats::default();
        stats.reviews_by_year.insert("2024".into(), 2);
        let c = charts(&stats, &rows);
        let titles: Vec<&str> = c.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Reviews by year",
                "Reviews by staff letters",
                "Reviews by days to complete",
                "Completed within 60 days, by year"
            ]
        );
        assert!(c[1].1.contains(">Staff comment letters per review (letters)</text>"));
        assert!(c[3].1.contains(">50%</text>"));
        // The days histogram keeps its empty bins: 0–29 (20 days), 30–59, 60–89, 90–119 (90 days).
        assert_eq!(texts(&c[2].1, "value"), ["1", "0", "0", "1"]);
        stats.definitions.letters = LetterScope::All;
        let c = charts(&stats, &rows);
        assert!(
            c[1].1.contains(">Letters per review, all kinds (letters)</text>")
                && c[1].1.contains(">5</text>")
        );
    }
}
