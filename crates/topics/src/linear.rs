//! A multiclass averaged perceptron over string features, and its JSON form.
//!
//! Chosen over logistic regression because it needs no learning-rate tuning, trains in milliseconds on
//! a few hundred labels, and its averaged weights are as accurate as a tuned linear model at this size.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

/// Trained weights: `weights[feature][class]`, stored sparsely.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LinearModel {
    /// Class names, in score order.
    pub classes: Vec<String>,
    /// How much a cue count adds to a class score (topic model only; 0 elsewhere).
    #[serde(default)]
    pub cue_weight: f32,
    /// Non-zero weights per feature, as `(class index, weight)`. A hash map: scoring looks up every
    /// feature of every comment and answer, and a B-tree's string comparisons took 6 % of an ingest.
    /// Written in feature order, so that a retrained model file diffs cleanly.
    #[serde(serialize_with = "sorted")]
    pub weights: HashMap<String, Vec<(u16, f32)>>,
}

/// Writes a map in key order (a hash map's own order changes from run to run).
fn sorted<S: serde::Serializer>(m: &HashMap<String, Vec<(u16, f32)>>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(m.iter().collect::<BTreeMap<_, _>>())
}

impl LinearModel {
    /// Score of every class for a bag of features.
    pub fn scores(&self, feats: &[String]) -> Vec<f32> {
        let mut s = vec![0f32; self.classes.len()];
        for f in feats {
            if let Some(ws) = self.weights.get(f) {
                for &(c, w) in ws {
                    if let Some(x) = s.get_mut(c as usize) {
                        *x += w;
                    }
                }
            }
        }
        s
    }
}

/// Options of [`train`].
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Features seen in fewer examples are dropped (they only memorise).
    pub min_count: usize,
    /// Seed of the example shuffle, so that a rebuild gives the same weights.
    pub seed: u64,
    /// Class weighting: an example of class `y` moves the weights by `(n_max / n_y) ^ class_power`,
    /// so rare classes are not drowned by common ones (0 = no weighting).
    pub class_power: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, min_count: 2, seed: 17, class_power: 0.0 }
    }
}

/// Trains `bags` averaged perceptrons that differ only in their shuffle seed and averages their
/// weights (`bags` = 1 is a single perceptron): steadier scores, so a better ranking of the runners-up.
pub fn train_bagged(
    classes: &[&str],
    data: &[(Vec<String>, usize)],
    opts: TrainOptions,
    bags: usize,
) -> LinearModel {
    let bags = bags.max(1);
    let mut sum: BTreeMap<String, Vec<f32>> = BTreeMap::new();
    for b in 0..bags {
        let m = train(classes, data, TrainOptions { seed: opts.seed.wrapping_add(b as u64 * 7919), ..opts });
        for (f, ws) in m.weights {
            let e = sum.entry(f).or_insert_with(|| vec![0.0; classes.len()]);
            for (c, w) in ws {
                e[c as usize] += w;
            }
        }
    }
    let weights = sum
        .into_iter()
        .filter_map(|(f, v)| {
            let ws: Vec<(u16, f32)> = v
                .iter()
                .enumerate()
                .map(|(c, w)| (c as u16, (w / bags as f32 * 1000.0).round() / 1000.0))
                .filter(|(_, w)| w.abs() > 1e-3)
                .collect();
            (!ws.is_empty()).then_some((f, ws))
        })
        .collect();
    LinearModel { classes: classes.iter().map(|c| c.to_string()).collect(), cue_weight: 0.0, weights }
}

/// Trains an averaged perceptron on `(features, class index)` pairs.
pub fn train(classes: &[&str], data: &[(Vec<String>, usize)], opts: TrainOptions) -> LinearModel {
    let k = classes.len();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (f, _) in data {
        let mut seen: Vec<&str> = f.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            *count.entry(s).or_default() += 1;
        }
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = count.iter().filter(|(_, n)| **n >= opts.min_count).map(|(s, _)| *s).collect();
    names.sort_unstable();
    for (i, n) in names.iter().enumerate() {
        index.insert(n, i);
    }
    let rows: Vec<(Vec<usize>, usize)> = data
        .iter()
        .map(|(f, y)| (f.iter().filter_map(|s| index.get(s.as_str()).copied()).collect(), *y))
        .collect();
    let mut per_class = vec![0usize; k];
    for (_, y) in &rows {
        per_class[*y] += 1;
    }
    let n_max = per_class.iter().copied().max().unwrap_or(1).max(1) as f32;
    let step: Vec<f32> = per_class
        .iter()
        .map(|n| if *n == 0 { 1.0 } else { (n_max / *n as f32).powf(opts.class_power) })
        .collect();
    let nf = names.len();
    let mut w = vec![0f32; nf * k];
    let mut acc = vec![0f32; nf * k]; // sum of updates weighted by their time, for averaging
    let mut t = 1f32;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = opts.seed.max(1);
    for _ in 0..opts.epochs {
        // Fisher-Yates with xorshift: no rand dependency, same order on every machine.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &r in &order {
            let (fs, y) = &rows[r];
            let mut s = vec![0f32; k];
            for &f in fs {
                for (c, x) in s.iter_mut().enumerate() {
                    *x += w[f * k + c];
                }
            }
            let guess = argmax(&s);
            if guess != *y {
                let a = step[*y];
                for &f in fs {
                    w[f * k + y] += a;
                    acc[f * k + y] += a * t;
                    w[f * k + guess] -= a;
                    acc[f * k + guess] -= a * t;
                }
            }
            t += 1.0;
        }
    }
    let mut weights = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        let mut ws = Vec::new();
        for c in 0..k {
            let avg = w[i * k + c] - acc[i * k + c] / t;
            if avg.abs() > 1e-3 {
                ws.push((c as u16, (avg * 1000.0).round() / 1000.0));
            }
        }
        if !ws.is_empty() {
            weights.insert(n.to_string(), ws);
        }
    }
    LinearModel { classes: classes.iter().map(|c| c.to_string()).collect(), cue_weight: 0.0, weights }
}

/// Index of the largest score (the first on ties, so results are stable).
pub fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in s.iter().enumerate() {
        if *x > s[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    //! The perceptron separates a toy problem and survives a JSON round trip.
    use super::*;

    fn f(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn learns_and_round_trips() {
        let data = vec![
            (f(&["tax", "rate"]), 0),
            (f(&["tax", "allowance"]), 0),
            (f(&["goodwill", "unit"]), 1),
            (f(&["goodwill", "impairment"]), 1),
        ];
        let m =
            train(&["income_taxes", "goodwill"], &data, TrainOptions { min_count: 1, ..Default::default() });
        assert_eq!(argmax(&m.scores(&f(&["tax"]))), 0);
        assert_eq!(argmax(&m.scores(&f(&["goodwill"]))), 1);
        let back: LinearModel = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back.scores(&f(&["tax"])), m.scores(&f(&["tax"])));
    }

    #[test]
    fn is_written_in_feature_order() {
        let weights: HashMap<String, Vec<(u16, f32)>> =
            ["zeta", "alpha", "mid", "beta"].iter().map(|k| (k.to_string(), vec![(0, 1.0)])).collect();
        let m = LinearModel { classes: vec!["a".into()], cue_weight: 0.0, weights };
        let json = serde_json::to_string(&m).unwrap();
        let at = |k: &str| json.find(&format!("\"{k}\"")).unwrap();
        assert!(at("alpha") < at("beta") && at("beta") < at("mid") && at("mid") < at("zeta"), "{json}");
    }
}
