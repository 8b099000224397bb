//! Loss and accuracy curves as SVG files (plotters' SVG backend), because a curve is read at a
//! glance where a column of numbers is not.
//!
//! ```
//! use autograd::plot::{line_chart, Series};
//!
//! let path = std::env::temp_dir().join(format!("curve-doc-{}.svg", std::process::id()));
//! let loss: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, 1.0 / (1.0 + i as f64))).collect();
//! line_chart(&path, "training", "step", &[Series::new("loss", loss)]).unwrap();
//! assert!(std::fs::read_to_string(&path).unwrap().starts_with("<svg"));
//! # std::fs::remove_file(&path).unwrap();
//! ```

use std::path::Path;

use autograd_core::{Error, Result};
use plotters::prelude::*;

/// One named line of `(x, y)` points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// The legend entry.
    pub name: String,
    /// The points, in drawing order.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A series named `name` through `points`.
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series { name: name.into(), points }
    }

    /// Appends a point.
    pub fn push(&mut self, x: f64, y: f64) {
        self.points.push((x, y));
    }
}

/// Draws `series` as lines on one chart (axes fitted to all points, a legend) and writes it as
/// an SVG file at `path`.
///
/// # Errors
/// If no series has a finite point, or the file cannot be written.
pub fn line_chart(
    path: impl AsRef<Path>,
    title: &str,
    x_label: &str,
    series: &[Series],
) -> Result<()> {
    const OP: &str = "plot::line_chart";
    let path = path.as_ref();
    let finite =
        || series.iter().flat_map(|s| &s.points).filter(|(x, y)| x.is_finite() && y.is_finite());
    let (x0, x1) =
        finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &(x, _)| (a.min(x), b.max(x)));
    let (y0, y1) =
        finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &(_, y)| (a.min(y), b.max(y)));
    if !(x0.is_finite() && y0.is_finite()) {
        return Err(Error::invalid(OP, "no finite point to draw"));
    }
    // A flat series still needs a non-empty range.
    let pad = |lo: f64, hi: f64| if hi > lo { (lo, hi) } else { (lo - 0.5, hi + 0.5) };
    let ((x0, x1), (y0, y1)) = (pad(x0, x1), pad(y0, y1));
    let draw = || -> std::result::Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 24))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart.configure_mesh().x_desc(x_label).draw()?;
        for (i, s) in series.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let points = s.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite());
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))?
                .label(s.name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| Error::invalid(OP, format!("{}: {e}", path.display())))
}
