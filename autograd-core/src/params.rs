//! `params(&model)`: every [`Param`] inside a value, in a stable order.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::{Param, Tensor};

/// A value that contains parameters. Derive it with `#[derive(Params)]`; fields are visited in
/// declaration order, and `#[params(skip)]` skips one.
pub trait Params {
    /// Appends every parameter inside `self` to `out`, in a stable order.
    fn collect_params(&self, out: &mut Vec<Param>);
}

/// Every parameter inside `x`, each once (by identity), in a stable order.
///
/// ```
/// use autograd_core::{params, Param};
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
        }
    )*};
}

through!(&T, Box<T>, Rc<T>, Arc<T>);

impl<T: Params> Params for [T] {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.iter().for_each(|x| x.collect_params(out));
    }
}

impl<T: Params, const N: usize> Params for [T; N] {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.as_slice().collect_params(out);
    }
}

impl<T: Params> Params for Vec<T> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.as_slice().collect_params(out);
    }
}

impl<T: Params> Params for Option<T> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        if let Some(x) = self {
            x.collect_params(out);
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
}

impl<K, V: Params> Params for BTreeMap<K, V> {
    fn collect_params(&self, out: &mut Vec<Param>) {
        self.values().for_each(|v| v.collect_params(out));
    }
}

macro_rules! tuple {
    ($($name:ident),+) => {
        impl<$($name: Params),+> Params for ($($name,)+) {
            #[allow(non_snake_case)]
            fn collect_params(&self, out: &mut Vec<Param>) {
                let ($($name,)+) = self;
                $($name.collect_params(out);)+
            }
        }
    };
}

tuple!(A);
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);
tuple!(A, B, C, D, E);
tuple!(A, B, C, D, E, F);
