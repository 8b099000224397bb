//! `named_params`: the paths `#[derive(Params)]` gives, which name parameters in checkpoints.

use std::collections::HashMap;

use autograd::prelude::*;
use autograd::{named_params, Params};

#[derive(Params)]
struct Dense {
    weight: Param,
    bias: Param,
}

#[derive(Params)]
struct Pair(Param, #[params(skip)] Param, Param);

#[derive(Params)]
enum Head {
    Linear { proj: Dense },
    Twin(Pair),
}

#[derive(Params)]
struct Model {
    layers: Vec<Dense>,
    heads: [Head; 2],
    extra: Option<(Param, Box<Param>)>,
    tied: Param,
}

fn dense() -> Dense {
    Dense { weight: Param::new(vec![1.0]), bias: Param::new(vec![0.0]) }
}

fn names(x: &(impl Params + ?Sized)) -> Vec<String> {
    named_params(x).into_iter().map(|(name, _)| name).collect()
}

#[test]
fn derived_paths_join_fields_indices_and_variants() {
    let layers = vec![dense(), dense()];
    let tied = layers[0].weight.clone(); // shared: listed once, under its first path
    let pair = Pair(Param::new(1.0), Param::new(2.0), Param::new(3.0));
    let skipped = pair.1.clone();
    let model = Model {
        layers,
        heads: [Head::Linear { proj: dense() }, Head::Twin(pair)],
        extra: Some((Param::new(4.0), Box::new(Param::new(5.0)))),
        tied,
    };
    assert_eq!(
        names(&model),
        [
            "layers.0.weight",
            "layers.0.bias",
            "layers.1.weight",
            "layers.1.bias",
            "heads.0.proj.weight",
            "heads.0.proj.bias",
            "heads.1.0.0",
            "heads.1.0.2",
            "extra.0",
            "extra.1",
        ]
    );
    let plain: Vec<Param> = named_params(&model).into_iter().map(|(_, p)| p).collect();
    assert_eq!(plain, params(&model), "the same parameters in the same order as params()");
    assert!(!plain.contains(&skipped));
}

#[test]
fn a_bare_parameter_is_named_by_its_name_and_maps_by_key_order() {
    assert_eq!(names(&Param::named("w", 1.0)), ["w"]);
    assert_eq!(names(&Param::new(1.0)), ["param"]);
    let mut map = HashMap::new();
    map.insert("zeta", Param::new(1.0));
    map.insert("alpha", Param::new(2.0));
    let listed = named_params(&map);
    assert_eq!(listed[0].0, "0");
    assert_eq!(listed[0].1, map["alpha"]);
}
