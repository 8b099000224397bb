//! `params(&model)`: every [`Param`] inside a value, in a stable order; `named_params(&model)`:
//! the same with a path for each (`layers.0.weight`), which names them in checkpoints.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::{Param, Tensor};

/// A value that contains parameters. Derive it with `#[derive(Params)]`; fields are visited in
/// declaration order, and `#[params(skip)]` skips one.
pub trait Params {
    /// Appends every parameter inside `self` to `out`, in a stable order.
    fn collect_params(&self, out: &mut Vec<Param>);

    /// Appends every parameter inside `self` with its path below `prefix` (`""` at the top):
    /// struct fields by name, sequence and tuple elements by index, joined with `.`.
    ///
    /// The default numbers the parameters [`collect_params`](Params::collect_params) finds;
    /// `#[derive(Params)]` and the containers of this crate give real paths.
    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        let mut found = Vec::new();
        self.collect_params(&mut found);
        for (i, p) in found.into_iter().enumerate() {
            out.push((join_path(prefix, &i.to_string()), p));
        }
    }
}

/// `prefix.segment`, or `segment` at the top.
fn join_path(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_string()
    } else {
        format!("{prefix}.{segment}")
    }
}

/// Every parameter inside `x` with its path, each once (by identity, under the first path that
/// reaches it), in the order of [`params`].
///
/// Paths join struct field names (from `#[derive(Params)]`: `layers.0.weight`) and element
/// indices with `.`;
/// a bare parameter at the top is named by [`Param::name`], else `"param"`. Map entries are
/// numbered in key order.
///
/// ```
/// use autograd::{named_params, Param};
///
/// let layer = || (Param::new(vec![1.0]), Param::new(vec![0.0]));
/// let model = vec![layer(), layer()];
/// let names: Vec<String> = named_params(&model).into_iter().map(|(name, _)| name).collect();
/// assert_eq!(names, ["0.0", "0.1", "1.0", "1.1"]);
/// assert_eq!(named_params(&Param::named("w", vec![1.0]))[0].0, "w");
/// ```
pub fn named_params<T: Params + ?Sized>(x: &T) -> Vec<(String, Param)> {
    let mut all = Vec::new();
    x.collect_named_params("", &mut all);
    let mut seen = HashSet::new();
    all.retain(|(_, p)| seen.insert(p.id()));
    all
}

/// Every parameter inside `x`, each once (by identity), in a stable order.
///
/// ```
/// use autograd::{params, Param};
/// let (w, b) = (Param::new(vec![1.0]), Param::new(vec![2.0]));
/// let model = vec![(w.clone(), b.clone()), (w.clone(), b.clone())];
/// assert_eq!(params(&model), vec![w, b]);
/// ```
pub fn params<T: Params + ?Sized>(x: &T) -> Vec<Param> {
    let mut all = Vec::new();
    x.collect_params(&mut all);
    let mut seen = HashSet::new();
    all.retain(|p| seen.insert(p.id()));
    all
}

impl Params for Param {
    fn collect_params(&self, out: &mut Vec<Param>) {
        out.push(self.clone());
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        let name = match prefix {
            "" => self.name().unwrap_or("param").to_string(),
            _ => prefix.to_string(),
        };
        out.push((name, self.clone()));
    }
}

macro_rules! no_params {
    ($($T:ty),*) => {$(
        impl Params for $T {
            fn collect_params(&self, _: &mut Vec<Param>) {}
        }
    )*};
}

no_params!(Tensor, f32, f64, bool, usize, isize, u32, i32, u64, i64, String, str);

macro_rules! through {
    ($($T:ty),*) => {$(
        impl<T: Params + ?Sized> Params for $T {
            fn collect_params(&self, out: &mut Vec<Param>) {
                (**self).collect_params(out);
            }

            fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
                (**self).collect_named_params(prefix, out);
            }
        }
    )*};
}

through!(&T, Box<T>, Rc<T>, Arc<T>);

impl<T: Params> Params for [T] {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.iter().for_each(|x| x.collect_params(out));
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        for (i, x) in self.iter().enumerate() {
            x.collect_named_params(&join_path(prefix, &i.to_string()), out);
        }
    }
}

impl<T: Params, const N: usize> Params for [T; N] {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.as_slice().collect_params(out);
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        self.as_slice().collect_named_params(prefix, out);
    }
}

impl<T: Params> Params for Vec<T> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.as_slice().collect_params(out);
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        self.as_slice().collect_named_params(prefix, out);
    }
}

impl<T: Params> Params for Option<T> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        if let Some(x) = self {
            x.collect_params(out);
        }
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        if let Some(x) = self {
            x.collect_named_params(prefix, out);
        }
    }
}

/// In key order, so the order does not depend on hashing.
impl<K: Ord, V: Params, S> Params for HashMap<K, V, S> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries.into_iter().for_each(|(_, v)| v.collect_params(out));
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (i, (_, v)) in entries.into_iter().enumerate() {
            v.collect_named_params(&join_path(prefix, &i.to_string()), out);
        }
    }
}

impl<K, V: Params> Params for BTreeMap<K, V> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.values().for_each(|v| v.collect_params(out));
    }

    fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
        for (i, v) in self.values().enumerate() {
            v.collect_named_params(&join_path(prefix, &i.to_string()), out);
        }
    }
}

macro_rules! tuple {
    ($($name:ident $index:tt),+) => {
        impl<$($name: Params),+> Params for ($($name,)+) {
            #[allow(non_snake_case)]
            fn collect_params(&self, out: &mut Vec<Param>) {
                let ($($name,)+) = self;
                $($name.collect_params(out);)+
            }

            fn collect_named_params(&self, prefix: &str, out: &mut Vec<(String, Param)>) {
                $(self.$index.collect_named_params(&join_path(prefix, stringify!($index)), out);)+
            }
        }
    };
}

tuple!(A 0);
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
