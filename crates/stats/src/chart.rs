//! A plain SVG bar chart: enough for topics by year, days to complete and letters per review, with
//! no plotting dependency.

use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A vertical bar chart of `(label, value)` pairs, as a standalone SVG document.
pub fn svg_bar_chart(title: &str, bars: &[(String, f64)]) -> String {
    let (w, h, pad) = (640.0, 320.0, 40.0);
    let max = bars.iter().map(|b| b.1).fold(0.0f64, f64::max).max(1e-9);
    let n = bars.len().max(1) as f64;
    let bw = (w - 2.0 * pad) / n;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="sans-serif" font-size="11"><title>{t}</title><text x="{pad}" y="20" font-size="14">{t}</text>"#,
        t = esc(title)
    );
    for (i, (label, v)) in bars.iter().enumerate() {
        let bh = if v.is_finite() { (v / max) * (h - 3.0 * pad) } else { 0.0 };
        let x = pad + i as f64 * bw;
        let y = h - pad - bh;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="#4a78a8"><title>{}: {v}</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            (bw * 0.8).max(1.0),
            esc(label),
            x + bw * 0.4,
            h - pad + 14.0,
            esc(label)
        );
    }
    s.push_str("</svg>\n");
    s
}
