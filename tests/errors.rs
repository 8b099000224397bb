//! Errors are values a caller can handle (`catch`), name the operation and its shapes, report
//! the caller's line, and leave the library as it was.

use autograd::linalg::matmul;
use autograd::prelude::*;
use autograd::{catch, Error, ErrorKind};
use ndarray::array;

#[test]
fn a_shape_error_is_a_value_naming_the_op_the_shapes_and_the_callers_line() {
    let a = Tensor::from(vec![1.0, 2.0, 3.0]);
    let b = Tensor::from(vec![1.0, 2.0]);
    let (result, line) = (catch(|| &a + &b), line!());
    let err = result.unwrap_err();
    assert_eq!(err.op(), "add");
    assert_eq!(err.kind(), &ErrorKind::Shape(vec![vec![3], vec![2]]));
    assert_eq!(err.to_string(), "add: incompatible shapes [3] and [2]");
    let at = err.location().expect("located");
    assert_eq!((at.file(), at.line()), (file!(), line));
}

#[test]
fn a_primitive_function_reports_the_callers_line() {
    let a = Tensor::from_shape_vec(&[2, 3], vec![1.0; 6]);
    let (result, line) = (catch(|| matmul(&a, &a)), line!());
    let err = result.unwrap_err();
    assert_eq!(err.op(), "matmul");
    assert_eq!(err.location().unwrap().line(), line);
}

#[test]
fn inside_diff_an_error_reports_the_line_of_the_failing_op_not_of_diff() {
    let x = Param::new(array![1.0, 2.0]);
    let mut line = 0;
    let err = catch(|| {
        diff(|| {
            let y = &x * 2.0;
            line = line!() + 1;
            sum(&(&y + &Tensor::from(vec![1.0, 2.0, 3.0])))
        })
    })
    .unwrap_err();
    assert_eq!(err.op(), "add");
    assert_eq!(err.location().unwrap().line(), line);
}

#[test]
#[should_panic(expected = "mul: incompatible shapes [2] and [3]")]
fn outside_catch_an_error_is_a_panic_with_the_message() {
    let _ = Tensor::from(vec![1.0, 2.0]) * Tensor::from(vec![1.0, 2.0, 3.0]);
}

#[test]
fn a_panic_of_the_users_own_code_passes_through_catch_unchanged() {
    let caught = std::panic::catch_unwind(|| {
        let _ = catch(|| -> Tensor { panic!("my own bug") });
    });
    let payload = caught.expect_err("the user's panic is not an autograd error");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"my own bug"));
}

#[test]
fn mixed_element_types_name_both_and_the_fix() {
    let a = Tensor::from(vec![1.0f32, 2.0]);
    let b = Tensor::from(vec![1.0f64, 2.0]);
    let err = catch(|| &a * &b).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::DType(DType::F32, DType::F64));
    assert!(err.to_string().contains("to_dtype"), "{err}");
    // The advice works, gradient included.
    let x = Param::new(array![1.0f64, 2.0]);
    let tape = diff(|| sum(&(&a * &x.to_dtype(DType::F32))));
    assert_eq!(grad(&tape, &x).unwrap().dtype(), DType::F64);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![1.0, 2.0]);
}

#[test]
fn a_failed_param_update_changes_nothing() {
    let p = Param::new(array![1.0, 2.0]);
    let err = catch(|| p.set(Tensor::from(vec![1.0, 2.0, 3.0]))).unwrap_err();
    assert_eq!(err.op(), "Param::set");
    let err = catch(|| p.axpy(1.0, &Tensor::from(vec![1.0]))).unwrap_err();
    assert_eq!(err.op(), "Param::axpy");
    assert_eq!(p.value().to_vec::<f64>(), vec![1.0, 2.0]);
}

#[test]
fn the_library_is_usable_after_a_caught_error_inside_nested_tapes() {
    let x = Param::new(3.0);
    let err = catch(|| {
        diff(|| {
            let inner = diff(|| &x * &Tensor::from(vec![1.0, 2.0]));
            inner.value()
        })
    })
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotScalar(shape) if shape == &[2]));
    let t = diff(|| &x * &x);
    assert_eq!(grad(&t, &x).unwrap().item::<f64>(), 6.0);
    assert_eq!(t.len(), 2, "no stale tape recorded anything");
}

#[test]
fn a_gradient_rule_of_the_wrong_element_type_is_an_error_at_the_diff_line() {
    mod user {
        use autograd::prelude::*;

        /// The identity, with a rule that forgets the argument's element type.
        #[primitive(dy => dy.to_dtype(DType::F32))]
        pub fn forgetful(x: &Array) -> Array {
            x.clone()
        }
    }
    let x = Param::new(array![1.0f64, 2.0]);
    let (result, line) = (catch(|| diff(|| sum(&user::forgetful(&x)))), line!());
    let err = result.unwrap_err();
    assert_eq!(err.op(), "forgetful");
    assert_eq!(err.location().unwrap().line(), line);
    let ErrorKind::GradientMismatch { arg, found, expected } = err.kind() else {
        panic!("expected a gradient mismatch, got {err}");
    };
    assert_eq!(
        (*arg, found.as_str(), expected.as_str()),
        (1, "shape [2] of f32", "shape [2] of f64")
    );
}

#[test]
fn an_error_built_by_hand_raises_like_the_librarys() {
    let err =
        catch(|| -> Tensor { Error::invalid("my_op", "needs a square").raise() }).unwrap_err();
    assert_eq!(err.to_string(), "my_op: needs a square");
}
