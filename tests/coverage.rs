//! Every registered primitive passed its generated first- and second-order gradient check.

#[test]
fn every_registered_primitive_passes_its_gradient_check() {
    let all = autograd::primitives();
    let failures: Vec<String> = all.iter().filter_map(|p| (p.check)().err()).collect();
    assert!(failures.is_empty(), "failed checks:\n{}", failures.join("\n"));
    for p in &all {
        let report = (p.check)().unwrap();
        let differentiable = p.kind != autograd::PrimitiveKind::ZeroGrad;
        assert_eq!(report.first_order, differentiable, "{}", p.name);
        assert_eq!(report.second_order, differentiable, "{}", p.name);
    }
}

#[test]
fn the_built_in_primitives_are_all_registered() {
    let names: Vec<&str> = autograd::primitives().iter().map(|p| p.name).collect();
    for expected in [
        "add",
        "sub",
        "mul",
        "div",
        "neg",
        "broadcast_to",
        "sum_to",
        "exp",
        "log",
        "sqrt",
        "abs",
        "abs2",
        "sin",
        "cos",
        "tanh",
        "pow",
        "sign",
        "sum",
        "sum_axes",
        "mean",
        "mean_axes",
        "matmul",
        "transpose",
        "reshape",
    ] {
        assert!(names.contains(&expected), "{expected} is not registered; found {names:?}");
    }
}
